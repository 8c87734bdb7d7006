"""Stable codes of the governance bodies' domain errors (decision 0026)."""

from enum import StrEnum


class ParticipationErrors(StrEnum):
    NO_MINUTES_YET = "no_minutes_yet"  # the meeting has not been held
    REQUIRED = "required"  # a text field left empty
    # Bodies and their members.
    BAD_QUORUM = "bad_quorum"  # not a percentage between 1 and 100
    ALREADY_A_MEMBER = "already_a_member"
    # Meetings and attendance.
    ENDS_BEFORE_START = "ends_before_start"
    EMPTY_AGENDA = "empty_agenda"
    NOT_CONVENED = "not_convened"  # attendance needs a convened meeting not yet closed
    NOT_A_MEMBER = "not_a_member"  # only the body's members are recorded as present
    ATTENDANCE_LOCKED = "attendance_locked"  # the meeting has taken a decision
    # Decisions and votes.
    NOT_HELD = "not_held"  # decisions are taken only in a meeting being held
    ALREADY_DECIDED = "already_decided"
    NO_VOTE_NEEDED = "no_vote_needed"  # the item is not put to the vote
    VOTE_NEEDED = "vote_needed"  # the item is put to the vote
    NO_QUORUM = "no_quorum"
    NOT_A_VOTER = "not_a_voter"  # only the voting members present vote
    VOTES_MISSING = "votes_missing"  # every voting member present votes
    BAD_VOTE = "bad_vote"
    UNDECIDED_ITEMS = "undecided_items"  # the minutes close when every item is decided
    # Follow-up actions.
    REJECTED_DECISION = "rejected_decision"  # a rejected decision yields no actions
    OWNER_REQUIRED = "owner_required"
    BAD_PROGRESS = "bad_progress"  # not a percentage between 0 and 100
    BAD_STATUS = "bad_status"
    PROGRESS_MISMATCH = "progress_mismatch"  # "done" exactly when the progress is 100%
