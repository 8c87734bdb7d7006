"""Volunteers: the application, the state machine's services, documents, the selectors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from trama.accounts.roles import Role
from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.territory.models import Municipality
from trama.territory.tests.factories import municipality
from trama.volunteering import selectors, services
from trama.volunteering.models import Volunteer, VolunteerDocument
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.workflows import TRANSITIONS

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 1)


def application(**changes):
    data = {
        "first_name": "  Anna ",
        "last_name": "Ferrero",
        "email": "anna@example.org",
        "municipality": municipality(),
        "slots": ["mon-am", "wed-pm", "mon-am"],
        "consent": True,
        "languages": ["Italiano", "italiano ", "Rumeno"],
        "interests": ["carte"],
        "means": ["auto"],
    }
    data.update(changes)
    return data


def apply(**changes):
    return services.volunteer_apply(**application(**changes))


def test_apply_stores_the_application_and_logs_it():
    volunteer = apply()
    assert volunteer.state == V.APPLIED
    assert volunteer.first_name == "Anna"
    assert volunteer.slots == ["mon-am", "wed-pm"]
    assert volunteer.languages == ["italiano", "rumeno"]
    assert volunteer.consent_at is not None
    entry = AccessLogEntry.objects.get(object_type="volunteering.volunteer")
    assert entry.object_id == str(volunteer.pk)
    assert entry.action == "create"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"first_name": "  "}, "first_name", "Scrivi il tuo nome."),
        ({"last_name": ""}, "last_name", "Scrivi il tuo cognome."),
        ({"email": "anna@"}, "email", "Scrivi un indirizzo e-mail valido."),
        ({"municipality": None}, "municipality", "Scegli uno dei comuni del consorzio."),
        ({"slots": []}, "slots", "Scegli almeno una fascia oraria."),
        ({"slots": ["mon-night"]}, "slots", "Fascia oraria sconosciuta."),
        ({"gender": "q"}, "gender", "Genere sconosciuto."),
        ({"capacity": 0}, "capacity", "Puoi seguire da 1 a 5 anziani."),
        ({"consent": False}, "consent", "Accetta l'informativa sulla privacy per candidarti."),
    ],
)
def test_bad_application_changes_nothing(changes, field, message):
    with pytest.raises(DomainError) as caught:
        apply(**changes)
    assert caught.value.field == field
    assert caught.value.messages == [message]
    assert not Volunteer.objects.exists()
    assert not AccessLogEntry.objects.filter(object_type="volunteering.volunteer").exists()


def test_a_municipality_outside_the_consortium_is_refused():
    outside = Municipality.objects.filter(in_consortium=True).first()
    outside.in_consortium = False
    outside.save()
    with pytest.raises(DomainError):
        apply(municipality=outside)
    assert not Volunteer.objects.exists()


def walk_to_available(actor, volunteer):
    now = timezone.now()
    services.volunteer_schedule_interview(
        actor=actor, volunteer=volunteer, at=now + datetime.timedelta(days=2)
    )
    services.volunteer_record_interview(actor=actor, volunteer=volunteer, notes="Motivata.")
    services.volunteer_approve(actor=actor, volunteer=volunteer)
    services.volunteer_mark_trained(actor=actor, volunteer=volunteer)
    return services.volunteer_make_available(actor=actor, volunteer=volunteer, today=TODAY)


def test_the_whole_path_one_service_per_step_each_logged(world):
    supervisor = world.users.supervisor
    volunteer = apply()
    walk_to_available(supervisor, volunteer)
    services.volunteer_mark_paired(actor=supervisor, volunteer=volunteer)
    services.volunteer_pause(actor=supervisor, volunteer=volunteer, note="Ferie lunghe")
    volunteer = services.volunteer_withdraw(
        actor=supervisor, volunteer=volunteer, note="Trasferita"
    )
    assert volunteer.state == V.WITHDRAWN
    assert volunteer.interview_notes == "Motivata."
    assert volunteer.version == 9  # eight moves
    moves = AccessLogEntry.objects.filter(
        object_type="volunteering.volunteer", actor_id=supervisor.pk
    )
    assert [e.details["to"] for e in moves.order_by("at", "id")] == [
        V.INTERVIEW_SCHEDULED,
        V.INTERVIEWED,
        V.APPROVED,
        V.TRAINED,
        V.AVAILABLE,
        V.PAIRED,
        V.PAUSED,
        V.WITHDRAWN,
    ]


def test_not_approved_is_final(world):
    supervisor = world.users.supervisor
    volunteer = apply()
    services.volunteer_schedule_interview(
        actor=supervisor, volunteer=volunteer, at=timezone.now() + datetime.timedelta(hours=1)
    )
    services.volunteer_record_interview(actor=supervisor, volunteer=volunteer, notes="Colloquio")
    services.volunteer_reject(actor=supervisor, volunteer=volunteer, note="Non idonea")
    assert TRANSITIONS[V.NOT_APPROVED] == frozenset()
    with pytest.raises(DomainError) as caught:
        services.volunteer_approve(actor=supervisor, volunteer=volunteer)
    assert caught.value.messages == [
        "Da «Non approvato» un volontario non può passare a «Approvato»."
    ]
    assert Volunteer.objects.get().state == V.NOT_APPROVED


@pytest.mark.parametrize(
    ("call", "kwargs", "message"),
    [
        (services.volunteer_schedule_interview, {"at": None}, "Scegli una data e un'ora future."),
        (
            services.volunteer_record_interview,
            {"notes": " "},
            "Scrivi l'esito e le note del colloquio.",
        ),
        (
            services.volunteer_approve,
            {},
            "Da «Candidato» un volontario non può passare a «Approvato».",
        ),
        (services.volunteer_withdraw, {"note": ""}, "Scrivi perché il volontario si ritira."),
    ],
)
def test_bad_moves_change_nothing(world, call, kwargs, message):
    volunteer = apply()
    before = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        call(actor=world.users.supervisor, volunteer=volunteer, **kwargs)
    assert caught.value.messages == [message]
    volunteer.refresh_from_db()
    assert (volunteer.state, volunteer.version) == (V.APPLIED, 1)
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ETS_MEMBER, Role.VOLUNTEER, Role.DPO])
def test_only_supervisors_move_volunteers(world, role):
    volunteer = apply()
    with pytest.raises(PermissionDenied):
        services.volunteer_schedule_interview(
            actor=world.user_by_role[role],
            volunteer=volunteer,
            at=timezone.now() + datetime.timedelta(days=1),
        )
    assert Volunteer.objects.get().state == V.APPLIED


def test_an_expired_document_flags_and_blocks_availability(world):
    supervisor = world.users.supervisor
    volunteer = apply()
    services.document_add(
        actor=supervisor,
        volunteer=volunteer,
        kind="criminal_record",
        issued_on=TODAY - datetime.timedelta(days=400),
        expires_on=TODAY - datetime.timedelta(days=1),
    )
    flagged = selectors.volunteers_for(supervisor, TODAY).get()
    assert flagged.has_expired_document
    assert (
        not selectors.volunteers_for(supervisor, TODAY - datetime.timedelta(days=2))
        .get()
        .has_expired_document
    )
    with pytest.raises(DomainError) as caught:
        walk_to_available(supervisor, volunteer)
    assert caught.value.field == "documents"
    assert Volunteer.objects.get().state == V.TRAINED
    services.document_add(
        actor=supervisor,
        volunteer=volunteer,
        kind="criminal_record",
        issued_on=TODAY,
        expires_on=TODAY + datetime.timedelta(days=365),
    )
    # The old certificate still counts as expired until it is replaced: renewal deletes it.
    VolunteerDocument.objects.filter(expires_on__lt=TODAY).delete()
    services.volunteer_make_available(actor=supervisor, volunteer=volunteer, today=TODAY)
    assert [v.pk for v in selectors.matchable_volunteers(supervisor, TODAY)] == [volunteer.pk]
    # Once it expires, they drop out of matching and the flag shows again.
    later = TODAY + datetime.timedelta(days=366)
    assert list(selectors.matchable_volunteers(supervisor, later)) == []
    assert selectors.volunteers_for(supervisor, later).get().has_expired_document


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "diploma"}, "kind"),
        ({"issued_on": None}, "issued_on"),
        ({"expires_on": TODAY - datetime.timedelta(days=1)}, "expires_on"),
    ],
)
def test_bad_document_changes_nothing(world, changes, field):
    volunteer = apply()
    data = {"kind": "identity", "issued_on": TODAY, "expires_on": None, **changes}
    with pytest.raises(DomainError) as caught:
        services.document_add(actor=world.users.supervisor, volunteer=volunteer, **data)
    assert caught.value.field == field
    assert not VolunteerDocument.objects.exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN])
def test_managers_see_every_volunteer(world, role):
    first, second = apply(), apply(email="bruno@example.org", first_name="Bruno")
    seen = set(selectors.volunteers_for(world.user_by_role[role], TODAY))
    assert seen == {first, second}


@pytest.mark.parametrize(
    "role",
    [
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.ETS_MEMBER,
        Role.EVALUATOR,
        Role.VOLUNTEER,
        Role.PARTNER,
        Role.DPO,
    ],
)
def test_other_roles_never_see_candidates(world, role):
    apply()
    with pytest.raises(PermissionDenied):
        selectors.volunteers_for(world.user_by_role[role], TODAY)


def test_detail_logs_the_read_and_others_get_403(world):
    from django.http import Http404

    volunteer = apply()
    supervisor = world.users.supervisor
    seen = selectors.volunteer_detail(supervisor, volunteer.pk, TODAY)
    assert seen == volunteer
    read = AccessLogEntry.objects.get(action="read", object_type="volunteering.volunteer")
    assert (read.actor_id, read.object_id) == (supervisor.pk, str(volunteer.pk))
    with pytest.raises(Http404):
        selectors.volunteer_detail(supervisor, volunteer.pk + 1000, TODAY)
    with pytest.raises(PermissionDenied):
        selectors.volunteer_detail(world.users.operator, volunteer.pk, TODAY)
    assert AccessLogEntry.objects.filter(action="read").count() == 1


def test_demo_volunteers_cover_the_path_and_load_once(world):
    from trama.volunteering.demo import VOLUNTEERS, load_demo_volunteers

    supervisor = world.users.supervisor
    load_demo_volunteers(supervisor, password="demo-password-1")
    states = sorted(Volunteer.objects.values_list("state", flat=True))
    assert states == sorted(target for *_, target in VOLUNTEERS)
    flagged = [
        v.first_name
        for v in selectors.volunteers_for(supervisor, timezone.localdate())
        if v.has_expired_document
    ]
    assert flagged == ["Mario"]
    load_demo_volunteers(supervisor, password="demo-password-1")
    assert Volunteer.objects.count() == len(VOLUNTEERS)


def test_the_training_date_is_recorded_and_never_in_the_future(world):
    supervisor = world.users.supervisor
    volunteer = apply()
    services.volunteer_schedule_interview(
        actor=supervisor, volunteer=volunteer, at=timezone.now() + datetime.timedelta(hours=1)
    )
    services.volunteer_record_interview(actor=supervisor, volunteer=volunteer, notes="Motivata.")
    services.volunteer_approve(actor=supervisor, volunteer=volunteer)
    with pytest.raises(DomainError) as caught:
        services.volunteer_mark_trained(
            actor=supervisor,
            volunteer=volunteer,
            trained_on=TODAY + datetime.timedelta(days=1),
            today=TODAY,
        )
    assert caught.value.field == "trained_on"
    assert caught.value.messages == ["La formazione non può concludersi nel futuro."]
    assert Volunteer.objects.get().state == V.APPROVED
    trained = services.volunteer_mark_trained(
        actor=supervisor,
        volunteer=volunteer,
        trained_on=TODAY - datetime.timedelta(days=3),
        today=TODAY,
    )
    assert (trained.state, trained.trained_on) == (V.TRAINED, TODAY - datetime.timedelta(days=3))
