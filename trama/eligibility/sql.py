"""The set-based path: a rule compiled to one SQL boolean expression over a flat facts view.

"Everyone eligible for a project" at M (500,000 people) must run in the database (DESIGN.md
§6), so the rule is compiled to a `WHERE` expression instead of evaluating people one by one.
The expression has the semantics of `explain.evaluate`: each leaf yields TRUE (met), FALSE
(not met) or NULL (unknown), and SQL's AND/OR on NULL are Kleene's AND/OR, so the expression
is TRUE exactly for the people whose outcome is MET. UNKNOWN people are left out of the
outreach list, as NOT_MET ones are.

Only portable SQL is emitted (SQLite and PostgreSQL): ages are never computed in SQL; the
birth date is compared with cut-off dates computed here and passed as parameters. Values are
always parameters; column names come from `Columns`, written by developers, and are checked
to be plain identifiers anyway.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import Literal, assert_never

from .rules import (
    AgeBetween,
    All,
    Any,
    AtcTenant,
    HouseholdWithMinors,
    IseeAtMost,
    LivesAloneOrWeakNetwork,
    NotInChargeOfUvg,
    ResidentIn,
    Rule,
)

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?")
_WEAK_NETWORKS = ("weak", "none")

ParamStyle = Literal["format", "qmark"]
"""`format` (`%s`) for Django's cursor and psycopg; `qmark` (`?`) for the sqlite3 module."""


@dataclass(frozen=True)
class Columns:
    """Where each fact of `facts.PersonFacts` lives: a column (optionally `alias.column`).

    Booleans are read as SQL booleans (PostgreSQL `boolean`, SQLite 0/1), dates as dates
    (SQLite: ISO text, as Django stores them), the ISEE value as a number.
    """

    birth_date: str = "birth_date"
    residence_istat: str = "residence_istat"
    isee_value: str = "isee_value"
    isee_expires_on: str = "isee_expires_on"
    lives_alone: str = "lives_alone"
    family_network: str = "family_network"
    atc_tenant: str = "atc_tenant"
    in_charge_uvg: str = "in_charge_uvg"
    household_has_minors: str = "household_has_minors"

    def __post_init__(self) -> None:
        for column in fields(self):
            name = getattr(self, column.name)
            if not _IDENTIFIER.fullmatch(name):
                raise ValueError(f"Column for {column.name} is not a plain identifier: {name!r}")


def compile_rule(
    rule: Rule, *, on: date, columns: Columns | None = None, paramstyle: ParamStyle = "format"
) -> tuple[str, list[object]]:
    """SQL that is TRUE exactly when `evaluate(rule, facts, on=on)` is MET, and its parameters.

    Use it as a WHERE condition: `SELECT id FROM person_facts WHERE <sql>`. Parameters are
    dates, Decimals and strings; Django and psycopg adapt them, a bare sqlite3 connection
    needs dates and Decimals as ISO strings (see the tests).
    """
    params: list[object] = []
    sql = _compile(rule, on, columns or Columns(), params)
    if paramstyle == "qmark":
        sql = sql.replace("%s", "?")
    return sql, params


def _compile(rule: Rule, on: date, c: Columns, params: list[object]) -> str:
    match rule:
        case All(rules=rules) | Any(rules=rules):
            joiner = " AND " if isinstance(rule, All) else " OR "
            return "(" + joiner.join(_compile(child, on, c, params) for child in rules) + ")"
        case AgeBetween(min_age=min_age, max_age=max_age):
            # Both comparisons are NULL when the birth date is, so the leaf is NULL (unknown).
            parts = []
            if min_age is not None:
                parts.append(f"{c.birth_date} <= %s")
                params.append(_years_before(on, min_age))
            if max_age is not None:
                parts.append(f"{c.birth_date} > %s")
                params.append(_years_before(on, max_age + 1))
            return "(" + " AND ".join(parts) + ")"
        case ResidentIn(istat_codes=codes):
            ordered = sorted(codes)
            params.extend(ordered)
            # NULLIF: a blank code (an unfilled Django CharField) is unknown, as in explain.py.
            placeholders = ", ".join(["%s"] * len(ordered))
            return f"(NULLIF({c.residence_istat}, '') IN ({placeholders}))"
        case IseeAtMost(ceiling=ceiling):
            # CASE without ELSE is NULL: an ISEE expired or without expiry is unknown.
            params.extend([on, ceiling])
            return f"(CASE WHEN {c.isee_expires_on} >= %s THEN {c.isee_value} <= %s END)"
        case LivesAloneOrWeakNetwork():
            params.extend(_WEAK_NETWORKS)
            return f"({c.lives_alone} OR {c.family_network} IN (%s, %s))"
        case AtcTenant():
            return f"({c.atc_tenant})"
        case NotInChargeOfUvg():
            return f"(NOT {c.in_charge_uvg})"
        case HouseholdWithMinors():
            return f"({c.household_has_minors})"
        case _:
            assert_never(rule)


def _years_before(on: date, years: int) -> date:
    """The last birth date of someone aged at least `years` on `on`.

    age ≥ a ⇔ birth_date ≤ (on shifted back a years), which matches `explain.age_on`. When
    `on` is 29 February and the target year is common, the shifted day is 28 February: on
    29 February 2028 someone born on 28 February 2010 is 18, someone born on 1 March 2010 is
    not. (Born on 29 February, one turns a year older on 1 March in common years: no special
    case is needed for that, plain date order gives it.)
    """
    year = on.year - years
    if on.month == 2 and on.day == 29 and not _is_leap(year):
        return date(year, 2, 28)
    return on.replace(year=year)


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
