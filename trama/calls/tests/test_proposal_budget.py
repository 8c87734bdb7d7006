"""The budget's problems in the applicant's words (the arithmetic itself is tested in
tests/algorithms/test_budget.py): amounts as Italian euros, one message per problem."""

from decimal import Decimal

from django.utils import translation

from trama.calls.models import BudgetLine
from trama.calls.services.proposal_budget import budget_problems


def test_an_unbalanced_line_and_a_short_cofunding_are_worded_with_italian_euros():
    line = BudgetLine(
        description="Merende dell'oratorio",
        amount=Decimal("1234.50"),
        consortium_share=Decimal("1000"),
        cofunding_cash=Decimal("100"),
        cofunding_in_kind=Decimal("0"),
        volunteer_hours=Decimal("10"),
    )
    with translation.override("it"):
        problems = budget_problems(
            total=Decimal("1234.50"),
            lines=[line],
            rate=Decimal("12.5"),
            min_cofunding_percent=Decimal("25"),
        )
    assert len(problems) == 2
    assert problems[0].startswith("Riga di budget 1 («Merende dell'oratorio»)")
    assert "1.225,00 €" in problems[0]  # 1000 + 100 + 10 h × 12,50 €
    assert "1.234,50 €" in problems[0]
    assert "225,00 €" in problems[1] and "25,00%" in problems[1]
