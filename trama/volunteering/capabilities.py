"""What Mi affido a te lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

MANAGE_VOLUNTEERS = capability(
    "volunteering.manage",
    "manages volunteers, elders' profiles and matching",
    (Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN),
)
LOG_VISITS = capability(
    "volunteering.log_visits",
    "sees their own pairings and logs their visits",
    (Role.VOLUNTEER,),
)
