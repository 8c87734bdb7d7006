"""Appointments: planned from the person's page, closed as held (with the listening session),
missed or cancelled, scoped like the rest of casework, and over the API."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.casework import selectors, services
from trama.casework.models import Appointment, AppointmentStatus
from trama.casework.tests.factories import ListeningSessionFactory
from trama.core.errors import DomainError
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _plan(world, person=None, **changes) -> Appointment:
    data = {
        "actor": world.users.operator,
        "person": person or PersonFactory(reference_hub=world.hub_own),
        "hub": world.hub_own,
        "starts_at": timezone.now() + datetime.timedelta(hours=3),
        "duration_minutes": 45,
        "channel": "in_person",
        "purpose": "Colloquio di verifica",
    }
    return services.appointment_create(**{**data, **changes})


def test_the_person_page_offers_a_new_appointment(login, world):
    person = PersonFactory(reference_hub=world.hub_own)
    client = login("operator")
    page = client.post(reverse("people:detail", args=[person.pk]), {"purpose": "follow_up"})
    assert reverse("casework:appointment_create", args=[person.pk]) in page.content.decode()


def test_an_appointment_planned_from_the_form_is_logged_and_listed(login, world):
    person = PersonFactory(reference_hub=world.hub_own)
    client = login("operator")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("casework:appointment_create", args=[person.pk]),
        {
            "hub": world.hub_own.pk,
            "starts_at": f"{tomorrow:%Y-%m-%d}T09:30",
            "duration_minutes": 30,
            "channel": "phone",
            "purpose": "Verifica ISEE",
        },
    )
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:appointment_detail", args=[appointment.pk])
    assert appointment.operator == world.users.operator
    assert timezone.localtime(appointment.starts_at).time() == datetime.time(9, 30)
    entry = AccessLogEntry.objects.order_by("id").last()
    assert entry.object_type == "casework.appointment" and entry.action == "create"
    listing = client.get(reverse("casework:appointment_list")).content.decode()
    assert reverse("casework:appointment_detail", args=[appointment.pk]) in listing


def test_bad_input_gets_italian_messages_and_saves_nothing(login, world):
    person = PersonFactory(reference_hub=world.hub_own)
    response = login("operator").post(
        reverse("casework:appointment_create", args=[person.pk]),
        {
            "hub": world.hub_own.pk,
            "starts_at": "2001-01-01T09:30",
            "duration_minutes": 30,
            "channel": "phone",
            "purpose": "x",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Un appuntamento non può iniziare nel passato." in page
    assert "Indica a cosa serve l&#x27;appuntamento." in page
    assert not Appointment.objects.exists()


def test_held_links_the_session_and_closes_the_appointment(world):
    appointment = _plan(world)
    session = ListeningSessionFactory(person=appointment.person)
    held = services.appointment_mark_held(
        actor=world.users.operator, appointment=appointment, session=session
    )
    assert held.status == AppointmentStatus.HELD and held.session == session
    with pytest.raises(DomainError):
        services.appointment_cancel(actor=world.users.operator, appointment=appointment)
    assert Appointment.objects.get().status == AppointmentStatus.HELD


def test_a_session_of_another_person_is_refused(world):
    appointment = _plan(world)
    other_session = ListeningSessionFactory(person=PersonFactory(reference_hub=world.hub_own))
    with pytest.raises(ValidationError):
        services.appointment_mark_held(
            actor=world.users.operator, appointment=appointment, session=other_session
        )
    assert Appointment.objects.get().status == AppointmentStatus.PLANNED


def test_the_outcome_form_cancels(login, world):
    appointment = _plan(world)
    response = login("mediator").post(
        reverse("casework:appointment_detail", args=[appointment.pk]), {"status": "cancelled"}
    )
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == AppointmentStatus.CANCELLED


def test_appointments_are_scoped_to_the_hubs(world):
    own = _plan(world)
    other = _plan(
        world,
        person=PersonFactory(),
        actor=world.users.coordinator,
        hub=PersonFactory().reference_hub,
    )
    seen = set(selectors.appointment_list(user=world.users.operator).values_list("pk", flat=True))
    assert seen == {own.pk}
    assert other.pk in selectors.appointment_list(user=world.users.supervisor).values_list(
        "pk", flat=True
    )
    with pytest.raises(PermissionDenied):
        selectors.appointment_list(user=world.users.ets_member)


def test_an_operator_cannot_plan_at_a_hub_not_theirs(world):
    with pytest.raises(ValidationError) as error:
        _plan(world, hub=PersonFactory().reference_hub)
    assert "hub" in error.value.message_dict


def test_nothing_new_is_recorded_about_an_anonymised_person(world):
    person = PersonFactory(reference_hub=world.hub_own, anonymized_at=timezone.now())
    with pytest.raises(DomainError):
        _plan(world, person=person)
    assert not Appointment.objects.exists()


def test_the_api_plans_and_lists_appointments(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    response = client.post(
        "/api/v1/casework/appointments",
        {
            "person_id": person.pk,
            "hub_id": world.hub_own.pk,
            "starts_at": "2099-05-04T10:00:00+02:00",
            "channel": "phone",
            "purpose": "Verifica",
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "planned"
    listing = client.get(
        "/api/v1/casework/appointments", {"person_id": person.pk}, **headers
    ).json()
    assert [row["id"] for row in listing["items"]] == [response.json()["id"]]
    refused = client.post(
        "/api/v1/casework/appointments",
        {
            "person_id": person.pk,
            "hub_id": world.hub_own.pk,
            "starts_at": "2001-05-04T10:00:00+02:00",
            "channel": "phone",
            "purpose": "Verifica",
        },
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 422
    assert Appointment.objects.count() == 1
