"""RI-abitare la città's part of a person's data, for the data-subject export, erasure and
retention (the registry is trama/core/subject_data.py): the tenancies, the activities and
the issues of the households the person belongs to. On erasure the free text written about
them (an individual activity's outcome and next steps, an issue's description) is blanked;
the rows stay, so every count and timer stays the same."""

from trama.core.subject_data import ModelData, Provider, model_provider
from trama.housing.models import Activity, Issue, Tenancy

MEMBER = "household__members__person"

HOUSING_DATA = (
    ModelData(
        Tenancy,
        person=MEMBER,
        key="tenancies",
        export=("unit", "start_on", "end_on"),
        activity=("start_on", "end_on"),
    ),
    ModelData(
        Activity,
        person=MEMBER,
        key="housing_activities",
        export=("building", "kind", "title", "on", "outcome", "next_steps"),
        erase={"outcome": "", "next_steps": ""},
        activity=("on",),
    ),
    ModelData(
        Activity.attendees.through,
        person=MEMBER,
        key="housing_activities_attended",
        export=("activity",),
    ),
    ModelData(
        Issue,
        person="households__members__person",
        key="housing_issues",
        export=("building", "unit", "description", "state", "reported_at", "closed_at"),
        erase={"description": ""},
        activity=("reported_at", "closed_at"),
    ),
)


def housing_provider() -> Provider:
    return model_provider("housing", HOUSING_DATA)
