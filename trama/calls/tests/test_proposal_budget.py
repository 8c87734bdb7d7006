"""The budget rules of a proposal as plain arithmetic (Hypothesis): a line is accepted
exactly when its shares add up to its amount, and the co-funding check compares the
applicants' share with the call's minimum to the cent."""

from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given
from hypothesis import strategies as st

from trama.calls.models import BudgetLine
from trama.calls.services.proposal import CENT, budget_problems, volunteer_value

cents = st.integers(min_value=0, max_value=10_000_000).map(lambda n: Decimal(n) / 100)
hours = st.integers(min_value=0, max_value=100_000).map(lambda n: Decimal(n) / 100)
rates = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)
percents = st.integers(min_value=0, max_value=10_000).map(lambda n: Decimal(n) / 100)


def _line(consortium, cash, kind, volunteer_hours, rate, drift=Decimal("0")) -> BudgetLine:
    amount = consortium + cash + kind + volunteer_value(volunteer_hours, rate) + drift
    return BudgetLine(
        description="Voce",
        amount=amount,
        consortium_share=consortium,
        cofunding_cash=cash,
        cofunding_in_kind=kind,
        volunteer_hours=volunteer_hours,
    )


@given(
    st.lists(st.tuples(cents, cents, cents, hours), min_size=1, max_size=6),
    rates,
    percents,
)
def test_balanced_lines_fail_only_on_the_cofunding_minimum(rows, rate, minimum):
    lines = [_line(*row, rate) for row in rows]
    total = sum((line.amount for line in lines), Decimal("0"))
    problems = budget_problems(total=total, lines=lines, rate=rate, min_cofunding_percent=minimum)
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
    expected = int(total > 0 and cofunding < required) + int(total <= 0)
    assert len(problems) == expected, problems


@given(cents, cents, hours, rates, st.integers(min_value=1, max_value=10_000))
def test_a_line_off_by_any_cent_is_refused(consortium, cash, volunteer_hours, rate, drift):
    line = _line(consortium, cash, Decimal("0"), volunteer_hours, rate, Decimal(drift) / 100)
    problems = budget_problems(
        total=line.amount, lines=[line], rate=rate, min_cofunding_percent=Decimal("0")
    )
    assert len(problems) == 1
    assert problems[0].startswith("Riga di budget 1")
