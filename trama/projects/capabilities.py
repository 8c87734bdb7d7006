"""What the project portfolio lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

READ_PORTFOLIO = capability(
    "projects.read",
    "reads the project portfolio",
    (
        Role.COORDINATOR,
        Role.ADMIN,
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.SUPERVISOR,
        Role.PARTNER,
        Role.DPO,
    ),
)
EDIT_PORTFOLIO = capability(
    "projects.edit", "edits projects and their partners", (Role.COORDINATOR, Role.ADMIN)
)
