"""The elders' pages: who was accepted and still lacks a profile, the profile filled in and
corrected from the page (the service's Italian refusals on the form, nothing saved), and the
elder's page with their pairings."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry, Action
from trama.volunteering.models import ElderProfile
from trama.volunteering.tests.elders import elder, referred_person

pytestmark = pytest.mark.django_db

PROFILE = {
    "slots": ["mon-am", "thu-pm"],
    "needs": ["company", "walks"],
    "interests": "carte, orto",
    "mobility": "with_aid",
    "preferred_gender": "f",
    "accepts_smokers": "on",
}


def _years_ago(years: int) -> datetime.date:
    """A birth date that makes the person exactly `years` old today (ten days past it)."""
    today = timezone.localdate() - datetime.timedelta(days=10)
    return today.replace(year=today.year - years, day=min(today.day, 28))


@pytest.fixture
def supervisor(client, world):
    client.force_login(world.users.supervisor)
    return world.users.supervisor


def test_the_accepted_without_a_profile_are_listed_to_fill_in(client, supervisor):
    waiting = referred_person(first_name="Rosa", last_name="Dell'Acqua")
    elder(supervisor, person=referred_person(first_name="Maria"))
    page = client.get(reverse("volunteering:elder_list")).content.decode()
    assert reverse("volunteering:elder_create", args=[waiting.pk]) in page
    assert "Dell&#x27;Acqua Rosa" in page and "Maria" in page


def test_a_profile_filled_in_on_the_page(client, supervisor):
    person = referred_person(first_name="Rosa")
    response = client.post(reverse("volunteering:elder_create", args=[person.pk]), PROFILE)
    profile = ElderProfile.objects.get(person=person)
    assert response["Location"] == reverse("volunteering:elder_detail", args=[profile.pk])
    assert (profile.slots, profile.needs, profile.interests) == (
        ["mon-am", "thu-pm"],
        ["company", "walks"],
        ["carte", "orto"],
    )
    assert (profile.mobility, profile.preferred_gender, profile.smoker) == ("with_aid", "f", False)
    page = client.get(response["Location"]).content.decode()
    assert "lunedì, mattina; giovedì, pomeriggio" in page and "Compagnia, Passeggiate" in page
    assert AccessLogEntry.objects.filter(
        action=Action.READ, object_type="volunteering.elderprofile", object_id=str(profile.pk)
    ).exists()
    # Once profiled, the person is no longer offered for a profile.
    assert client.get(reverse("volunteering:elder_create", args=[person.pk])).status_code == 404


@pytest.mark.parametrize(
    ("person", "data", "message"),
    [
        ({}, {**PROFILE, "slots": []}, "Scegli almeno una fascia oraria."),
        (
            {"birth_date": _years_ago(56)},
            PROFILE,
            "Mi affido a te è per persone di 65 anni o più: questa persona ne ha 56.",
        ),
    ],
)
def test_refusals_are_shown_on_the_form_and_save_nothing(client, supervisor, person, data, message):
    subject = referred_person(first_name="Rosa", **person)
    response = client.post(reverse("volunteering:elder_create", args=[subject.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ElderProfile.objects.exists()


def test_the_profile_is_corrected_and_a_stale_form_refused(client, supervisor):
    profile = elder(supervisor, person=referred_person(first_name="Maria"))
    url = reverse("volunteering:elder_edit", args=[profile.pk])
    assert 'name="version" value="1"' in client.get(url).content.decode()
    response = client.post(url, {**PROFILE, "version": 1})
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.mobility == "with_aid" and profile.version == 2
    stale = client.post(url, {**PROFILE, "mobility": "housebound", "version": 1})
    assert stale.status_code == 200
    profile.refresh_from_db()
    assert profile.mobility == "with_aid"
