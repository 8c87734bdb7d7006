"""The meeting's state machine, on the kit's Workflow: every service that moves a meeting
goes through this one table."""

from django.utils.translation import gettext_lazy as _

from trama.core.workflow import Workflow
from trama.participation.models import MeetingState as M

MEETING_WORKFLOW = Workflow(
    states=M,
    transitions={
        M.DRAFT: frozenset({M.CONVENED, M.CANCELLED}),
        M.CONVENED: frozenset({M.HELD, M.CANCELLED}),
        M.HELD: frozenset({M.CLOSED}),
        M.CLOSED: frozenset(),
        M.CANCELLED: frozenset(),
    },
    refusal=_("From “%(current)s” a meeting cannot move to “%(target)s”."),
)
