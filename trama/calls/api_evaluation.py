"""The evaluation in the API: an evaluator reads and writes their own scores of a proposal
(the same rules as the pages: declaration first, no conflict, 0..maximum, justification,
only while the call is under evaluation); the coordinator reads a call's ranking."""

from datetime import datetime
from decimal import Decimal

from ninja import Field, Router, Schema

from trama.accounts.api import token_auth
from trama.calls.capabilities import MANAGE_CALLS
from trama.calls.models import Proposal
from trama.calls.selectors import evaluation as selectors
from trama.calls.services import evaluation as services
from trama.core.api import DatabaseId, InputSchema

router = Router(tags=["calls"], auth=token_auth)


class ScoreOut(Schema):
    criterion_id: int
    criterion: str
    max_points: Decimal
    points: Decimal
    justification: str
    scored_at: datetime


class ScoreIn(InputSchema):
    criterion_id: DatabaseId
    points: Decimal = Field(..., ge=0, max_digits=8, decimal_places=2)
    justification: str = Field("", max_length=5000)


class ScoresIn(InputSchema):
    scores: list[ScoreIn] = Field(..., min_length=1, max_length=100)


class RankingRowOut(Schema):
    rank: int
    proposal_id: int
    title: str
    lead: str
    committee_score: Decimal
    state: str


def _proposal(request, proposal_id: int) -> tuple[Proposal, object]:
    return selectors.evaluator_proposal_get(user=request.auth, pk=proposal_id)


def _own_scores(user, proposal: Proposal) -> list[dict]:
    criteria = {c.pk: c for c in selectors.criteria_of(proposal.call)}
    return [
        {
            "criterion_id": s.criterion_id,
            "criterion": criteria[s.criterion_id].title,
            "max_points": criteria[s.criterion_id].max_points,
            "points": s.points,
            "justification": s.justification,
            "scored_at": s.scored_at,
        }
        for criterion_id, s in sorted(
            selectors.own_scores(user=user, proposal=proposal).items(),
            key=lambda item: (criteria[item[0]].position, item[0]),
        )
    ]


@router.get(
    "/evaluation/proposals/{proposal_id}/scores",
    response=list[ScoreOut],
    summary="The token user's own scores of a proposal they evaluate",
)
def evaluation_own_scores(request, proposal_id: DatabaseId):
    proposal, _declaration = _proposal(request, proposal_id)
    return _own_scores(request.auth, proposal)


@router.put(
    "/evaluation/proposals/{proposal_id}/scores",
    response=list[ScoreOut],
    summary="Save the token user's scores of a proposal (all or none; 422 with the reasons)",
)
def evaluation_own_scores_save(request, proposal_id: DatabaseId, payload: ScoresIn):
    proposal, _declaration = _proposal(request, proposal_id)
    services.scores_save(
        actor=request.auth,
        proposal=proposal,
        entries=[
            services.ScoreEntry(s.criterion_id, s.points, s.justification) for s in payload.scores
        ],
    )
    return _own_scores(request.auth, proposal)


@router.get(
    "/{call_id}/ranking",
    response=list[RankingRowOut],
    summary="A call's ranking (coordinator; empty until computed)",
)
def evaluation_ranking_read(request, call_id: DatabaseId):
    call = selectors.managed_call_get(user=request.auth, pk=call_id)
    MANAGE_CALLS.require(request.auth)
    return [
        {
            "rank": p.rank,
            "proposal_id": p.pk,
            "title": p.title,
            "lead": p.lead.name,
            "committee_score": p.committee_score,
            "state": p.state,
        }
        for p in selectors.ranking_rows(user=request.auth, call=call)
    ]
