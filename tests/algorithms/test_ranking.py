"""The ranking algorithm (trama/ranking): a hand-computed example and its properties."""

import datetime
import random
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from trama.ranking import (
    Aggregate,
    CriterionInput,
    ProposalInput,
    RankingConfig,
    ScoreInput,
    TieBreak,
    committee_score,
    rank_proposals,
)

D = Decimal
T0 = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)


def test_hand_computed_example():
    # Two criteria: quality (max 30, weight 2) and cost (max 10, weight 1).
    criteria = [
        CriterionInput(id=11, position=1, max_points=D("10"), weight=D("1")),
        CriterionInput(id=10, position=0, max_points=D("30"), weight=D("2")),
    ]
    proposals = [
        ProposalInput(id=1, cofunding_share=D("0.20"), submitted_at=T0),
        ProposalInput(id=2, cofunding_share=D("0.30"), submitted_at=T0),
        ProposalInput(id=3, cofunding_share=D("0.10"), submitted_at=T0),
    ]
    points = {
        # proposal: {criterion: [evaluator 1, 2, 3]}
        1: {10: ["20", "25", "21"], 11: ["5", "6", "7"]},  # mean 22, 6 → 2×22 + 6 = 50
        2: {10: ["24", "24", "24"], 11: ["2", "2", "2"]},  # 24, 2 → 50 (tie with 1)
        3: {10: ["10", "11", "11"], 11: ["9", "9", "10"]},  # 10.666… → 10.67; 9.33 → 30.67
    }
    scores = [
        ScoreInput(p, c, e, D(value))
        for p, by_criterion in points.items()
        for c, values in by_criterion.items()
        for e, value in enumerate(values, start=1)
    ]
    config = RankingConfig(
        aggregate=Aggregate.MEAN, threshold=D("40"), tie_break=TieBreak.FIRST_CRITERION
    )
    ranked = rank_proposals(criteria, proposals, scores, config)

    # 2 before 1: equal totals, the first criterion (position 0, id 10) decides: 24 > 22.
    assert [(r.proposal_id, r.total, r.admitted, r.rank) for r in ranked] == [
        (2, D("50.00"), True, 1),
        (1, D("50.00"), True, 2),
        (3, D("30.67"), False, 3),
    ]
    assert ranked[2].criterion_scores == ((10, D("10.67")), (11, D("9.33")))

    by_cofunding = rank_proposals(
        criteria,
        proposals,
        scores,
        RankingConfig(threshold=D("40"), tie_break=TieBreak.HIGHER_COFUNDING),
    )
    assert [r.proposal_id for r in by_cofunding] == [2, 1, 3]

    median = rank_proposals(
        criteria, proposals, scores, RankingConfig(aggregate=Aggregate.MEDIAN, threshold=D("40"))
    )
    # Proposal 1 by median: 21 and 6 → 48; proposal 2 still 50.
    assert [(r.proposal_id, r.total) for r in median] == [
        (2, D("50.00")),
        (1, D("48.00")),
        (3, D("31.00")),
    ]


def test_earlier_submission_and_the_final_fallback_by_id():
    criteria = [CriterionInput(id=1, position=0, max_points=D("10"), weight=D("1"))]
    proposals = [
        ProposalInput(id=7, cofunding_share=D("0"), submitted_at=T0),
        ProposalInput(
            id=5, cofunding_share=D("0"), submitted_at=T0 + datetime.timedelta(seconds=1)
        ),
        ProposalInput(id=9, cofunding_share=D("0"), submitted_at=T0),
        ProposalInput(id=3, cofunding_share=D("0"), submitted_at=None),
    ]
    scores = [ScoreInput(p.id, 1, 1, D("5")) for p in proposals]
    ranked = rank_proposals(
        criteria, proposals, scores, RankingConfig(tie_break=TieBreak.EARLIER_SUBMISSION)
    )
    assert [r.proposal_id for r in ranked] == [7, 9, 5, 3]


def test_rounding_is_half_up_to_two_places():
    assert committee_score([D("1"), D("2"), D("2"), D("2.02")], Aggregate.MEAN) == D("1.76")
    assert committee_score([D("0.005")], Aggregate.MEAN) == D("0.01")
    assert committee_score([D("1"), D("2")], Aggregate.MEDIAN) == D("1.50")
    assert committee_score([], Aggregate.MEDIAN) == D("0.00")


# --- properties -------------------------------------------------------------------------


@st.composite
def call_data(draw):
    n_criteria = draw(st.integers(1, 4))
    criteria = [
        CriterionInput(
            id=100 + i,
            position=draw(st.integers(0, 3)),
            max_points=D(draw(st.integers(1, 30))),
            weight=D(draw(st.integers(1, 300))) / 100,
        )
        for i in range(n_criteria)
    ]
    n_proposals = draw(st.integers(1, 8))
    proposals = [
        ProposalInput(
            id=i + 1,
            cofunding_share=D(draw(st.integers(0, 100))) / 100,
            submitted_at=draw(
                st.one_of(
                    st.none(),
                    st.integers(0, 5).map(lambda m: T0 + datetime.timedelta(minutes=m)),
                )
            ),
        )
        for i in range(n_proposals)
    ]
    evaluators = draw(st.integers(1, 4))
    scores = [
        ScoreInput(
            p.id,
            c.id,
            e,
            D(draw(st.integers(0, int(c.max_points) * 4))) / 4,
        )
        for p in proposals
        for c in criteria
        for e in range(1, evaluators + 1)
    ]
    config = RankingConfig(
        aggregate=draw(st.sampled_from(list(Aggregate))),
        threshold=D(draw(st.integers(0, 4000))) / 100,
        tie_break=draw(st.sampled_from(list(TieBreak))),
    )
    return criteria, proposals, scores, config


def _outcome(ranked):
    return [(r.proposal_id, r.total, r.admitted, r.rank, r.criterion_scores) for r in ranked]


@settings(max_examples=150, deadline=None)
@given(call_data(), st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_change_the_ranking(data, rnd: random.Random):
    criteria, proposals, scores, config = data
    expected = _outcome(rank_proposals(criteria, proposals, scores, config))
    for items in (criteria, proposals, scores):
        rnd.shuffle(items)
    assert _outcome(rank_proposals(criteria, proposals, scores, config)) == expected


@settings(max_examples=150, deadline=None)
@given(call_data())
def test_a_proposal_below_the_threshold_is_never_admitted_and_ranks_are_gapless(data):
    criteria, proposals, scores, config = data
    ranked = rank_proposals(criteria, proposals, scores, config)
    assert [r.rank for r in ranked] == list(range(1, len(proposals) + 1))
    assert sorted(r.proposal_id for r in ranked) == sorted(p.id for p in proposals)
    for r in ranked:
        assert r.admitted == (r.total >= config.threshold)
        if r.total < config.threshold:
            assert not r.admitted
    # Every admitted proposal ranks above every one that is not.
    admitted = [r.rank for r in ranked if r.admitted]
    assert admitted == list(range(1, len(admitted) + 1))
    totals = [r.total for r in ranked]
    assert totals == sorted(totals, reverse=True)


@settings(max_examples=150, deadline=None)
@given(call_data(), st.data())
def test_raising_one_score_never_lowers_that_proposals_total(data, more):
    criteria, proposals, scores, config = data
    index = more.draw(st.integers(0, len(scores) - 1))
    raise_by = D(more.draw(st.integers(1, 40))) / 4
    before = {r.proposal_id: r for r in rank_proposals(criteria, proposals, scores, config)}
    old = scores[index]
    scores[index] = ScoreInput(
        old.proposal_id, old.criterion_id, old.evaluator_id, old.points + raise_by
    )
    after = {r.proposal_id: r for r in rank_proposals(criteria, proposals, scores, config)}
    assert after[old.proposal_id].total >= before[old.proposal_id].total
    # Nobody else's total moves.
    for pid, row in before.items():
        if pid != old.proposal_id:
            assert after[pid].total == row.total
