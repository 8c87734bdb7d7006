"""Working days in the consortium: Monday to Friday, less Italy's public holidays (the
`holidays` library, Easter Monday included) and the patron saint's day of the town
concerned (reference_data/patron_days.csv, with its sources). Deadlines counted in working
days (the housing issues' timers) use these, never a calendar-day approximation."""

from __future__ import annotations

import csv
import datetime
from functools import cache
from pathlib import Path

import holidays

PATRON_DAYS_FILE = Path(__file__).resolve().parents[2] / "reference_data" / "patron_days.csv"


@cache
def _patron_days() -> dict[str, tuple[int, int]]:
    """ISTAT code → (month, day) of the town's patron saint."""
    with PATRON_DAYS_FILE.open(encoding="utf-8", newline="") as handle:
        return {
            row["istat_code"]: (int(row["month"]), int(row["day"]))
            for row in csv.DictReader(handle)
        }


@cache
def _national_holidays(year: int) -> frozenset[datetime.date]:
    return frozenset(holidays.country_holidays("IT", years=year))


def is_working_day(day: datetime.date, *, istat_code: str = "") -> bool:
    """Is `day` a working day in the town with `istat_code` (or anywhere in Italy, when
    no town is named)?"""
    if day.weekday() >= 5 or day in _national_holidays(day.year):
        return False
    return _patron_days().get(istat_code) != (day.month, day.day)


def add_working_days(start: datetime.date, days: int, *, istat_code: str = "") -> datetime.date:
    """The working day `days` working days after `start` (`start` itself never counts: one
    working day after a Friday is the next Monday)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += datetime.timedelta(days=1)
        if is_working_day(day, istat_code=istat_code):
            days -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, *, istat_code: str = "") -> int:
    """Working days after `start` up to and including `end` (0 when `end` is not later)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += is_working_day(day, istat_code=istat_code)
    return count
