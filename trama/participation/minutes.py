"""The minutes (verbale) of a governance body's meeting as a PDF, built from what Trama
recorded: convocation, who was present (and by whom represented), the quorum, each item with
its roll-call vote and decision, the actions decided, and the secretary's minutes text."""

from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.pdf import render_pdf
from trama.participation.errors import ParticipationErrors
from trama.participation.models import BodyMember, Meeting, MeetingState
from trama.participation.selectors import current_members, meeting_quorum

# A held meeting's minutes are a draft until the secretary closes them.
MINUTED_STATES = frozenset({MeetingState.HELD, MeetingState.CLOSED})


@dataclass(frozen=True)
class Presence:
    member: BodyMember
    present: bool
    by_substitute: bool


def minutes_context(meeting: Meeting) -> dict:
    """Everything the minutes show, from a meeting read by `selectors.meeting_get`."""
    attendances = {a.member_id: a for a in meeting.attendances.all()}
    roll = [
        Presence(
            member=member,
            present=member.pk in attendances,
            by_substitute=member.pk in attendances and attendances[member.pk].by_substitute,
        )
        for member in current_members(meeting.body)
    ]
    items = list(meeting.items.all())
    decisions = [item.decision for item in items if hasattr(item, "decision")]
    return {
        "meeting": meeting,
        "body": meeting.body,
        "consortium": settings.TRAMA_CONSORTIUM_NAME,
        "roll": roll,
        "quorum": meeting_quorum(meeting),
        "items": items,
        "actions": [action for decision in decisions for action in decision.actions.all()],
        "is_draft": meeting.state != MeetingState.CLOSED,
        "generated_at": timezone.localtime(),
    }


def meeting_minutes_pdf(*, actor: User, meeting: Meeting) -> bytes:
    """The minutes of a held or closed meeting, for whoever may read the meeting (the
    selector that loaded it checked the scope); every download goes to the access log."""
    if meeting.state not in MINUTED_STATES:
        raise DomainError(
            _("The minutes exist once the meeting has been held."),
            code=ParticipationErrors.NO_MINUTES_YET,
        )
    pdf = render_pdf(
        "participation/minutes_pdf.html",
        minutes_context(meeting),
        stylesheet="participation/minutes_pdf.css",
    )
    access_log_append(
        actor=actor, action=Action.EXPORT, obj=meeting, details={"document": "minutes"}
    )
    return pdf
