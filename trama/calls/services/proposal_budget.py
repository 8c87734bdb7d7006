"""The budget of a proposal in words: the plain arithmetic of `trama.budget`, with each
problem worded for the applicant (the submission and the pages show the same messages)."""

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.utils.translation import gettext as _

from trama import budget
from trama.calls.models import BudgetLine, Proposal
from trama.core.formatting import euro, number, percent


def budget_figures(
    proposal: Proposal, lines: Iterable[BudgetLine], rate: Decimal
) -> budget.Figures:
    return budget.figures(proposal.total_budget, list(lines), rate)


def _message(problem: budget.Problem, rate: Decimal) -> str:
    match problem:
        case budget.NoLines():
            return _("The budget has no lines: add at least one cost item.")
        case budget.LineUnbalanced(number=line_number, line=line):
            return _(
                "Budget line %(number)d (“%(item)s”): the shares add up to %(shares)s "
                "(consortium %(consortium)s + cash %(cash)s + in kind %(kind)s + "
                "%(hours)s volunteer hours × %(rate)s = %(valued)s), not to the amount "
                "%(amount)s."
            ) % {
                "number": line_number,
                "item": line.description,
                "shares": euro(problem.shares),
                "consortium": euro(line.consortium_share),
                "cash": euro(line.cofunding_cash),
                "kind": euro(line.cofunding_in_kind),
                "hours": number(line.volunteer_hours),
                "rate": euro(rate),
                "valued": euro(problem.valued_hours),
                "amount": euro(line.amount),
            }
        case budget.LinesOffTotal():
            return _(
                "The budget lines add up to %(lines)s but the proposal's total is %(total)s: "
                "correct the lines or the total."
            ) % {"lines": euro(problem.lines_total), "total": euro(problem.total)}
        case budget.CofundingShort():
            return _(
                "The co-funding is %(cofunding)s (%(share)s of the total %(total)s): the call "
                "asks for at least %(minimum)s, that is %(required)s."
            ) % {
                "cofunding": euro(problem.cofunding),
                "share": percent(problem.share),
                "total": euro(problem.total),
                "minimum": percent(problem.minimum),
                "required": euro(problem.required),
            }
        case budget.TotalNotPositive():
            return _("The proposal's total budget must be greater than zero.")
    raise AssertionError(f"unworded budget problem {problem!r}")


def budget_problems(
    *, total: Decimal, lines: Sequence[BudgetLine], rate: Decimal, min_cofunding_percent: Decimal
) -> list[str]:
    """What is wrong with a budget, one message per problem (empty when it is right)."""
    found = budget.problems(
        total=total, lines=lines, rate=rate, min_cofunding_percent=min_cofunding_percent
    )
    return [_message(problem, rate) for problem in found]
