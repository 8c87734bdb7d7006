"""One person's eligibility, rule by rule, in three-valued logic.

Each node of the rule tree gets an `Outcome`: MET, NOT_MET or UNKNOWN. UNKNOWN is not a soft
"no": it names the missing data (`missing`), so an operator knows what to ask and the public
self-check can say "this project may suit you if ...". Combinations follow Kleene logic
(`All`: any NOT_MET wins, else any UNKNOWN; `Any`: any MET wins, else any UNKNOWN), the same
logic SQL applies to NULL, which is what lets `sql.compile_rule` select exactly the MET people.

Every node carries a `code` (the rule's JSON kind) and `params` (the rule's parameters and the
person's values it read), so the page translates the explanation instead of this module
building sentences.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import assert_never

from .facts import PersonFacts
from .rules import (
    KIND_BY_TYPE,
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


class Verdict(Enum):
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Outcome:
    """The result of one rule node for one person, with its children's outcomes.

    `missing` names the data that would settle an UNKNOWN node ("birth_date", "isee", ...);
    for a combination it gathers the missing data of its UNKNOWN children. `reason` says why
    a datum counts as missing: "missing", or for the ISEE also "expired" / "expiry_unknown".
    """

    verdict: Verdict
    code: str
    params: Mapping[str, object] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    reason: str | None = None
    children: tuple[Outcome, ...] = ()

    @property
    def met(self) -> bool:
        return self.verdict is Verdict.MET


def age_on(birth_date: date, on: date) -> int:
    """Whole years completed on `on`: one less until the birthday is reached.

    Someone born on 29 February becomes a year older on 1 March in common years, which is what
    comparing (month, day) pairs gives, and what `sql._years_before` reproduces.
    """
    before_birthday = (on.month, on.day) < (birth_date.month, birth_date.day)
    return on.year - birth_date.year - before_birthday


def evaluate(rule: Rule, facts: PersonFacts, *, on: date) -> Outcome:
    """Evaluate `rule` for one person at the reference date `on`, explaining every node.

    Every child is evaluated, even after the result is settled, because the page shows the
    whole list ("met / not met / unknown" for each rule), not only the first failure.
    """
    code = KIND_BY_TYPE[type(rule)]
    match rule:
        case All(rules=rules) | Any(rules=rules):
            children = tuple(evaluate(child, facts, on=on) for child in rules)
            combine = _kleene_and if isinstance(rule, All) else _kleene_or
            verdict = combine(child.verdict for child in children)
            missing: tuple[str, ...] = ()
            if verdict is Verdict.UNKNOWN:
                unknown = (c.missing for c in children if c.verdict is Verdict.UNKNOWN)
                missing = tuple(dict.fromkeys(name for names in unknown for name in names))
            return Outcome(verdict, code, missing=missing, children=children)
        case AgeBetween(min_age=min_age, max_age=max_age):
            params: dict[str, object] = {"min_age": min_age, "max_age": max_age}
            if facts.birth_date is None:
                return _unknown(code, params, "birth_date")
            age = age_on(facts.birth_date, on)
            params["age"] = age
            met = (min_age is None or age >= min_age) and (max_age is None or age <= max_age)
            return Outcome(_verdict(met), code, params)
        case ResidentIn(istat_codes=codes):
            params = {"istat_codes": sorted(codes)}
            # A blank code is what an unfilled Django CharField holds: unknown, as in sql.py.
            if not facts.residence_istat:
                return _unknown(code, params, "residence_istat")
            params["residence_istat"] = facts.residence_istat
            return Outcome(_verdict(facts.residence_istat in codes), code, params)
        case IseeAtMost(ceiling=ceiling):
            params = {"ceiling": ceiling}
            if facts.isee_value is None:
                return _unknown(code, params, "isee")
            params.update(isee_value=facts.isee_value, isee_expires_on=facts.isee_expires_on)
            # An ISEE without a known expiry, or expired, proves nothing about today's income.
            if facts.isee_expires_on is None:
                return _unknown(code, params, "isee", reason="expiry_unknown")
            if facts.isee_expires_on < on:
                return _unknown(code, params, "isee", reason="expired")
            return Outcome(_verdict(facts.isee_value <= ceiling), code, params)
        case LivesAloneOrWeakNetwork():
            params = {"lives_alone": facts.lives_alone, "family_network": facts.family_network}
            alone = facts.lives_alone
            weak = None if facts.family_network is None else facts.family_network != "strong"
            verdict = _kleene_or(_verdict_or_unknown(value) for value in (alone, weak))
            if verdict is not Verdict.UNKNOWN:
                return Outcome(verdict, code, params)
            names = [n for n, v in (("lives_alone", alone), ("family_network", weak)) if v is None]
            return Outcome(verdict, code, params, missing=tuple(names), reason="missing")
        case AtcTenant():
            return _flag(code, "atc_tenant", facts.atc_tenant, wanted=True)
        case NotInChargeOfUvg():
            return _flag(code, "in_charge_uvg", facts.in_charge_uvg, wanted=False)
        case HouseholdWithMinors():
            return _flag(code, "household_has_minors", facts.household_has_minors, wanted=True)
        case _:
            assert_never(rule)


def _kleene_and(verdicts: Iterable[Verdict]) -> Verdict:
    seen = set(verdicts)
    if Verdict.NOT_MET in seen:
        return Verdict.NOT_MET
    return Verdict.UNKNOWN if Verdict.UNKNOWN in seen else Verdict.MET


def _kleene_or(verdicts: Iterable[Verdict]) -> Verdict:
    seen = set(verdicts)
    if Verdict.MET in seen:
        return Verdict.MET
    return Verdict.UNKNOWN if Verdict.UNKNOWN in seen else Verdict.NOT_MET


def _verdict(met: bool) -> Verdict:
    return Verdict.MET if met else Verdict.NOT_MET


def _verdict_or_unknown(met: bool | None) -> Verdict:
    return Verdict.UNKNOWN if met is None else _verdict(met)


def _unknown(
    code: str, params: dict[str, object], datum: str, *, reason: str = "missing"
) -> Outcome:
    return Outcome(Verdict.UNKNOWN, code, params, missing=(datum,), reason=reason)


def _flag(code: str, datum: str, value: bool | None, *, wanted: bool) -> Outcome:
    """A yes/no fact that must equal `wanted`; `params` shows the fact as stored."""
    if value is None:
        return _unknown(code, {datum: None}, datum)
    return Outcome(_verdict(value == wanted), code, {datum: value})
