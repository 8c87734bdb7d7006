"""The housing issue's state machine, on the kit's Workflow (DESIGN.md §3)."""

from django.utils.translation import gettext_lazy as _

from trama.core.workflow import Workflow
from trama.housing.models import IssueState as S

ISSUE_WORKFLOW = Workflow(
    S,
    {
        # The mediator refers it, or closes it without a body (solved within the building).
        S.REPORTED: frozenset({S.REFERRED, S.RESOLVED, S.NOT_RESOLVABLE}),
        # The body's steps.
        S.REFERRED: frozenset({S.RECEIVED, S.NOT_RESOLVABLE}),
        S.RECEIVED: frozenset({S.IN_PROGRESS, S.RESOLVED, S.NOT_RESOLVABLE}),
        S.IN_PROGRESS: frozenset({S.RESOLVED, S.NOT_RESOLVABLE}),
        S.RESOLVED: frozenset(),
        S.NOT_RESOLVABLE: frozenset(),
    },
    _("From “%(current)s” an issue cannot move to “%(target)s”."),
)
# The moves a body makes on the issues addressed to it.
BODY_STEPS = frozenset({S.RECEIVED, S.IN_PROGRESS, S.RESOLVED, S.NOT_RESOLVABLE})
