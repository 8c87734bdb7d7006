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
SEE_ISSUES = MEDIATE | ANSWER_ISSUES
