"""Stable codes of the calls' domain errors (decision 0026)."""

from enum import StrEnum


class CallErrors(StrEnum):
    FROZEN = "frozen"  # the proposal can no longer be changed
    CLOSED = "closed"  # the call no longer accepts proposals
    NOT_IN_CODESIGN = "not_in_codesign"
    CANCELLED = "cancelled"
