"""A meeting's minutes as a PDF: what was recorded, for whom may read the meeting, logged."""

import datetime as dt

import pytest
from django.urls import reverse

from trama.audit.models import AccessLogEntry, Action
from trama.core.errors import DomainError
from trama.core.testing import pdf_text
from trama.participation import minutes, selectors, services
from trama.participation.models import BodyMember

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_meeting(world, held_meeting, members):
    """The held meeting with item 1 voted (an action owned by the ETS member's organisation)
    and item 2 agreed; members[1] came by its substitute, members[3] was absent."""
    BodyMember.objects.filter(pk=members[1].pk).update(substitute="Anna D'Amico")
    BodyMember.objects.filter(pk=members[0].pk).update(representative="Piero Sant'Elia")
    secretary = world.users.coordinator
    decision = services.item_vote(
        actor=secretary,
        item=held_meeting.items.get(position=1),
        votes={members[0].pk: "yes", members[1].pk: "yes", members[2].pk: "no"},
        text="Il regolamento è approvato.",
    )
    services.action_create(
        actor=secretary,
        decision=decision,
        title="Pubblicare il regolamento",
        due_date=dt.date(2027, 3, 31),
        owner_organization=world.org_own,
    )
    services.item_agree(
        actor=secretary, item=held_meeting.items.get(position=2), text="Incontri mensili."
    )
    return held_meeting


def _minutes_of(user, meeting) -> str:
    loaded = selectors.meeting_minutes_get(user=user, pk=meeting.pk)
    return pdf_text(minutes.meeting_minutes_pdf(actor=user, meeting=loaded))


def test_the_minutes_show_attendance_votes_decisions_and_actions(world, decided_meeting, members):
    text = " ".join(_minutes_of(world.users.coordinator, decided_meeting).split())
    assert "Verbale di Cabina di regia della Cittadella del Welfare" in text
    assert "Bozza" in text  # held, not yet closed
    assert "Piero Sant'Elia" in text and "Anna D'Amico (supplente)" in text
    assert text.count("presente") >= 3 and "assente" in text
    assert "3 su 4 membri con diritto di voto presenti" in text
    assert "numero legale è raggiunto" in text
    assert "Approvata — 2 favorevoli, 1 contrari, 0 astenuti" in text
    assert "Il regolamento è approvato." in text and "Incontri mensili." in text
    assert "Pubblicare il regolamento" in text and "31 marzo 2027" in text


def test_closed_minutes_carry_the_secretary_text_and_no_draft_mark(world, decided_meeting):
    closed = services.meeting_close(
        actor=world.users.coordinator,
        meeting=decided_meeting,
        minutes="La seduta si apre alle 17.\nSi chiude alle 19.",
    )
    text = _minutes_of(world.users.coordinator, closed)
    assert "Bozza" not in text
    assert "La seduta si apre alle 17." in text and "Si chiude alle 19." in text


def test_a_meeting_not_yet_held_has_no_minutes(world, body):
    start = dt.datetime(2027, 10, 31, 1, 30, tzinfo=dt.UTC)  # the night summer time ends
    meeting = services.meeting_create(
        actor=world.users.coordinator,
        body=body,
        title="Da tenere",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Grugliasco",
        agenda=[("Varie", False)],
    )
    with pytest.raises(DomainError) as refused:
        minutes.meeting_minutes_pdf(actor=world.users.coordinator, meeting=meeting)
    assert refused.value.domain_code == "no_minutes_yet"
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()


def test_every_download_is_logged_and_served_as_a_named_pdf(client, world, decided_meeting):
    client.force_login(world.users.coordinator)
    response = client.get(reverse("participation:meeting_minutes", args=[decided_meeting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="verbale-riunione-{decided_meeting.pk}.pdf"'
    )
    entry = AccessLogEntry.objects.get(action=Action.EXPORT)
    assert (entry.object_type, entry.object_id) == (
        "participation.meeting",
        str(decided_meeting.pk),
    )
    assert entry.details == {"document": "minutes"}
    page = client.get(reverse("participation:meeting_detail", args=[decided_meeting.pk]))
    assert "Scarica la bozza del verbale (PDF)" in page.content.decode()
