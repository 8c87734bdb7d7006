"""What the registry of organisations lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

# The registry is the consortium's own directory of partners.
READ_REGISTRY = capability(
    "organizations.read",
    "reads the whole registry of organisations",
    (
        Role.COORDINATOR,
        Role.ADMIN,
        Role.OPERATOR,
        Role.MEDIATOR,
        Role.SUPERVISOR,
        Role.PARTNER,
        Role.DPO,
        Role.EVALUATOR,
    ),
)
EDIT_REGISTRY = capability(
    "organizations.edit",
    "registers, edits and imports organisations",
    (Role.COORDINATOR, Role.ADMIN),
)
ACT_FOR_ORGANIZATION = capability(
    "organizations.act_for",
    "reads and updates their own organisation",
    (Role.ETS_MEMBER,),
)
