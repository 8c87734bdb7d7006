"""What user administration lets each role do."""

from trama.accounts.roles import Role
from trama.core.policy import capability

MANAGE_USERS = capability(
    "accounts.manage_users", "creates users and grants and revokes roles", (Role.ADMIN,)
)
