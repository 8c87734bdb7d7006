"""Stable codes of people's data domain errors (decision 0026)."""

from enum import StrEnum


class PeopleErrors(StrEnum):
    INVALID_FISCAL_CODE = "invalid_fiscal_code"
    ANONYMISED = "anonymised"  # an anonymised person's data are neither changed nor erased
    HUB_REQUIRED = "hub_required"
    HUB_OUT_OF_SCOPE = "hub_out_of_scope"  # not one of the hubs where the operator works
    UNKNOWN_MUNICIPALITY = "unknown_municipality"
    PERSON_NOT_FOLLOWED = "person_not_followed"  # no such person among those the user follows
    # Opening a record.
    BAD_OPEN_PURPOSE = "bad_open_purpose"
    OPEN_NOTE_REQUIRED = "open_note_required"  # "other" needs a note
    REASON_TOO_SHORT = "reason_too_short"  # break-glass access, erasure
    # Households.
    HOUSEHOLD_NAME_REQUIRED = "household_name_required"
    ALREADY_IN_HOUSEHOLD = "already_in_household"
    # Privacy notices and consents.
    NOTICE_VERSION_EXISTS = "notice_version_exists"
    UNKNOWN_NOTICE = "unknown_notice"
    BAD_CONSENT_PURPOSE = "bad_consent_purpose"
    CONSENT_IN_FUTURE = "consent_in_future"
    CONSENT_EXISTS = "consent_exists"
    ALREADY_WITHDRAWN = "already_withdrawn"  # the consent
    # Data subjects' rights and retention.
    EXPORT_PURPOSE_REQUIRED = "export_purpose_required"
    BAD_RETENTION = "bad_retention"  # the retention period is at least one year
