import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory, grant
from trama.audit.models import AccessLogEntry
from trama.participation import services
from trama.participation.models import (
    ActionStatus,
    Decision,
    FollowUpAction,
    Meeting,
    MeetingState,
    Outcome,
    Vote,
)
from trama.participation.tests.factories import BodyMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def _entries(obj) -> int:
    return AccessLogEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).count()


def test_a_meeting_ending_before_it_starts_is_refused(world, body):
    start = timezone.now() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.meeting_create(
            actor=world.users.coordinator,
            body=body,
            title="Riunione",
            starts_at=start,
            ends_at=start - dt.timedelta(minutes=30),
            place="Collegno",
            agenda=[("Punto", True)],
        )
    assert "finire dopo" in str(refused.value.messages)
    assert not Meeting.objects.exists()


def test_the_database_also_refuses_a_meeting_ending_before_it_starts(body):
    with pytest.raises(IntegrityError), transaction.atomic():
        MeetingFactory(body=body, ends_at=timezone.now() - dt.timedelta(days=30))


def test_convening_emails_every_member_organisation_in_their_language(
    world, body, members, django_capture_on_commit_callbacks
):
    reader = UserFactory(email="socio@example.org", preferred_language="en")
    grant(reader, "ets_member", "organization", members[0].organization.pk)
    meeting = MeetingFactory(body=body, title="Riunione di giugno")
    meeting.items.create(position=1, title="Bilancio sociale", needs_vote=True)
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(
            actor=world.users.coordinator, meeting=meeting, present={}, version=meeting.version
        )
    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_convene(actor=world.users.coordinator, meeting=meeting)
    assert meeting.state == MeetingState.CONVENED
    assert [m.to for m in mail.outbox] == [["socio@example.org"]]
    assert mail.outbox[0].subject == "Convocation: Riunione di giugno"
    assert "1. Bilancio sociale" in mail.outbox[0].body


def test_only_the_secretaries_run_the_body(world, body):
    meeting = MeetingFactory(body=body)
    for role in ("ets_member", "operator", "partner", "dpo", "volunteer"):
        with pytest.raises(PermissionDenied):
            services.meeting_convene(actor=world.user_by_role[role], meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).state == MeetingState.DRAFT


def test_quorum_and_majority_decide_the_outcome(world, held_meeting, members):
    item = held_meeting.items.get(position=1)
    present = [members[0], members[1], members[2]]
    decision = services.item_vote(
        actor=world.users.coordinator,
        item=item,
        votes={present[0].pk: "yes", present[1].pk: "yes", present[2].pk: "abstain"},
        text="Il regolamento è approvato.",
    )
    assert (decision.outcome, decision.votes_yes, decision.votes_abstain) == (
        Outcome.APPROVED,
        2,
        1,
    )
    assert decision.present == 3
    assert _entries(decision) == 1


def test_a_tie_is_rejected(world, body, members, held_meeting):
    item = held_meeting.items.get(position=1)
    decision = services.item_vote(
        actor=world.users.coordinator,
        item=item,
        votes={members[0].pk: "yes", members[1].pk: "no", members[2].pk: "abstain"},
        text="Proposta di regolamento.",
    )
    assert decision.outcome == Outcome.REJECTED


def test_without_quorum_nobody_votes(world, body, members):
    start = timezone.now() + dt.timedelta(days=1)
    meeting = services.meeting_create(
        actor=world.users.coordinator,
        body=body,
        title="Riunione deserta",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Grugliasco",
        agenda=[("Bilancio", True)],
    )
    meeting = services.meeting_convene(actor=world.users.coordinator, meeting=meeting)
    meeting = services.meeting_record_attendance(
        actor=world.users.coordinator,
        meeting=meeting,
        present={members[0].pk: False},
        version=meeting.version,
    )
    with pytest.raises(ValidationError) as refused:
        services.item_vote(
            actor=world.users.coordinator,
            item=meeting.items.get(),
            votes={members[0].pk: "yes"},
            text="Approvato",
        )
    assert "Numero legale non raggiunto: 1 membri con diritto di voto presenti, 2 necessari." in (
        refused.value.messages
    )
    assert not Vote.objects.exists() and not Decision.objects.exists()


def test_a_vote_by_someone_absent_or_not_a_member_is_refused(world, held_meeting, members):
    item = held_meeting.items.get(position=1)
    outsider = BodyMemberFactory()  # a member of another body
    for votes in (
        {members[0].pk: "yes", members[1].pk: "yes", members[2].pk: "yes", members[3].pk: "no"},
        {members[0].pk: "yes", members[1].pk: "yes", outsider.pk: "yes"},
    ):
        with pytest.raises(ValidationError) as refused:
            services.item_vote(
                actor=world.users.coordinator, item=item, votes=votes, text="Approvato"
            )
        assert refused.value.messages == [
            "Possono votare solo i membri con diritto di voto presenti."
        ]
    with pytest.raises(ValidationError) as refused:
        services.item_vote(
            actor=world.users.coordinator,
            item=item,
            votes={members[0].pk: "yes", members[1].pk: "yes"},
            text="Approvato",
        )
    assert refused.value.messages == [
        "Registrare il voto di ogni membro con diritto di voto presente."
    ]
    assert not Vote.objects.exists()


def test_a_member_without_vote_counts_neither_for_quorum_nor_votes(world, body, members):
    observer = BodyMemberFactory(body=body, has_vote=False)
    start = timezone.now() + dt.timedelta(days=1)
    meeting = services.meeting_create(
        actor=world.users.coordinator,
        body=body,
        title="Riunione",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
        place="Grugliasco",
        agenda=[("Bilancio", True)],
    )
    meeting = services.meeting_convene(actor=world.users.coordinator, meeting=meeting)
    meeting = services.meeting_record_attendance(
        actor=world.users.coordinator,
        meeting=meeting,
        present={observer.pk: False, members[0].pk: False},
        version=meeting.version,
    )
    with pytest.raises(ValidationError, match="Numero legale"):
        services.item_vote(
            actor=world.users.coordinator,
            item=meeting.items.get(),
            votes={members[0].pk: "yes"},
            text="Approvato",
        )


def test_an_item_is_decided_once_and_attendance_then_frozen(world, held_meeting, members):
    item = held_meeting.items.get(position=2)
    services.item_agree(actor=world.users.coordinator, item=item, text="Incontri mensili.")
    with pytest.raises(ValidationError, match="già stato deciso"):
        services.item_agree(actor=world.users.coordinator, item=item, text="Di nuovo")
    meeting = Meeting.objects.get(pk=held_meeting.pk)
    with pytest.raises(ValidationError, match="presenze"):
        services.meeting_record_attendance(
            actor=world.users.coordinator,
            meeting=meeting,
            present={members[0].pk: False},
            version=meeting.version,
        )


def test_closing_needs_every_item_decided(world, held_meeting, members):
    with pytest.raises(ValidationError, match="ogni punto"):
        services.meeting_close(
            actor=world.users.coordinator, meeting=held_meeting, minutes="Verbale"
        )
    services.item_vote(
        actor=world.users.coordinator,
        item=held_meeting.items.get(position=1),
        votes={members[0].pk: "yes", members[1].pk: "yes", members[2].pk: "yes"},
        text="Approvato",
    )
    services.item_agree(
        actor=world.users.coordinator, item=held_meeting.items.get(position=2), text="Mensili"
    )
    closed = services.meeting_close(
        actor=world.users.coordinator, meeting=held_meeting, minutes="Verbale della seduta."
    )
    assert closed.state == MeetingState.CLOSED
    with pytest.raises(ValidationError, match="Da “verbale chiuso”"):
        services.meeting_cancel(actor=world.users.coordinator, meeting=closed)


@pytest.fixture
def action(world, held_meeting, members):
    decision = services.item_vote(
        actor=world.users.coordinator,
        item=held_meeting.items.get(position=1),
        votes={members[0].pk: "yes", members[1].pk: "yes", members[2].pk: "no"},
        text="Si apre uno sportello comune.",
    )
    return services.action_create(
        actor=world.users.coordinator,
        decision=decision,
        title="Aprire lo sportello",
        due_date=dt.date(2027, 3, 31),
        owner_organization=world.org_own,
    )


def test_the_owner_organisation_reports_progress_and_the_history_is_kept(world, action):
    member = world.users.ets_member  # member of org_own, the owner
    services.action_report(
        actor=member,
        action=action,
        progress=40,
        status=ActionStatus.IN_PROGRESS,
        note="Locali individuati.",
        version=action.version,
    )
    action.refresh_from_db()
    assert (action.progress, action.status, action.version) == (40, "in_progress", 2)
    with pytest.raises(ValidationError, match="ricaricare la pagina"):
        services.action_report(
            actor=member, action=action, progress=50, status="in_progress", note="x", version=1
        )
    assert action.updates.count() == 1


def test_another_organisation_cannot_report(world, action):
    outsider = UserFactory()
    grant(outsider, "ets_member", "organization", world.org_other.pk)
    with pytest.raises(PermissionDenied):
        services.action_report(
            actor=outsider, action=action, progress=10, status="in_progress", note="x", version=1
        )


@pytest.mark.parametrize(
    ("progress", "status", "message"),
    [
        (80, "done", "solo al 100%"),
        (100, "in_progress", "scegliere"),
        (101, "in_progress", "tra 0 e 100"),
    ],
)
def test_progress_and_status_must_agree(world, action, progress, status, message):
    with pytest.raises(ValidationError, match=message):
        services.action_report(
            actor=world.users.coordinator,
            action=action,
            progress=progress,
            status=status,
            note="Nota",
            version=action.version,
        )
    assert FollowUpAction.objects.get(pk=action.pk).progress == 0


def test_a_rejected_decision_yields_no_action(world, held_meeting, members):
    decision = services.item_vote(
        actor=world.users.coordinator,
        item=held_meeting.items.get(position=1),
        votes={members[0].pk: "no", members[1].pk: "no", members[2].pk: "yes"},
        text="Respinto",
    )
    with pytest.raises(ValidationError, match="respinta"):
        services.action_create(
            actor=world.users.coordinator,
            decision=decision,
            title="Azione",
            due_date=dt.date(2027, 1, 1),
            owner_name="Mario Rossi",
        )


def test_markup_in_texts_is_kept_as_text_and_escaped_on_the_public_page(
    world, client, body, action
):
    services.action_report(
        actor=world.users.coordinator,
        action=action,
        progress=10,
        status="in_progress",
        note="<script>alert(1)</script>",
        version=action.version,
    )
    body.is_public = True
    body.save()
    page = client.get(f"/cabine-di-regia/{body.slug}/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
