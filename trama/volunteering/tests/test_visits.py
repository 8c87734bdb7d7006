"""The volunteer's side: approved, they get their access; they see only their own pairings
(the elder's name, address, phone and needs, nothing of the casework) and log visits — once
each, even sent twice; a worrying visit reaches the supervisors at once, a pairing left
without visits reaches them in the daily alert. Refusals in Italian, nothing changed."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.projects.models import Project
from trama.volunteering import services
from trama.volunteering.models import Pairing, PairingState, Visit
from trama.volunteering.selectors import PROJECT_SLUG
from trama.volunteering.tests.elders import elder, project, referred_person, volunteer

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def italian():
    with translation.override("it"):
        yield


@pytest.fixture
def pairing(world):
    mi_affido = Project.objects.filter(slug=PROJECT_SLUG).first() or project()
    profile = elder(
        world.users.supervisor,
        person=referred_person(first_name="Ida", last_name="D'Alessio", to_project=mi_affido),
    )
    return Pairing.objects.create(
        volunteer=volunteer("Bruna", user=world.users.volunteer),
        elder=profile,
        created_by=world.users.supervisor,
        state=PairingState.ACTIVE,
        started_on=TODAY - dt.timedelta(days=20),
    )


def _log(world, pairing, **fields):
    values = {"on": TODAY, "minutes": 90, "activities": "Passeggiata al parco", "key": uuid.uuid4()}
    values.update(fields)
    return services.visit_log(actor=world.users.volunteer, pairing=pairing, **values)


def test_an_approved_volunteer_gets_their_access(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from trama.volunteering.models import VolunteerState as V

    candidate = volunteer("Carla", state=V.INTERVIEWED)
    candidate.email = "carla.d'amico@example.org"
    candidate.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.volunteer_approve(actor=world.users.supervisor, volunteer=candidate)
    user = approved.user
    assert user.active_role_names() == ["volunteer"] and not user.has_usable_password()
    assert user.username == "carladamico" and user.email == candidate.email
    [message] = mailoutbox
    assert message.to == [candidate.email] and user.username in message.body
    # Withdrawn, their access ends with them.
    services.volunteer_withdraw(actor=world.users.supervisor, volunteer=approved, note="Trasferita")
    user.refresh_from_db()
    assert type(user).objects.get(pk=user.pk).active_role_names() == []


def test_a_visit_is_recorded_once_even_sent_twice(world, pairing):
    key = uuid.uuid4()
    first, created = _log(world, pairing, key=key)
    again, created_again = _log(world, pairing, key=key, minutes=30)
    assert created and not created_again and again == first
    assert Visit.objects.filter(pairing=pairing).count() == 1 and first.minutes == 90


@pytest.mark.parametrize(
    "fields, field, words",
    [
        ({"on": TODAY + dt.timedelta(days=1)}, "on", "tra l'inizio dell'affido"),
        ({"on": TODAY - dt.timedelta(days=40)}, "on", "tra l'inizio dell'affido"),
        ({"minutes": 2}, "minutes", "da 5 minuti a 12 ore"),
        ({"activities": "  "}, "activities", "cosa avete fatto insieme"),
    ],
)
def test_a_wrong_visit_is_refused_on_its_field(world, pairing, fields, field, words):
    with pytest.raises(DomainError) as error:
        _log(world, pairing, **fields)
    assert words in " ".join(error.value.message_dict[field])
    assert not Visit.objects.exists()


def test_only_the_pairings_own_volunteer_logs_and_only_while_active(world, pairing):
    other = Pairing.objects.create(
        volunteer=volunteer("Walter"),
        elder=pairing.elder,
        created_by=world.users.supervisor,
        state=PairingState.ENDED,
        ended_on=TODAY,
        state_note="Trasferita",
    )
    with pytest.raises(ObjectDoesNotExist):
        _log(world, other)
    with pytest.raises(PermissionDenied):
        services.visit_log(
            actor=world.users.supervisor,
            pairing=pairing,
            on=TODAY,
            minutes=60,
            activities="x",
        )
    Pairing.objects.filter(pk=pairing.pk).update(state=PairingState.PAUSED)
    with pytest.raises(DomainError) as error:
        _log(world, pairing)
    assert "mentre l'affido è attivo" in str(error.value)


def test_a_worry_reaches_the_supervisors_at_once(
    world, pairing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _log(world, pairing)
        assert mailoutbox == []
        _log(world, pairing, concern="Ida è caduta in casa ieri")
    [message] = mailoutbox
    assert message.to == [world.users.supervisor.email]
    assert "Ida" not in message.body and f"affido n. {pairing.pk}" in message.subject


def test_the_daily_alert_names_the_pairings_without_recent_visits(
    world, pairing, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.visits_overdue_alert_send(today=TODAY) == 1  # started 20 days ago
    assert f"#{pairing.pk}" in mailoutbox[0].body
    _log(world, pairing, on=TODAY - dt.timedelta(days=2))
    assert services.visits_overdue_alert_send(today=TODAY) == 0


def test_the_volunteer_sees_only_what_they_need_of_the_elder(world, pairing):
    client = Client()
    client.force_login(world.users.volunteer)
    page = client.get(reverse("volunteering:my_pairings")).content.decode()
    assert "Ida" in page and "D&#x27;Alessio" not in page and "D'Alessio" not in page
    read = AccessLogEntry.objects.get(actor_id=world.users.volunteer.pk, action="read")
    assert read.object_id == str(pairing.elder.person_id)
    form = client.get(reverse("volunteering:visit_create", args=[pairing.pk])).content.decode()
    key = form.split('name="key" value="')[1].split('"')[0]
    data = {"on": TODAY.isoformat(), "minutes": 60, "activities": "Tombola", "key": key}
    assert (
        client.post(reverse("volunteering:visit_create", args=[pairing.pk]), data).status_code
        == 302
    )
    assert (
        client.post(reverse("volunteering:visit_create", args=[pairing.pk]), data).status_code
        == 302
    )
    assert Visit.objects.filter(pairing=pairing).count() == 1
    refused = client.post(
        reverse("volunteering:visit_create", args=[pairing.pk]),
        {**data, "key": str(uuid.uuid4()), "minutes": 1000},
    )
    assert "da 5 minuti a 12 ore" in refused.content.decode()
    assert Visit.objects.filter(pairing=pairing).count() == 1


def _agreement(world, pairing, *reviews):
    from decimal import Decimal

    return services.agreement_save(
        actor=world.users.supervisor,
        pairing=pairing,
        objectives="Compagnia",
        months=6,
        review_dates=list(reviews),
        monthly_reimbursement=Decimal("20"),
        social_worker="Laura Greco",
    )


def test_the_reviews_follow_the_agreements_dates(world, pairing):
    from trama.volunteering.selectors import next_review

    supervisor = world.users.supervisor
    assert next_review(pairing) is None  # no agreement yet
    first, second = TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=80)
    _agreement(world, pairing, first, second)
    assert next_review(pairing) == first
    with pytest.raises(DomainError) as error:
        services.review_record(actor=supervisor, pairing=pairing, on=TODAY, notes=" ")
    assert "Scrivi come sta andando" in " ".join(error.value.message_dict["notes"])
    with pytest.raises(DomainError):
        services.review_record(
            actor=supervisor, pairing=pairing, on=TODAY + dt.timedelta(days=1), notes="Bene"
        )
    services.review_record(actor=supervisor, pairing=pairing, on=TODAY, notes="Va bene")
    assert next_review(pairing) == second
    with pytest.raises(PermissionDenied):
        services.review_record(actor=world.users.volunteer, pairing=pairing, on=TODAY, notes="x")


def test_the_weekly_digest_counts_without_names(
    world, pairing, mailoutbox, django_capture_on_commit_callbacks
):
    _agreement(world, pairing, TODAY - dt.timedelta(days=1))
    _log(world, pairing, on=TODAY - dt.timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.weekly_digest_send(today=TODAY) == 1
    body = mailoutbox[0].body
    assert "Affidi attivi: 1" in body and "ultimi sette giorni: 1" in body
    assert f"Verifica da fare: #{pairing.pk}" in body and "Ida" not in body


def test_the_supervisor_records_a_review_on_the_page(world, pairing):
    _agreement(world, pairing, TODAY + dt.timedelta(days=30))
    client = Client()
    client.force_login(world.users.supervisor)
    url = reverse("volunteering:review_record", args=[pairing.pk])
    refused = client.post(url, {"on": TODAY.isoformat(), "notes": ""})
    assert "Campo obbligatorio." in refused.content.decode() and not pairing.reviews.exists()
    assert client.post(url, {"on": TODAY.isoformat(), "notes": "Tutto bene"}).status_code == 302
    page = client.get(reverse("volunteering:pairing_detail", args=[pairing.pk])).content.decode()
    assert "Tutto bene" in page and pairing.reviews.count() == 1


def test_the_home_page_shows_the_project_at_a_glance(world, pairing):
    _log(world, pairing, minutes=90)
    client = Client()
    client.force_login(world.users.supervisor)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "Affidi attivi" in page and "Ore di compagnia di questo mese" in page
    assert ">1,5</dd>" in page  # 90 minutes, in Italian decimals
    client.force_login(world.users.volunteer)
    assert "Affidi attivi" not in client.get(reverse("core:dashboard")).content.decode()
