"""How fast a body owes each step of a housing issue: each category carries a default
priority, each priority its timers in working days (decision 0032). A case takes the
highest priority of its categories."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from trama.core.workdays import add_working_days
from trama.housing.models import IssueCategory, IssuePriority


@dataclass(frozen=True)
class Timers:
    acknowledge: int  # from the referral to "received"
    plan: int  # from the referral to "in progress" (a plan agreed)
    update_every: int  # at most this long between two answers while open


PRIORITY_TIMERS: dict[int, Timers] = {
    IssuePriority.URGENT: Timers(acknowledge=1, plan=2, update_every=5),
    IssuePriority.HIGH: Timers(acknowledge=1, plan=3, update_every=10),
    IssuePriority.NORMAL: Timers(acknowledge=2, plan=5, update_every=10),
    IssuePriority.LOW: Timers(acknowledge=5, plan=10, update_every=20),
}

CATEGORY_PRIORITY: dict[str, int] = {
    IssueCategory.HEALTH_SOCIAL: IssuePriority.URGENT,
    IssueCategory.NEIGHBOUR_CONFLICT: IssuePriority.HIGH,
    IssueCategory.ARREARS_RISK: IssuePriority.HIGH,
    IssueCategory.MAINTENANCE: IssuePriority.NORMAL,
    IssueCategory.COMMON_SPACES: IssuePriority.LOW,
}


def priority_of(categories: Iterable[str]) -> int:
    """The highest default priority of the categories (at least one)."""
    return max(CATEGORY_PRIORITY[category] for category in categories)


@dataclass(frozen=True)
class DueDates:
    acknowledge: datetime.date | None
    plan: datetime.date | None
    update: datetime.date | None


def due_dates(
    *,
    priority: int,
    referred_on: datetime.date,
    received: bool,
    planned: bool,
    last_update_on: datetime.date | None,
    istat_code: str = "",
) -> DueDates:
    """The next due date of each step still owed by the body; None for a step done."""
    timers = PRIORITY_TIMERS[priority]
    return DueDates(
        acknowledge=None
        if received
        else add_working_days(referred_on, timers.acknowledge, istat_code=istat_code),
        plan=None if planned else add_working_days(referred_on, timers.plan, istat_code=istat_code),
        update=add_working_days(
            last_update_on or referred_on, timers.update_every, istat_code=istat_code
        ),
    )
