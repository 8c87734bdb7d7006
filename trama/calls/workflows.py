"""The two state machines of a call (DESIGN.md §3): the one table of allowed transitions
each, checked by every service that moves a call or a proposal."""

from django.utils.translation import gettext as _

from trama.calls.models import CallState as C
from trama.calls.models import ProposalState as P
from trama.core.errors import DomainError

CALL_TRANSITIONS: dict[str, frozenset[str]] = {
    C.DRAFT: frozenset({C.PUBLISHED, C.CANCELLED}),
    C.PUBLISHED: frozenset({C.CLOSED, C.CANCELLED}),
    C.CLOSED: frozenset({C.EVALUATION, C.CANCELLED}),
    C.EVALUATION: frozenset({C.RANKED, C.CANCELLED}),
    C.RANKED: frozenset({C.CO_DESIGN, C.CONCLUDED, C.CANCELLED}),
    C.CO_DESIGN: frozenset({C.CONCLUDED, C.CANCELLED}),
    C.CONCLUDED: frozenset(),
    C.CANCELLED: frozenset(),
}

PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    P.DRAFT: frozenset({P.SUBMITTED, P.WITHDRAWN}),
    P.SUBMITTED: frozenset({P.ADMISSIBLE, P.NOT_ADMISSIBLE, P.WITHDRAWN}),
    P.ADMISSIBLE: frozenset({P.EVALUATED}),
    P.EVALUATED: frozenset({P.SELECTED, P.NOT_SELECTED}),
    P.SELECTED: frozenset({P.IN_CODESIGN}),
    P.IN_CODESIGN: frozenset({P.AGREED}),
    P.NOT_ADMISSIBLE: frozenset(),
    P.NOT_SELECTED: frozenset(),
    P.AGREED: frozenset(),
    P.WITHDRAWN: frozenset(),
}

# Proposals the lead may still change (drafts) and those the committee looks at.
EDITABLE = frozenset({P.DRAFT})
UNDER_EVALUATION = frozenset({P.ADMISSIBLE, P.EVALUATED})
# Calls visible on the public site (everything after the draft).
PUBLIC_CALL_STATES = frozenset(set(C) - {C.DRAFT})


def _check(table, labels, current: str, target: str, message: str) -> None:
    if target not in table.get(current, frozenset()):
        raise DomainError(
            message
            % {"current": labels.get(current, current), "target": labels.get(target, target)},
            code="invalid_transition",
        )


def check_call_transition(current: str, target: str) -> None:
    """DomainError, in the user's language, when the call cannot move to `target`."""
    _check(
        CALL_TRANSITIONS,
        dict(C.choices),
        current,
        target,
        _("From “%(current)s” a call cannot move to “%(target)s”."),
    )


def check_proposal_transition(current: str, target: str) -> None:
    """DomainError, in the user's language, when the proposal cannot move to `target`."""
    _check(
        PROPOSAL_TRANSITIONS,
        dict(P.choices),
        current,
        target,
        _("From “%(current)s” a proposal cannot move to “%(target)s”."),
    )
