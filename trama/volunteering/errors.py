"""Stable codes of Mi affido a te's domain errors (decision 0026)."""

from enum import StrEnum


class VolunteeringErrors(StrEnum):
    # Who may have an elder's profile.
    NOT_AN_ELDER = "not_an_elder"  # under the minimum age, or no birth date
    NO_ACCEPTED_REFERRAL = "no_accepted_referral"  # not accepted into Mi affido a te
    ANONYMISED = "anonymised"
    NO_MUNICIPALITY = "no_municipality"  # nowhere to measure distances from
    PROFILE_EXISTS = "profile_exists"
    # The profile's and the run's inputs.
    BAD_SLOTS = "bad_slots"
    BAD_NEEDS = "bad_needs"
    BAD_CHOICE = "bad_choice"
    BAD_DATE = "bad_date"
    BAD_WEIGHTS = "bad_weights"
    BAD_MAX_KM = "bad_max_km"
    NOBODY_TO_MATCH = "nobody_to_match"
    # Pairings.
    ELDER_ALREADY_PAIRED = "elder_already_paired"
    VOLUNTEER_FULL = "volunteer_full"  # follows as many elders as their capacity
    VOLUNTEER_NOT_AVAILABLE = "volunteer_not_available"
    REASON_REQUIRED = "reason_required"
    # Volunteers.
    NAME_REQUIRED = "name_required"
    BAD_EMAIL = "bad_email"
    NOT_IN_CONSORTIUM = "not_in_consortium"  # the municipality is not one of the consortium's
    BAD_CAPACITY = "bad_capacity"  # how many elders a volunteer can follow
    NO_CONSENT = "no_consent"  # the privacy notice was not accepted
    OUTCOME_REQUIRED = "outcome_required"  # the interview's outcome and notes
    DOCUMENT_EXPIRED = "document_expired"
    # Visits.
    NOT_VISITING = "not_visiting"  # the pairing is not active
    VISIT_DATE = "visit_date"  # in the future, or before the pairing started
    VISIT_MINUTES = "visit_minutes"
    VISIT_EMPTY = "visit_empty"  # nothing said of what was done
    # The three-party agreement.
    NO_AGREEMENT = "no_agreement"  # a pairing becomes active on its agreement
    AGREEMENT_INCOMPLETE = "agreement_incomplete"
    AGREEMENT_MONTHS = "agreement_months"
    AGREEMENT_REIMBURSEMENT = "agreement_reimbursement"
    AGREEMENT_REVIEW_DATES = "agreement_review_dates"
    PAIRING_ENDED = "pairing_ended"
    # Reviews.
    REVIEW_DATE = "review_date"  # in the future, or before the pairing started
    REVIEW_EMPTY = "review_empty"
