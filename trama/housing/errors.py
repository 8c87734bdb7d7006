"""Stable codes of the housing domain errors (decision 0026)."""

from enum import StrEnum


class HousingErrors(StrEnum):
    NOT_AN_ATC_HUB = "not_an_atc_hub"
    TENANCY_OVERLAP = "tenancy_overlap"
    TENANCY_DATES = "tenancy_dates"
    BEFORE_JOINING = "before_joining"
    HOUSEHOLD_MISSING = "household_missing"
    STAIRCASE_MISSING = "staircase_missing"
    NOT_A_TENANT = "not_a_tenant"
    NO_CATEGORY = "no_category"
    NOT_A_PARTNER_BODY = "not_a_partner_body"
    REASON_MISSING = "reason_missing"
    NOT_CLOSED = "not_closed"
    FEEDBACK_GIVEN = "feedback_given"
    NOT_THE_BODY_STEP = "not_the_body_step"
    UNIT_TAKEN = "unit_taken"
    UNIT_ELSEWHERE = "unit_elsewhere"
    NOT_A_REPEAT = "not_a_repeat"
    WITH_THE_BODY = "with_the_body"
    ISSUE_CLOSED = "issue_closed"
    UPDATE_EMPTY = "update_empty"
