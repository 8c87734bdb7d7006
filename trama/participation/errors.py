"""Stable codes of the governance bodies' domain errors (decision 0026)."""

from enum import StrEnum


class ParticipationErrors(StrEnum):
    NO_MINUTES_YET = "no_minutes_yet"  # the meeting has not been held
