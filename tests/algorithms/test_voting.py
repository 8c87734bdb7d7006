import pytest

from trama.voting import MajorityRule, approved, quorum


@pytest.mark.parametrize(
    ("members", "percent", "required"),
    [(5, 50, 3), (4, 50, 2), (6, 51, 4), (9, 66, 6), (1, 100, 1), (3, 1, 1)],
)
def test_quorum_rounds_up(members, percent, required):
    assert quorum(present=0, members=members, quorum_percent=percent).required == required


def test_quorum_met_only_at_the_required_count():
    assert not quorum(present=2, members=5, quorum_percent=50).met
    assert quorum(present=3, members=5, quorum_percent=50).met


def test_a_body_without_voting_members_never_has_quorum():
    assert not quorum(present=0, members=0, quorum_percent=50).met


@pytest.mark.parametrize(
    ("present", "members", "percent"), [(-1, 3, 50), (4, 3, 50), (1, 3, 0), (1, 3, 101)]
)
def test_quorum_refuses_impossible_counts(present, members, percent):
    with pytest.raises(ValueError):
        quorum(present=present, members=members, quorum_percent=percent)


def test_simple_majority_ignores_abstentions_and_a_tie_fails():
    assert approved(yes=2, no=1, abstain=3, present=6, rule=MajorityRule.SIMPLE)
    assert not approved(yes=2, no=2, abstain=1, present=5, rule=MajorityRule.SIMPLE)


def test_absolute_majority_counts_those_present():
    # 3 of 6 present is half, not more than half.
    assert not approved(yes=3, no=0, abstain=3, present=6, rule=MajorityRule.ABSOLUTE)
    assert approved(yes=4, no=2, abstain=0, present=6, rule=MajorityRule.ABSOLUTE)


def test_two_thirds():
    assert approved(yes=4, no=2, abstain=0, present=6, rule=MajorityRule.TWO_THIRDS)
    assert not approved(yes=3, no=1, abstain=1, present=5, rule=MajorityRule.TWO_THIRDS)


def test_votes_must_match_those_present():
    with pytest.raises(ValueError):
        approved(yes=1, no=1, abstain=0, present=3, rule=MajorityRule.SIMPLE)
