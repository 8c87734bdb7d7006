"""Stable codes of the project portfolio's domain errors (decision 0026)."""

from enum import StrEnum


class ProjectErrors(StrEnum):
    SLUG_TAKEN = "slug_taken"  # another project uses this short address
    SERVICE_NAME_REQUIRED = "service_name_required"
    # Partners.
    BAD_ROLE = "bad_role"
    ALREADY_A_PARTNER = "already_a_partner"  # the organisation has this role already
    LEAD_EXISTS = "lead_exists"
    PARTNERS_CHANGED = "partners_changed"  # a concurrent change to the partners
