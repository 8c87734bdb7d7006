"""The referral's state machine: the one table of allowed transitions (DESIGN.md §3)."""

from django.utils.translation import gettext as _

from trama.casework.models import ReferralState as S
from trama.core.errors import DomainError

TRANSITIONS: dict[str, frozenset[str]] = {
    S.SENT: frozenset({S.ACCEPTED, S.DECLINED}),
    S.ACCEPTED: frozenset({S.IN_PROGRESS, S.DROPPED}),
    S.IN_PROGRESS: frozenset({S.COMPLETED, S.DROPPED}),
    S.DECLINED: frozenset(),
    S.COMPLETED: frozenset(),
    S.DROPPED: frozenset(),
}
# States where the receiving side has not answered yet (counted for "overdue").
AWAITING_ANSWER = frozenset({S.SENT})
FINAL = frozenset(state for state, following in TRANSITIONS.items() if not following)


def allowed_next(state: str) -> frozenset[str]:
    return TRANSITIONS.get(state, frozenset())


def _label(state: str) -> str:
    return str(dict(S.choices).get(state, state))


def check_transition(current: str, target: str) -> None:
    """DomainError, in the user's language, when `target` cannot follow `current`."""
    if target not in allowed_next(current):
        raise DomainError(
            _("From “%(current)s” a referral cannot move to “%(target)s”.")
            % {"current": _label(current), "target": _label(target)},
            code="invalid_transition",
        )


# Actions of a support plan: planned → done | cancelled.
ACTION_TRANSITIONS: dict[str, frozenset[str]] = {
    "planned": frozenset({"done", "cancelled"}),
    "done": frozenset(),
    "cancelled": frozenset(),
}


def check_action_transition(current: str, target: str) -> None:
    from trama.casework.models import ActionStatus

    if target not in ACTION_TRANSITIONS.get(current, frozenset()):
        labels = dict(ActionStatus.choices)
        raise DomainError(
            _("From “%(current)s” an action cannot move to “%(target)s”.")
            % {"current": labels.get(current, current), "target": labels.get(target, target)},
            code="invalid_transition",
        )
