"""What the territory (municipalities and hubs) lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

READ_HUBS = capability(
    "territory.read_hubs",
    "reads the hubs",
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
EDIT_HUBS = capability(
    "territory.edit_hubs", "opens and edits hubs", (Role.COORDINATOR, Role.ADMIN)
)
