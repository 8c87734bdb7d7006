"""What RI-abitare la città lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

MEDIATE = capability(
    "housing.mediate",
    "keeps the buildings' tenancies, activities and issues (their own buildings)",
    (Role.MEDIATOR, Role.COORDINATOR),
)
ANSWER_ISSUES = capability(
    "housing.answer",
    "answers the housing issues referred to their body",
    (Role.PARTNER,),
)
REGISTER_BUILDINGS = capability(
    "housing.register_buildings",
    "makes an ATC hub a building of the project",
    (Role.COORDINATOR,),
)
SEE_ISSUES = MEDIATE | ANSWER_ISSUES
