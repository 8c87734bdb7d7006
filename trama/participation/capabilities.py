"""What the governance bodies (Cittadella del Welfare) let each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

KEEP_BODIES = capability(
    "participation.keep_bodies",
    "keeps the bodies: members, meetings, attendance, decisions",
    (Role.COORDINATOR, Role.ADMIN),
)
READ_BODIES = capability(
    "participation.read",
    "reads the bodies their organisation sits on",
    (Role.COORDINATOR, Role.ADMIN, Role.ETS_MEMBER),
)
