"""The plain scoring package: published ranges, the TFI threshold, one item at a time."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trama.screening import INSTRUMENTS, TFI, UCLA3, ScoringError, score


def answers_for(instrument):
    """Any complete set of valid answers of `instrument`."""
    return st.fixed_dictionaries(
        {item.code: st.sampled_from([o.code for o in item.options]) for item in instrument.items}
    )


instruments = st.sampled_from(list(INSTRUMENTS.values()))


def test_published_ranges_and_domains():
    assert (TFI.minimum, TFI.maximum, len(TFI.items)) == (0, 15, 15)
    assert (UCLA3.minimum, UCLA3.maximum, len(UCLA3.items)) == (3, 9, 3)
    per_domain = {
        d.code: sum(i.max_points for i in TFI.items if i.domain == d.code) for d in TFI.domains
    }
    assert per_domain == {"physical": 8, "psychological": 4, "social": 3}


def test_tfi_manual_scoring_of_the_three_answer_items():
    frail_free = {item.code: min(item.options, key=lambda o: o.points).code for item in TFI.items}
    assert score(TFI, frail_free).total == 0
    # Memory: only "yes" scores; feeling down, nervous, missing people: "sometimes" scores too.
    assert score(TFI, frail_free | {"memory": "sometimes"}).total == 0
    assert score(TFI, frail_free | {"memory": "yes"}).total == 1
    for code in ("feeling_down", "nervous", "misses_people"):
        assert score(TFI, frail_free | {code: "sometimes"}).total == 1
    # Resources score on "no".
    for code in ("physically_healthy", "coping", "support"):
        assert frail_free[code] == "yes"
        assert score(TFI, frail_free | {code: "no"}).total == 1


def test_a_frail_person():
    answers = {item.code: "no" for item in TFI.items}  # no resources, no problems
    answers |= {"memory": "no", "lives_alone": "yes", "walking": "yes"}
    result = score(TFI, answers)
    # physically_healthy, coping, support score on "no" (3), lives_alone and walking (2)
    assert result.total == 5 and result.flagged
    assert result.domain_totals == {"physical": 2, "psychological": 1, "social": 2}


def test_ucla3_has_no_flag():
    result = score(UCLA3, {"companionship": "often", "left_out": "often", "isolated": "often"})
    assert (result.total, result.flagged, result.domain_totals) == (9, False, {})


@given(instruments.flatmap(lambda i: st.tuples(st.just(i), answers_for(i))))
def test_total_always_in_range_and_flag_iff_threshold(case):
    instrument, answers = case
    result = score(instrument, answers)
    assert instrument.minimum <= result.total <= instrument.maximum
    assert sum(result.domain_totals.values()) == (result.total if instrument.domains else 0)
    if instrument is TFI:
        assert result.flagged == (result.total >= 5)
    else:
        assert not result.flagged


@given(
    instruments.flatmap(
        lambda i: st.tuples(
            st.just(i),
            answers_for(i),
            st.sampled_from(i.items).flatmap(
                lambda item: st.tuples(st.just(item), st.sampled_from(item.options))
            ),
        )
    )
)
def test_changing_one_item_changes_the_total_by_its_points(case):
    instrument, answers, (item, option) = case
    before = score(instrument, answers).total
    after = score(instrument, answers | {item.code: option.code}).total
    assert after - before == option.points - item.option(answers[item.code]).points


@given(
    instruments.flatmap(lambda i: st.tuples(st.just(i), answers_for(i), st.sampled_from(i.items)))
)
def test_a_missing_item_is_refused_and_named(case):
    instrument, answers, item = case
    del answers[item.code]
    with pytest.raises(ScoringError) as refused:
        score(instrument, answers)
    assert refused.value.missing == (item.code,)
    partial = score(instrument, answers, partial=True)
    assert partial.missing == (item.code,)
    # A partial score flags only what more answers could not undo.
    assert partial.flagged == instrument.is_flagged(partial.total)


@pytest.mark.parametrize("bad", ["maybe", "", 3, None, "YES"])
def test_an_answer_out_of_range_is_refused(bad):
    answers = {item.code: "no" for item in TFI.items} | {"walking": bad}
    with pytest.raises(ScoringError) as refused:
        score(TFI, answers)
    assert "walking" in (refused.value.invalid + refused.value.missing)


def test_an_unknown_item_is_refused():
    answers = {"companionship": "often", "left_out": "often", "isolated": "often", "x": "often"}
    with pytest.raises(ScoringError, match="not items of this instrument: x"):
        score(UCLA3, answers)
