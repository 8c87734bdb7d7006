"""The budget rules of a proposal as plain arithmetic (Hypothesis): a line is accepted
exactly when its shares add up to its amount, and the co-funding check compares the
applicants' share with the call's minimum to the cent."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from trama.budget import (
    CENT,
    CofundingShort,
    LinesOffTotal,
    LineUnbalanced,
    NoLines,
    TotalNotPositive,
    figures,
    problems,
    volunteer_value,
)

cents = st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
hours = st.integers(min_value=0, max_value=100_000).map(lambda n: Decimal(n) / 100)
rates = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)
percents = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)


@dataclass
class Line:
    description: str
    amount: Decimal
    consortium_share: Decimal
    cofunding_cash: Decimal
    cofunding_in_kind: Decimal
    volunteer_hours: Decimal


def _line(consortium, cash, kind, volunteer_hours, rate, drift=Decimal("0")) -> Line:
    amount = consortium + cash + kind + volunteer_value(volunteer_hours, rate) + drift
    return Line("Voce", amount, consortium, cash, kind, volunteer_hours)


@given(
    st.lists(st.tuples(cents, cents, cents, hours), min_size=1, max_size=6),
    rates,
    percents,
)
def test_balanced_lines_fail_only_on_the_cofunding_minimum(rows, rate, minimum):
    lines = [_line(*row, rate) for row in rows]
    total = sum((line.amount for line in lines), Decimal("0"))
    found = problems(total=total, lines=lines, rate=rate, min_cofunding_percent=minimum)
    cofunding = sum(
        (
            line.cofunding_cash
            + line.cofunding_in_kind
            + volunteer_value(line.volunteer_hours, rate)
            for line in lines
        ),
        Decimal("0"),
    )
    required = (total * minimum / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    expected = [CofundingShort] * int(total > 0 and cofunding < required) + [
        TotalNotPositive
    ] * int(total <= 0)
    assert [type(problem) for problem in found] == expected, found
    assert figures(total, lines, rate).cofunding == cofunding


@given(cents, cents, hours, rates, st.integers(min_value=1, max_value=10_000))
def test_a_line_off_by_any_cent_is_refused(consortium, cash, volunteer_hours, rate, drift):
    line = _line(consortium, cash, Decimal("0"), volunteer_hours, rate, Decimal(drift) / 100)
    found = problems(total=line.amount, lines=[line], rate=rate, min_cofunding_percent=Decimal("0"))
    assert len(found) == 1
    assert isinstance(found[0], LineUnbalanced)
    assert found[0].number == 1
    assert found[0].shares == line.amount - Decimal(drift) / 100


def test_lines_that_miss_the_total_and_an_empty_budget():
    line = _line(Decimal("100"), Decimal("0"), Decimal("0"), Decimal("0"), Decimal("10"))
    assert problems(
        total=Decimal("150"), lines=[line], rate=Decimal("10"), min_cofunding_percent=Decimal("0")
    ) == [LinesOffTotal(lines_total=Decimal("100"), total=Decimal("150"))]
    assert problems(
        total=Decimal("0"), lines=[], rate=Decimal("10"), min_cofunding_percent=Decimal("10")
    ) == [NoLines(), TotalNotPositive()]


def test_cofunding_share_is_rounded_half_up_to_the_hundredth():
    # 1 of 3 euros is 33.333…%: 33.33; 2 of 3 is 66.666…%: 66.67.
    one = _line(Decimal("2"), Decimal("1"), Decimal("0"), Decimal("0"), Decimal("0"))
    two = _line(Decimal("1"), Decimal("2"), Decimal("0"), Decimal("0"), Decimal("0"))
    assert figures(Decimal("3"), [one], Decimal("0")).cofunding_percent() == Decimal("33.33")
    assert figures(Decimal("3"), [two], Decimal("0")).cofunding_percent() == Decimal("66.67")
