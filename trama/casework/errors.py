"""Stable codes of casework's domain errors (decision 0026)."""

from enum import StrEnum


class CaseworkErrors(StrEnum):
    ANONYMISED = "anonymised"  # nothing new is recorded about an anonymised person
    HUB_REQUIRED = "hub_required"
    HUB_OUT_OF_SCOPE = "hub_out_of_scope"  # not one of the hubs where the operator works
    # Referrals.
    UNKNOWN_ORGANIZATION = "unknown_organization"
    UNKNOWN_PROJECT = "unknown_project"
    FEEDBACK_TOO_SHORT = "feedback_too_short"
    UNKNOWN_STATE = "unknown_state"
    # Appointments and screenings.
    NOT_PLANNED = "not_planned"  # the appointment is already held, missed or cancelled
    SESSION_OF_ANOTHER_PERSON = "session_of_another_person"
    UNKNOWN_INSTRUMENT = "unknown_instrument"
