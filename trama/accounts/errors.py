"""Stable codes of the users', roles' and tokens' domain errors (decision 0026)."""

from enum import StrEnum


class AccountErrors(StrEnum):
    USERNAME_TAKEN = "username_taken"
    EMAIL_TAKEN = "email_taken"
    # Roles.
    UNKNOWN_ROLE = "unknown_role"
    SCOPE_NOT_ALLOWED = "scope_not_allowed"  # the role cannot be granted on this kind of scope
    SCOPE_UNAVAILABLE = "scope_unavailable"  # this kind of scope has no records yet
    UNKNOWN_SCOPE = "unknown_scope"  # no such scope object
    ALREADY_GRANTED = "already_granted"
    ALREADY_REVOKED = "already_revoked"
    # API tokens.
    TOKEN_NAME_REQUIRED = "token_name_required"
