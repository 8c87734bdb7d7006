"""The referral's state machine and a plan action's, on the kit's Workflow (DESIGN.md §3):
the one table of allowed transitions each."""

from django.utils.translation import gettext_lazy as _

from trama.casework.models import ActionStatus as A
from trama.casework.models import ReferralState as S
from trama.core.workflow import Workflow

TRANSITIONS: dict[str, frozenset[str]] = {
    S.SENT: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.DROPPED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.DROPPED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.DROPPED: frozenset(),
}
REFERRAL_WORKFLOW = Workflow(
    S, TRANSITIONS, _("From “%(current)s” a referral cannot move to “%(target)s”.")
)
# States where the receiving side has not answered yet (counted for "overdue").
AWAITING_ANSWER = frozenset({S.SENT})
FINAL = REFERRAL_WORKFLOW.final

# Actions of a support plan: planned → done | cancelled.
ACTION_WORKFLOW = Workflow(
    A,
    {
        A.PLANNED: frozenset({A.DONE, A.CANCELLED}),
        A.DONE: frozenset(),
        A.CANCELLED: frozenset(),
    },
    _("From “%(current)s” an action cannot move to “%(target)s”."),
)
