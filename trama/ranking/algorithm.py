"""The ranking itself (see the package's docstring for the rules)."""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

TWO_PLACES = Decimal("0.01")
ZERO = Decimal("0")


class Aggregate(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"


class TieBreak(StrEnum):
    FIRST_CRITERION = "first_criterion"
    HIGHER_COFUNDING = "higher_cofunding"
    EARLIER_SUBMISSION = "earlier_submission"


@dataclass(frozen=True)
class CriterionInput:
    id: int
    position: int
    max_points: Decimal
    weight: Decimal


@dataclass(frozen=True)
class ProposalInput:
    id: int
    cofunding_share: Decimal  # 0..1 (or a percentage: only the order matters)
    submitted_at: datetime.datetime | None


@dataclass(frozen=True)
class ScoreInput:
    proposal_id: int
    criterion_id: int
    evaluator_id: int
    points: Decimal


@dataclass(frozen=True)
class RankingConfig:
    aggregate: Aggregate = Aggregate.MEAN
    threshold: Decimal = ZERO
    tie_break: TieBreak = TieBreak.FIRST_CRITERION


@dataclass(frozen=True)
class RankedProposal:
    proposal_id: int
    # The committee's score of each criterion, in the criteria's order.
    criterion_scores: tuple[tuple[int, Decimal], ...]
    total: Decimal
    admitted: bool
    rank: int

    def score_of(self, criterion_id: int) -> Decimal:
        return dict(self.criterion_scores)[criterion_id]


def round_points(value: Decimal) -> Decimal:
    """Half up to 2 places: the one rounding rule of the ranking (and of its minutes)."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def committee_score(points: Sequence[Decimal], aggregate: Aggregate) -> Decimal:
    """The committee's score of one criterion from the evaluators' points, rounded."""
    if not points:
        return round_points(ZERO)
    if aggregate == Aggregate.MEDIAN:
        ordered = sorted(points)
        middle = len(ordered) // 2
        value = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    else:
        value = sum(points, ZERO) / len(points)
    return round_points(value)


def _tie_key(
    config: RankingConfig,
    proposal: ProposalInput,
    scores: tuple[tuple[int, Decimal], ...],
) -> tuple:
    """Smaller sorts first."""
    if config.tie_break == TieBreak.FIRST_CRITERION:
        return tuple(-score for _criterion, score in scores)
    if config.tie_break == TieBreak.HIGHER_COFUNDING:
        return (-proposal.cofunding_share,)
    # Earlier submission first; a proposal without an instant after every one with it.
    submitted = proposal.submitted_at
    return (submitted is None, submitted.timestamp() if submitted else 0.0)


def rank_proposals(
    criteria: Iterable[CriterionInput],
    proposals: Iterable[ProposalInput],
    scores: Iterable[ScoreInput],
    config: RankingConfig,
) -> list[RankedProposal]:
    """Every proposal with its committee scores, total, admission and rank, best first."""
    ordered_criteria = sorted(criteria, key=lambda c: (c.position, c.id))
    points: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    for score in scores:
        points[(score.proposal_id, score.criterion_id)].append(score.points)

    weights = {c.id: c.weight for c in ordered_criteria}
    rows = []
    for proposal in proposals:
        per_criterion = tuple(
            (c.id, committee_score(points.get((proposal.id, c.id), ()), config.aggregate))
            for c in ordered_criteria
        )
        total = round_points(sum((weights[cid] * s for cid, s in per_criterion), ZERO))
        key = (-total, _tie_key(config, proposal, per_criterion), proposal.id)
        rows.append((key, proposal.id, per_criterion, total))

    rows.sort(key=lambda row: row[0])
    return [
        RankedProposal(
            proposal_id=proposal_id,
            criterion_scores=per_criterion,
            total=total,
            admitted=total >= config.threshold,
            rank=position,
        )
        for position, (_key, proposal_id, per_criterion, total) in enumerate(rows, start=1)
    ]
