"""The rule language of project eligibility, kept as data.

A project's access rules are a small tree: leaf conditions about one person (age, residence,
ISEE, ...) combined with `All` / `Any`. The coordinator edits the tree in a form, it is stored
as JSON, and the same tree is evaluated for one person (`explain.evaluate`) or compiled to one
SQL expression for everybody at once (`sql.compile_rule`). Keeping it as frozen dataclasses
that validate themselves means every `Rule` that exists is a valid one: the two evaluators
never have to guard against inverted bounds or empty combinations.

This module is plain Python on purpose (DESIGN.md §3): no Django import, so it is tested and
benchmarked on its own. Error messages are English msgids marked with `gettext_noop` so the
Django glue can translate them (`RuleError.message` % `RuleError.params`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import assert_never

MAX_AGE = 130
"""Ages above this are a typo, not a rule; it also keeps SQL cut-off dates in the calendar."""

_ISTAT_CODE = re.compile(r"[0-9]{6}")


def gettext_noop(message: str) -> str:
    """Mark a msgid for `makemessages` without importing Django; translation happens later."""
    return message


class RuleError(ValueError):
    """A rule that cannot be right: the form shows `message % params`, translated, on its field.

    `code` is stable for tests and the API; `message` is the untranslated msgid.
    """

    def __init__(self, message: str, *, code: str, params: Mapping[str, object] | None = None):
        self.message = message
        self.code = code
        self.params = dict(params or {})
        super().__init__(message % self.params if self.params else message)


@dataclass(frozen=True)
class AgeBetween:
    """Age in whole years at the reference date within [min_age, max_age]; either bound open."""

    min_age: int | None = None
    max_age: int | None = None

    def __post_init__(self) -> None:
        if self.min_age is None and self.max_age is None:
            raise RuleError(
                gettext_noop("An age rule needs a minimum age, a maximum age or both."),
                code="age_unbounded",
            )
        for bound in (self.min_age, self.max_age):
            if bound is None:
                continue
            if not isinstance(bound, int) or isinstance(bound, bool):
                raise RuleError(
                    gettext_noop("An age must be a whole number of years."), code="age_not_integer"
                )
            if bound < 0:
                raise RuleError(gettext_noop("An age cannot be negative."), code="age_negative")
            if bound > MAX_AGE:
                raise RuleError(
                    gettext_noop("An age cannot be above %(max_age)s years."),
                    code="age_too_high",
                    params={"max_age": MAX_AGE},
                )
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            raise RuleError(
                gettext_noop("The minimum age is above the maximum age."), code="age_inverted"
            )


@dataclass(frozen=True)
class ResidentIn:
    """Resident in one of the municipalities, named by their six-digit ISTAT codes."""

    istat_codes: frozenset[str]

    def __post_init__(self) -> None:
        # Accept any iterable (a form gives a list) but store a frozenset: order is meaningless.
        codes = frozenset(self.istat_codes)
        object.__setattr__(self, "istat_codes", codes)
        if not codes:
            raise RuleError(
                gettext_noop("Choose at least one municipality of residence."),
                code="residence_empty",
            )
        for code in sorted(codes, key=str):
            if not isinstance(code, str) or not _ISTAT_CODE.fullmatch(code):
                raise RuleError(
                    gettext_noop("“%(code)s” is not a six-digit ISTAT municipality code."),
                    code="residence_bad_code",
                    params={"code": code},
                )


@dataclass(frozen=True)
class IseeAtMost:
    """An ISEE at most `ceiling` euros, valid (not expired) at the reference date."""

    ceiling: Decimal

    def __post_init__(self) -> None:
        # Floats would make a ceiling of 9360.00 compare differently on SQLite and PostgreSQL.
        if not isinstance(self.ceiling, Decimal) or not self.ceiling.is_finite():
            raise RuleError(
                gettext_noop("The ISEE ceiling must be an amount in euros."),
                code="isee_not_amount",
            )
        if self.ceiling < 0:
            raise RuleError(
                gettext_noop("The ISEE ceiling cannot be negative."), code="isee_negative"
            )


@dataclass(frozen=True)
class LivesAloneOrWeakNetwork:
    """Lives alone, or has a weak or no family network."""


@dataclass(frozen=True)
class AtcTenant:
    """Tenant of public housing (ATC)."""


@dataclass(frozen=True)
class NotInChargeOfUvg:
    """Not already in charge of the UVG (the geriatric assessment unit)."""


@dataclass(frozen=True)
class HouseholdWithMinors:
    """Lives in a household with at least one minor."""


@dataclass(frozen=True)
class All:
    """Every rule must be met (Kleene AND)."""

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        _check_combination(self, "all")


@dataclass(frozen=True)
class Any:
    """At least one rule must be met (Kleene OR)."""

    rules: tuple[Rule, ...]

    def __post_init__(self) -> None:
        _check_combination(self, "any")


Rule = (
    AgeBetween
    | ResidentIn
    | IseeAtMost
    | LivesAloneOrWeakNetwork
    | AtcTenant
    | NotInChargeOfUvg
    | HouseholdWithMinors
    | All
    | Any
)


def _check_combination(node: All | Any, kind: str) -> None:
    rules = tuple(node.rules)
    object.__setattr__(node, "rules", rules)
    if not rules:
        raise RuleError(
            gettext_noop("A combination needs at least one rule."),
            code="combination_empty",
            params={"kind": kind},
        )
    for child in rules:
        if not isinstance(child, tuple(KIND_BY_TYPE)):
            raise RuleError(
                gettext_noop("A combination can only hold rules."), code="combination_not_rule"
            )


# The JSON "kind" of each rule is also the `code` of its explanation node (explain.py): one
# vocabulary for the stored rule, the explanation and the translations.
KIND_BY_TYPE: dict[type, str] = {
    AgeBetween: "age_between",
    ResidentIn: "resident_in",
    IseeAtMost: "isee_at_most",
    LivesAloneOrWeakNetwork: "lives_alone_or_weak_network",
    AtcTenant: "atc_tenant",
    NotInChargeOfUvg: "not_in_charge_of_uvg",
    HouseholdWithMinors: "household_with_minors",
    All: "all",
    Any: "any",
}
_TYPE_BY_KIND = {kind: rule_type for rule_type, kind in KIND_BY_TYPE.items()}


def rule_to_dict(rule: Rule) -> dict[str, object]:
    """The JSON-ready form of a rule, for a JSONField. Decimals become strings (exact)."""
    kind = KIND_BY_TYPE[type(rule)]
    match rule:
        case AgeBetween(min_age=min_age, max_age=max_age):
            return {"kind": kind, "min_age": min_age, "max_age": max_age}
        case ResidentIn(istat_codes=codes):
            return {"kind": kind, "istat_codes": sorted(codes)}
        case IseeAtMost(ceiling=ceiling):
            return {"kind": kind, "ceiling": str(ceiling)}
        case LivesAloneOrWeakNetwork() | AtcTenant() | NotInChargeOfUvg() | HouseholdWithMinors():
            return {"kind": kind}
        case All(rules=rules) | Any(rules=rules):
            return {"kind": kind, "rules": [rule_to_dict(child) for child in rules]}
        case _:
            assert_never(rule)


def rule_from_dict(data: object) -> Rule:
    """Rebuild a rule from `rule_to_dict`'s output, refusing anything malformed with RuleError.

    Stored JSON can be old, hand-edited or posted to the API, so every shape is checked here
    rather than trusted; the dataclasses then check the values.
    """
    if not isinstance(data, Mapping):
        raise RuleError(gettext_noop("A rule must be an object."), code="rule_not_object")
    kind = data.get("kind")
    rule_type = _TYPE_BY_KIND.get(kind) if isinstance(kind, str) else None
    if rule_type is None:
        raise RuleError(
            gettext_noop("Unknown kind of rule: “%(kind)s”."),
            code="rule_unknown_kind",
            params={"kind": kind},
        )
    if rule_type is AgeBetween:
        _expect_keys(data, {"min_age", "max_age"})
        return AgeBetween(min_age=data.get("min_age"), max_age=data.get("max_age"))
    if rule_type is ResidentIn:
        _expect_keys(data, {"istat_codes"})
        codes = data.get("istat_codes")
        if not isinstance(codes, list):
            raise RuleError(
                gettext_noop("The municipalities must be a list of ISTAT codes."),
                code="residence_not_list",
            )
        return ResidentIn(istat_codes=frozenset(codes))
    if rule_type is IseeAtMost:
        _expect_keys(data, {"ceiling"})
        return IseeAtMost(ceiling=_decimal(data.get("ceiling")))
    if rule_type in (All, Any):
        _expect_keys(data, {"rules"})
        children = data.get("rules")
        if not isinstance(children, list):
            raise RuleError(
                gettext_noop("A combination must hold a list of rules."),
                code="combination_not_list",
            )
        return rule_type(rules=tuple(rule_from_dict(child) for child in children))
    _expect_keys(data, set())
    return rule_type()


def _expect_keys(data: Mapping, allowed: set[str]) -> None:
    """Unknown keys are refused: a typo ("max_eta") must not silently widen a rule."""
    extra = sorted(set(data) - allowed - {"kind"}, key=str)
    if extra:
        raise RuleError(
            gettext_noop("Unexpected field in a rule: “%(field)s”."),
            code="rule_unexpected_field",
            params={"field": extra[0]},
        )


def _decimal(value: object) -> Decimal:
    """Ceilings are stored as strings; integers are accepted, floats are not (inexact)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            pass
    raise RuleError(
        gettext_noop("The ISEE ceiling must be an amount in euros."), code="isee_not_amount"
    )
