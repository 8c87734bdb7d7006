"""The hub dashboard says which hubs it shows, and the people in it link to their pages
(the receiving side: to the referral, the only page about them it may open)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.casework.models import Appointment
from trama.casework.tests.factories import ReferralFactory
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _h1(page: str) -> str:
    return page.split("<h1>", 1)[1].split("</h1>", 1)[0]


def test_the_heading_names_the_hub_of_who_follows_one(login, world):
    page = login("operator").get(reverse("casework:dashboard")).content.decode()
    assert _h1(page) == f"Cruscotto del presidio: {world.hub_own.name}"


def test_the_heading_says_all_hubs_or_the_one_chosen(login, world):
    client = login("supervisor")
    page = client.get(reverse("casework:dashboard")).content.decode()
    assert _h1(page) == "Cruscotto del presidio: tutti i presidi"
    page = client.get(reverse("casework:dashboard"), {"hub": world.hub_own.pk}).content.decode()
    assert _h1(page) == f"Cruscotto del presidio: {world.hub_own.name}"


def test_the_people_link_to_their_pages(login, world):
    person = PersonFactory(reference_hub=world.hub_own, last_name="Bianchi", first_name="Anna")
    Appointment.objects.create(
        person=person,
        hub=world.hub_own,
        operator=world.users.operator,
        created_by=world.users.operator,
        starts_at=timezone.localtime().replace(hour=23, minute=59),
        channel="phone",
        purpose="Verifica",
    )
    referral = ReferralFactory(
        person=person,
        from_user=world.users.operator,
        to_organization=world.org_own,
        sent_at=timezone.now() - datetime.timedelta(days=10),
    )
    client = login("operator")
    page = client.get(reverse("casework:dashboard")).content.decode()
    person_url = reverse("people:detail", args=[person.pk])
    assert f'<a href="{person_url}">Bianchi Anna</a>' in page
    assert client.get(person_url).status_code == 200

    page = login("ets_member").get(reverse("casework:dashboard")).content.decode()
    referral_url = reverse("casework:referral_detail", args=[referral.pk])
    assert f'<a href="{referral_url}">Anna B.</a>' in page
    assert person_url not in page
