"""Casework's part of a person's data, for the data-subject export, erasure and retention
(the registry is trama/core/subject_data.py). A new model about a person adds one
`ModelData` line here."""

from django.db.models import Case, Value, When

from trama.casework.models import (
    Appointment,
    ListeningSession,
    PlanAction,
    PlanReview,
    Referral,
    ReferralEvent,
    Screening,
    SupportPlan,
)
from trama.core.subject_data import ModelData, Provider, model_provider

# Blanked text becomes "". A plan action needs an owner, so an action owned by someone
# outside the staff keeps a dash where the name was.
ANONYMOUS_OWNER = Case(When(owner_text="", then=Value("")), default=Value("—"))

CASEWORK_DATA = (
    ModelData(
        ListeningSession,
        person="person",
        key="listening_sessions",
        export=(
            "held_on",
            "hub",
            "operator",
            "duration_minutes",
            "channel",
            "needs",
            "notes",
            "suggested_projects",
            "suggested_services",
        ),
        erase={"notes": "", "suggested_services": ""},
        activity=("held_on", "created_at"),
    ),
    ModelData(
        Referral,
        person="person",
        key="referrals",
        export=(
            "sent_at",
            "from_hub",
            "from_user",
            "to_organization",
            "to_project",
            "state",
            "reason",
            "shared_summary",
            "answered_at",
            "closed_at",
        ),
        erase={"reason": "", "shared_summary": ""},
        activity=("sent_at", "answered_at", "closed_at"),
    ),
    ModelData(
        ReferralEvent,
        person="referral__person",
        key="referral_events",
        export=("referral", "from_state", "to_state", "by", "feedback", "at"),
        erase={"feedback": ""},
        activity=("at",),
    ),
    ModelData(
        SupportPlan,
        person="person",
        key="support_plans",
        export=("hub", "created_by", "goals", "status", "next_review_on", "created_at"),
        erase={"goals": ""},
        activity=("created_at",),
    ),
    ModelData(
        PlanAction,
        person="plan__person",
        key="plan_actions",
        export=("plan", "description", "owner", "owner_text", "due_on", "status", "done_at"),
        erase={"description": "", "owner_text": ANONYMOUS_OWNER},
        activity=("done_at",),
    ),
    ModelData(
        PlanReview,
        person="plan__person",
        key="plan_reviews",
        export=("plan", "reviewed_on", "by", "notes"),
        erase={"notes": ""},
        activity=("reviewed_on",),
    ),
    ModelData(
        Appointment,
        person="person",
        key="appointments",
        export=(
            "starts_at",
            "hub",
            "operator",
            "duration_minutes",
            "channel",
            "purpose",
            "status",
            "session",
        ),
        erase={"purpose": ""},
        activity=("starts_at", "created_at"),
    ),
    # Scores stay after erasure (no free text, and the frailty counts of the reports keep
    # their totals); once the person is anonymised they no longer point at anyone.
    ModelData(
        Screening,
        person="person",
        key="screenings",
        export=(
            "taken_on",
            "instrument",
            "hub",
            "operator",
            "answers",
            "total",
            "flagged",
            "domain_totals",
        ),
        erase={},
        activity=("taken_on", "created_at"),
    ),
)


def casework_provider() -> Provider:
    return model_provider("casework", CASEWORK_DATA)
