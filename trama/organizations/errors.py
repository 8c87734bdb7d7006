"""Stable codes of the organisations registry's domain errors (decision 0026)."""

from enum import StrEnum


class OrganizationErrors(StrEnum):
    DUPLICATE_FISCAL_CODE = "duplicate_fiscal_code"  # another organisation has it
    NO_ROWS = "no_rows"  # the imported file has no data rows
