"""The ranking of a call's proposals from the committee's scores: plain Python, no Django,
no app (the calls app loads the data and stores the result through a thin service).

Input: the call's criteria (id, position, maximum points, weight), its proposals (id,
co-funding share, submission instant) and the evaluators' scores (proposal, criterion,
evaluator, points). Configuration: how the evaluators' points become the committee's score
of a criterion (mean or median), the admission threshold and the tie-break rule.

Arithmetic (all `Decimal`, rounded half up — 0.005 → 0.01 — to 2 places):

- committee score of a criterion = mean or median of the points of the evaluators who
  scored it, rounded; 0 when nobody scored it (the service only ranks complete scores);
- total = Σ weight × committee score over the criteria, rounded once at the end;
- admitted when total ≥ threshold (the threshold compares with the weighted total);
- rank 1..n over every proposal, admitted or not, by total descending, then by the
  tie-break rule, then by id (so the order never depends on the input's order):
  `first_criterion` compares the committee scores criterion by criterion in the criteria's
  order (position, then id), higher first; `higher_cofunding` the co-funding share, higher
  first; `earlier_submission` the submission instant, earlier first (a missing one last).

Since the total decides first, every admitted proposal ranks above every one that is not.
"""

from trama.ranking.algorithm import (
    Aggregate,
    CriterionInput,
    ProposalInput,
    RankedProposal,
    RankingConfig,
    ScoreInput,
    TieBreak,
    committee_score,
    rank_proposals,
    round_points,
)

__all__ = [
    "Aggregate",
    "CriterionInput",
    "ProposalInput",
    "RankedProposal",
    "RankingConfig",
    "ScoreInput",
    "TieBreak",
    "committee_score",
    "rank_proposals",
    "round_points",
]
