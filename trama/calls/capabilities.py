"""What the calls let each role do: co-programming, proposals, evaluation, co-design."""

from trama.accounts.roles import Role
from trama.core.policy import capability

READ_CALLS = capability(
    "calls.read",
    "reads the calls of their scope",
    (Role.COORDINATOR, Role.ADMIN, Role.EVALUATOR, Role.ETS_MEMBER),
)
OVERSEE_CALLS = capability(
    "calls.oversee", "sees every call, drafts included", (Role.COORDINATOR, Role.ADMIN)
)
MANAGE_CALLS = capability(
    "calls.manage",
    "writes, publishes and evaluates calls (committees, ranking)",
    (Role.COORDINATOR,),
)
TAKE_PART = capability(
    "calls.take_part",
    "takes part in calls for their organisation (questions, proposals)",
    (Role.ETS_MEMBER,),
)
OVERSEE_PROPOSALS = capability(
    "calls.oversee_proposals",
    "reads submitted proposals and decides their admissibility",
    (Role.COORDINATOR,),
)
READ_PROPOSALS = TAKE_PART | OVERSEE_PROPOSALS
EVALUATE = capability(
    "calls.evaluate", "scores proposals on the committees they sit on", (Role.EVALUATOR,)
)
READ_EVALUATION = MANAGE_CALLS | EVALUATE
CHAIR_TABLES = capability(
    "calls.chair_tables", "opens and chairs co-design tables", (Role.COORDINATOR,)
)
OVERSEE_TABLES = capability(
    "calls.oversee_tables", "reads every co-design table", (Role.COORDINATOR, Role.ADMIN)
)
SIT_AT_TABLES = capability(
    "calls.sit_at_tables",
    "works at the co-design tables of their organisation",
    (Role.ETS_MEMBER,),
)
READ_TABLES = OVERSEE_TABLES | SIT_AT_TABLES
