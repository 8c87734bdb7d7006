"""The budget of a proposal as plain arithmetic: what each line and the whole budget add up
to, and what is wrong with them, in Decimal euros rounded half up to the cent.

No Django and no app: lines are any objects with the attributes of `Line` (the calls app
passes its BudgetLine rows), problems are plain values the caller words for its readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

CENT = Decimal("0.01")
ZERO = Decimal("0")


class Line(Protocol):
    description: str
    amount: Decimal
    consortium_share: Decimal
    cofunding_cash: Decimal
    cofunding_in_kind: Decimal
    volunteer_hours: Decimal


def to_cent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def volunteer_value(hours: Decimal, rate: Decimal) -> Decimal:
    """Volunteer hours valued at the call's hourly rate, to the cent."""
    return to_cent(hours * rate)


def share_percent(part: Decimal, whole: Decimal) -> Decimal:
    """`part` as a percentage of `whole`, to the hundredth (0 when there is no whole)."""
    return to_cent(part * 100 / whole) if whole else ZERO


@dataclass(frozen=True)
class Figures:
    total: Decimal  # the proposal's declared total
    lines_total: Decimal
    consortium: Decimal
    cash: Decimal
    in_kind: Decimal
    volunteer: Decimal  # valued hours

    @property
    def cofunding(self) -> Decimal:
        return self.cash + self.in_kind + self.volunteer

    def cofunding_percent(self) -> Decimal:
        return share_percent(self.cofunding, self.total)


def figures(total: Decimal, lines: Sequence[Line], rate: Decimal) -> Figures:
    return Figures(
        total=total,
        lines_total=sum((line.amount for line in lines), ZERO),
        consortium=sum((line.consortium_share for line in lines), ZERO),
        cash=sum((line.cofunding_cash for line in lines), ZERO),
        in_kind=sum((line.cofunding_in_kind for line in lines), ZERO),
        volunteer=sum((volunteer_value(line.volunteer_hours, rate) for line in lines), ZERO),
    )


# What can be wrong, one value per problem, carrying the figures its message names.


@dataclass(frozen=True)
class NoLines:
    pass


@dataclass(frozen=True)
class LineUnbalanced:
    number: int  # 1-based, as the applicant counts the lines
    line: Line
    valued_hours: Decimal
    shares: Decimal


@dataclass(frozen=True)
class LinesOffTotal:
    lines_total: Decimal
    total: Decimal


@dataclass(frozen=True)
class CofundingShort:
    cofunding: Decimal
    share: Decimal  # percent of the total
    total: Decimal
    minimum: Decimal  # percent the call asks for
    required: Decimal


@dataclass(frozen=True)
class TotalNotPositive:
    pass


Problem = NoLines | LineUnbalanced | LinesOffTotal | CofundingShort | TotalNotPositive


def problems(
    *, total: Decimal, lines: Sequence[Line], rate: Decimal, min_cofunding_percent: Decimal
) -> list[Problem]:
    """What is wrong with a budget (empty when it is right): each line's shares must add up
    to its amount, the lines to the total, and the co-funding must reach the call's minimum
    share of the total, which must be positive."""
    found: list[Problem] = []
    if not lines:
        found.append(NoLines())
    for number, line in enumerate(lines, start=1):
        valued = volunteer_value(line.volunteer_hours, rate)
        shares = line.consortium_share + line.cofunding_cash + line.cofunding_in_kind + valued
        if shares != line.amount:
            found.append(LineUnbalanced(number, line, valued, shares))
    summed = figures(total, lines, rate)
    if lines and summed.lines_total != total:
        found.append(LinesOffTotal(summed.lines_total, total))
    required = to_cent(total * min_cofunding_percent / 100)
    if total and summed.cofunding < required:
        found.append(
            CofundingShort(
                cofunding=summed.cofunding,
                share=share_percent(summed.cofunding, total),
                total=total,
                minimum=min_cofunding_percent,
                required=required,
            )
        )
    if total <= 0:
        found.append(TotalNotPositive())
    return found
