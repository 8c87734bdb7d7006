"""The two state machines of a call (DESIGN.md §3): the one table of allowed transitions
each, on the kit's Workflow (trama.core.workflow), through which every service that moves a
call or a proposal goes."""

from django.utils.translation import gettext_lazy as _

from trama.calls.models import CallState as C
from trama.calls.models import ProposalState as P
from trama.core.workflow import Workflow

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


CALL_WORKFLOW = Workflow(
    C, CALL_TRANSITIONS, _("From “%(current)s” a call cannot move to “%(target)s”.")
)
PROPOSAL_WORKFLOW = Workflow(
    P, PROPOSAL_TRANSITIONS, _("From “%(current)s” a proposal cannot move to “%(target)s”.")
)
