"""The volunteer's state machine, on the kit's Workflow (DESIGN.md §3)."""

from django.utils.translation import gettext_lazy as _

from trama.core.workflow import Workflow
from trama.volunteering.models import PairingState
from trama.volunteering.models import VolunteerState as V

TRANSITIONS: dict[str, frozenset[str]] = {
    V.APPLIED: frozenset({V.INTERVIEW_SCHEDULED, V.WITHDRAWN}),
    V.INTERVIEW_SCHEDULED: frozenset({V.INTERVIEWED, V.WITHDRAWN}),
    V.INTERVIEWED: frozenset({V.APPROVED, V.NOT_APPROVED}),
    V.APPROVED: frozenset({V.TRAINED, V.WITHDRAWN}),
    V.NOT_APPROVED: frozenset(),
    V.TRAINED: frozenset({V.AVAILABLE, V.WITHDRAWN}),
    V.AVAILABLE: frozenset({V.PAIRED, V.PAUSED, V.WITHDRAWN}),
    V.PAIRED: frozenset({V.AVAILABLE, V.PAUSED, V.WITHDRAWN}),
    V.PAUSED: frozenset({V.AVAILABLE, V.WITHDRAWN}),
    V.WITHDRAWN: frozenset(),
}
VOLUNTEER_WORKFLOW = Workflow(
    V, TRANSITIONS, _("From “%(current)s” a volunteer cannot move to “%(target)s”.")
)
# States in which the volunteer has finished the training (a hard prerequisite of matching).
TRAINED_STATES = frozenset({V.TRAINED, V.AVAILABLE, V.PAIRED, V.PAUSED})

P = PairingState
PAIRING_WORKFLOW = Workflow(
    P,
    {
        P.PROPOSED: frozenset({P.INTRODUCED, P.ENDED}),
        P.INTRODUCED: frozenset({P.ACTIVE, P.ENDED}),
        P.ACTIVE: frozenset({P.PAUSED, P.ENDED}),
        P.PAUSED: frozenset({P.ACTIVE, P.ENDED}),
        P.ENDED: frozenset(),
    },
    _("From “%(current)s” a pairing cannot move to “%(target)s”."),
)
