"""Mi affido a te's part of an elder's data, for the data-subject export, erasure and
retention (the registry is trama/core/subject_data.py). The volunteers are not `Person`s:
their own data stay with their application."""

from trama.core.subject_data import ModelData, Provider, model_provider
from trama.volunteering.models import ElderProfile, MatchingProposal, Visit

VOLUNTEERING_DATA = (
    ModelData(
        ElderProfile,
        person="person",
        key="elder_profile",
        export=(
            "waiting_since",
            "slots",
            "interests",
            "needs",
            "mobility",
            "preferred_gender",
            "has_pets",
            "smoker",
            "accepts_smokers",
            "created_at",
        ),
        erase={"interests": []},
        activity=("created_at", "updated_at"),
    ),
    # The volunteer proposed is a third party's data: the export gives the run and the score.
    ModelData(
        MatchingProposal,
        person="elder__person",
        key="matching_proposals",
        export=("run", "score", "km", "explanation"),
    ),
    # The volunteer's visits: what they did with the elder, what worried them.
    ModelData(
        Visit,
        person="pairing__elder__person",
        key="visits",
        export=("on", "minutes", "activities", "concern"),
        erase={"activities": "", "concern": ""},
        activity=("on",),
    ),
)


def volunteering_provider() -> Provider:
    return model_provider("volunteering", VOLUNTEERING_DATA)
