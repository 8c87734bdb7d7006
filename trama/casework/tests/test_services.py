import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory, grant
from trama.audit.models import AccessLogEntry
from trama.casework import selectors, services, workflows
from trama.casework.models import ListeningSession, Need, Referral, ReferralEvent, ReferralState
from trama.casework.tests.factories import ListeningSessionFactory, ReferralFactory
from trama.core.errors import DomainError
from trama.people.selectors import person_access_entries
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

S = ReferralState


@pytest.fixture
def person(world):
    return PersonFactory(reference_hub=world.hub_own, first_name="Giovanna", last_name="Ferri")


@pytest.fixture
def referral(world, person):
    return ReferralFactory(
        person=person, from_user=world.users.operator, to_organization=world.org_own
    )


def test_needs_taxonomy_is_loaded_as_data():
    codes = set(Need.objects.values_list("code", flat=True))
    assert {"isolation", "economic_hardship", "food", "housing", "health", "work"} <= codes
    assert {"bureaucracy_digital", "care_load"} <= codes


def test_session_record_with_needs_and_suggestions(world, person):
    needs = list(Need.objects.filter(code__in=["isolation", "food"]))
    session = services.session_record(
        actor=world.users.operator,
        person=person,
        hub=world.hub_own,
        held_on=timezone.localdate(),
        duration_minutes=45,
        channel="home_visit",
        needs=needs,
        notes="Vive sola.",
        suggested_services="Emporio solidale",
    )
    assert set(session.needs.values_list("code", flat=True)) == {"isolation", "food"}
    entry = AccessLogEntry.objects.get(object_type="casework.listeningsession")
    assert "Ferri" not in entry.object_repr and "Giovanna" not in entry.object_repr


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"duration_minutes": 0}, "duration_minutes"),
        ({"held_on": datetime.date.today() + datetime.timedelta(days=3)}, "held_on"),
        ({"channel": "fax"}, "channel"),
    ],
)
def test_session_bad_input_changes_nothing(world, person, changes, field):
    arguments = {
        "actor": world.users.operator,
        "person": person,
        "hub": world.hub_own,
        "held_on": timezone.localdate(),
        "duration_minutes": 30,
        "channel": "phone",
    } | changes
    with pytest.raises(ValidationError) as info:
        services.session_record(**arguments)
    assert field in info.value.message_dict
    assert not ListeningSession.objects.exists()


def test_session_outside_scope_is_refused(world):
    stranger = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.session_record(
            actor=world.users.operator,
            person=stranger,
            hub=world.hub_own,
            held_on=timezone.localdate(),
            duration_minutes=30,
            channel="phone",
        )


def test_referral_send_emails_the_members_without_personal_data(world, person):
    member = UserFactory(email="socio@auser.example")
    grant(member, "ets_member", "organization", world.org_own.pk)
    with pytest.raises(ValidationError):
        services.referral_send(
            actor=world.users.operator,
            person=person,
            from_hub=world.hub_own,
            shared_summary="Aiuto",
        )
    mail.outbox.clear()
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        referral = services.referral_send(
            actor=world.users.operator,
            person=person,
            from_hub=world.hub_own,
            to_organization=world.org_own,
            shared_summary="Compagnia due pomeriggi a settimana.",
            reason="Lutto recente",
        )
    assert referral.state == S.SENT
    assert referral.events.get().to_state == S.SENT
    recipients = {address for message in mail.outbox for address in message.to}
    assert "socio@auser.example" in recipients
    assert world.users.ets_member.email in recipients
    for message in mail.outbox:
        assert "Ferri" not in message.body and "Giovanna" not in message.body
        assert "Lutto" not in message.body
        assert f"/gestione/casi/invii/{referral.pk}/" in message.body


def test_referral_needs_a_target(world, person):
    with pytest.raises(ValidationError) as info:
        services.referral_send(
            actor=world.users.operator,
            person=person,
            from_hub=world.hub_own,
            shared_summary="Spesa",
        )
    assert "to_organization" in info.value.message_dict
    assert not Referral.objects.exists()


def test_closed_loop(world, referral):
    member = world.users.ets_member
    referral = services.referral_accept(actor=member, referral=referral, feedback="Presa in carico")
    assert referral.state == S.ACCEPTED and referral.answered_at is not None
    referral = services.referral_start(actor=member, referral=referral, feedback="Primo incontro")
    referral = services.referral_complete(actor=member, referral=referral, feedback="Concluso bene")
    assert referral.state == S.COMPLETED and referral.closed_at is not None
    assert referral.version == 4
    assert [e.to_state for e in referral.events.order_by("at", "id")] == [
        S.SENT,
        S.ACCEPTED,
        S.IN_PROGRESS,
        S.COMPLETED,
    ]
    # The referring operator sees the outcome and the feedback.
    seen = selectors.referral_get(user=world.users.operator, pk=referral.pk)
    assert seen.state == S.COMPLETED
    assert [e.feedback for e in seen.events.all()][-1] == "Concluso bene"


def test_the_persons_access_log_lists_who_answered_the_referral(world, referral, person):
    services.referral_accept(
        actor=world.users.ets_member, referral=referral, feedback="Presa in carico"
    )
    entries = person_access_entries(user=world.users.dpo, person_id=person.pk)
    answered = [e for e in entries if e.actor_id == world.users.ets_member.pk]
    assert [e.object_repr for e in answered] == [f"referral #{referral.pk} of person #{person.pk}"]


def _snapshot(referral):
    referral = Referral.objects.get(pk=referral.pk)
    return (referral.state, referral.version, referral.answered_at, ReferralEvent.objects.count())


def test_invalid_transition_is_refused_in_italian_and_changes_nothing(world, referral):
    before = _snapshot(referral)
    entries = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as info:
        services.referral_complete(
            actor=world.users.ets_member, referral=referral, feedback="Fatto"
        )
    assert info.value.messages == ["Da «inviato» non si può passare a «completato»."]
    assert _snapshot(referral) == before
    assert AccessLogEntry.objects.count() == entries


def test_every_transition_in_the_table(world, person):
    services_by_state = services.TRANSITION_SERVICES
    for current, following in workflows.TRANSITIONS.items():
        for target, service in services_by_state.items():
            referral = ReferralFactory(person=person, to_organization=world.org_own, state=current)
            if target in following:
                assert (
                    service(actor=world.users.ets_member, referral=referral, feedback="ok!").state
                    == target
                )
            else:
                before = _snapshot(referral)
                with pytest.raises(DomainError):
                    service(actor=world.users.ets_member, referral=referral, feedback="ok!")
                assert _snapshot(referral) == before


@pytest.mark.parametrize("feedback", ["", "  ", "ok"])
def test_feedback_is_mandatory(world, referral, feedback):
    before = _snapshot(referral)
    with pytest.raises(DomainError) as info:
        services.referral_accept(actor=world.users.ets_member, referral=referral, feedback=feedback)
    assert "feedback" in info.value.message_dict
    assert _snapshot(referral) == before


@pytest.mark.parametrize("role", ["operator", "partner", "supervisor", "dpo"])
def test_only_the_receiving_side_answers(world, referral, role):
    before = _snapshot(referral)
    with pytest.raises(PermissionDenied):
        services.referral_accept(
            actor=world.user_by_role[role], referral=referral, feedback="Va bene"
        )
    assert _snapshot(referral) == before


def test_member_of_another_organisation_cannot_answer(world, referral):
    other = UserFactory()
    grant(other, "ets_member", "organization", world.org_other.pk)
    with pytest.raises(PermissionDenied):
        services.referral_decline(actor=other, referral=referral, feedback="No grazie")


def test_coordinator_can_answer(world, referral):
    answered = services.referral_decline(
        actor=world.users.coordinator, referral=referral, feedback="Nessun posto"
    )
    assert answered.state == S.DECLINED and answered.closed_at is not None


def test_receiving_side_sees_only_its_referrals_and_shared_fields(world, referral, person):
    ReferralFactory(person=person, to_organization=world.org_other)
    member = world.users.ets_member
    rows = list(selectors.received_rows(selectors.referral_received_list(user=member)))
    assert [row["id"] for row in rows] == [referral.pk]
    shared = selectors.received_view(rows[0])
    assert shared.person_label == "Giovanna F."
    assert shared.age_band == "70–79" or shared.age_band.endswith("+") or "–" in shared.age_band
    assert not hasattr(shared, "reason") and not hasattr(shared, "person")
    assert "Vedova" not in str(shared)
    with pytest.raises(PermissionDenied):
        selectors.referral_list(user=member)


@pytest.mark.parametrize(
    "birth, band",
    [
        (datetime.date(2015, 1, 1), "0–17"),
        (datetime.date(2000, 1, 1), "18–29"),
        (datetime.date(1980, 6, 1), "40–49"),
        (datetime.date(1930, 1, 1), "80+"),
        (None, "—"),
    ],
)
def test_age_band(birth, band):
    assert selectors.age_band(birth, datetime.date(2025, 3, 1)) == band


@override_settings(TRAMA_REFERRAL_ANSWER_DAYS=5)
def test_overdue_after_n_days_on_both_sides(world, person):
    now = timezone.now()
    old = ReferralFactory(
        person=person, to_organization=world.org_own, sent_at=now - datetime.timedelta(days=6)
    )
    ReferralFactory(
        person=person, to_organization=world.org_own, sent_at=now - datetime.timedelta(days=4)
    )
    ReferralFactory(
        person=person,
        to_organization=world.org_own,
        sent_at=now - datetime.timedelta(days=30),
        state=S.ACCEPTED,
    )
    for user in (world.users.operator, world.users.ets_member, world.users.coordinator):
        assert list(
            selectors.referrals_overdue(user=user, now=now).values_list("pk", flat=True)
        ) == [old.pk]
    later = now + datetime.timedelta(days=2)
    assert selectors.referrals_overdue(user=world.users.operator, now=later).count() == 2
    other = UserFactory()
    grant(other, "ets_member", "organization", world.org_other.pk)
    assert not selectors.referrals_overdue(user=other, now=later).exists()


def test_timeline_newest_first_and_logged(world, person):
    ListeningSessionFactory(
        person=person, held_on=timezone.localdate() - datetime.timedelta(days=10)
    )
    referral = ReferralFactory(person=person, to_organization=world.org_own)
    services.referral_accept(actor=world.users.ets_member, referral=referral, feedback="Ci siamo")
    entries = services.timeline_open(
        actor=world.users.operator, person_id=person.pk, purpose="follow_up"
    )
    kinds = [entry.kind for entry in entries]
    assert kinds[:2] == ["referral", "referral"]
    assert "listening" in kinds and kinds[-1] in ("listening", "person")
    assert [e.at for e in entries] == sorted((e.at for e in entries), reverse=True)
    entry = AccessLogEntry.objects.filter(action="read").latest("id")
    assert entry.object_id == str(person.pk) and entry.purpose == "follow_up"


def test_timeline_outside_scope(world):
    from trama.people.models import Person

    with pytest.raises(Person.DoesNotExist):
        services.timeline_open(
            actor=world.users.operator, person_id=PersonFactory().pk, purpose="follow_up"
        )
