"""Stable codes of the calls' domain errors (decision 0026)."""

from enum import StrEnum


class CallErrors(StrEnum):
    FROZEN = "frozen"  # the proposal can no longer be changed
    CLOSED = "closed"  # the call no longer accepts proposals
    NOT_IN_CODESIGN = "not_in_codesign"
    CANCELLED = "cancelled"
    # The call, its documents and its questions.
    PUBLIC_DOCUMENT = "public_document"  # a published call's document is a public act: it stays
    REASON_REQUIRED = "reason_required"  # cancelling a call, excluding a proposal
    NOT_PUBLISHED = "not_published"  # questions are asked only while the call is open
    QUESTION_REQUIRED = "question_required"
    QUESTION_TOO_LONG = "question_too_long"
    ANSWER_REQUIRED = "answer_required"
    # Proposals.
    TITLE_REQUIRED = "title_required"
    PROPOSAL_EXISTS = "proposal_exists"  # the lead already has a proposal for this call
    NEGATIVE = "negative"  # an amount, a count or points below zero
    ROW_UNNAMED = "row_unnamed"  # an activity, indicator or budget row without its name
    LEAD_AS_PARTNER = "lead_as_partner"  # the lead cannot be its own partner
    PARTNER_ROLE_REQUIRED = "partner_role_required"
    ALREADY_A_PARTNER = "already_a_partner"
    ALREADY_CONFIRMED = "already_confirmed"  # the partner confirmed its participation already
    # The committee.
    COMMITTEE_LOCKED = "committee_locked"  # the ranking is computed: the committee is final
    BAD_ROLE = "bad_role"
    INACTIVE_USER = "inactive_user"
    ALREADY_ON_COMMITTEE = "already_on_committee"
    PRESIDENT_EXISTS = "president_exists"
    MEMBER_HAS_SCORED = "member_has_scored"  # a member who scored cannot be removed
    NOT_A_SCORER = "not_a_scorer"  # not a scoring member of the call's committee
    # Declarations and scores.
    DECLARATIONS_NOT_OPEN = "declarations_not_open"  # the call is not closed or in evaluation
    NOT_UNDER_EVALUATION = "not_under_evaluation"  # the proposal
    CONFLICT_NOTE_REQUIRED = "conflict_note_required"  # a conflict says what it is
    ALREADY_DECLARED = "already_declared"
    NOT_DECLARED = "not_declared"  # no declaration of conflict of interest yet
    CONFLICT_OF_INTEREST = "conflict_of_interest"  # a declared conflict forbids scoring
    SCORING_NOT_OPEN = "scoring_not_open"  # the call is not under evaluation
    NO_SCORES = "no_scores"
    UNKNOWN_CRITERION = "unknown_criterion"
    POINTS_REQUIRED = "points_required"
    POINTS_NOT_A_NUMBER = "points_not_a_number"
    POINTS_ABOVE_MAX = "points_above_max"
    POINTS_TOO_PRECISE = "points_too_precise"  # more than two decimal places
    # Ranking and minutes.
    NOTHING_TO_RANK = "nothing_to_rank"  # no proposal under evaluation
    NO_CRITERIA = "no_criteria"
    NO_SCORERS = "no_scorers"  # the committee has no member who scores
    SCORING_INCOMPLETE = "scoring_incomplete"  # some member has not scored yet
    NOT_RANKED = "not_ranked"  # the minutes exist once the ranking is computed
    MINUTES_RESTRICTED = "minutes_restricted"  # only the coordinator and the committee
    # Co-design.
    NOTHING_SELECTED = "nothing_selected"  # no selected proposal to co-design with
    AGREEMENT_EXISTS = "agreement_exists"
