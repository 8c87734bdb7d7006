"""The eligibility engine (trama.eligibility), without Django.

The key property: for random rules and random people (any fact may be unknown), the people
whose explained outcome is MET are exactly the people the compiled SQL selects, on a real
SQLite database. The two evaluators are written independently (ages by birthday arithmetic in
one, by cut-off dates in the other), so agreement is evidence that both are right.
"""

import sqlite3
from contextlib import contextmanager
from dataclasses import astuple
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trama.eligibility.explain import Verdict, age_on, evaluate
from trama.eligibility.facts import FAMILY_NETWORKS, PersonFacts
from trama.eligibility.rules import (
    AgeBetween,
    All,
    Any,
    AtcTenant,
    HouseholdWithMinors,
    IseeAtMost,
    LivesAloneOrWeakNetwork,
    NotInChargeOfUvg,
    ResidentIn,
    RuleError,
    rule_from_dict,
    rule_to_dict,
)
from trama.eligibility.sql import Columns, compile_rule

MET, NOT_MET, UNKNOWN = Verdict.MET, Verdict.NOT_MET, Verdict.UNKNOWN
TODAY = date(2026, 11, 25)
TORINO, MONCALIERI, ASTI = "001272", "001156", "005005"


def verdict(rule, **facts):
    return evaluate(rule, PersonFacts(**facts), on=TODAY).verdict


# --- leaves -------------------------------------------------------------------------------


def test_age_between_bounds_are_inclusive_and_open_ended():
    adults = AgeBetween(min_age=18, max_age=64)
    assert verdict(adults, birth_date=date(2008, 11, 25)) is MET  # 18 today
    assert verdict(adults, birth_date=date(2008, 11, 26)) is NOT_MET  # 18 tomorrow
    assert verdict(adults, birth_date=date(1961, 11, 26)) is MET  # 65 tomorrow
    assert verdict(adults, birth_date=date(1961, 11, 25)) is NOT_MET  # 65 today
    assert verdict(AgeBetween(min_age=65), birth_date=date(1900, 1, 1)) is MET
    assert verdict(AgeBetween(max_age=17), birth_date=date(2026, 1, 1)) is MET


def test_age_unknown_names_the_birth_date():
    outcome = evaluate(AgeBetween(min_age=65), PersonFacts(), on=TODAY)
    assert outcome.verdict is UNKNOWN
    assert outcome.missing == ("birth_date",)
    assert outcome.code == "age_between"
    assert outcome.params == {"min_age": 65, "max_age": None}


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (date(2008, 2, 29), date(2026, 2, 28), 17),  # common year: not yet on 28 February
        (date(2008, 2, 29), date(2026, 3, 1), 18),  # ... but on 1 March
        (date(2008, 2, 29), date(2028, 2, 29), 20),  # leap year: on the day
        (date(2010, 2, 28), date(2028, 2, 29), 18),
        (date(2010, 3, 1), date(2028, 2, 29), 17),
        (date(2000, 12, 31), date(2001, 12, 30), 0),
        (date(2000, 12, 31), date(2001, 12, 31), 1),
    ],
)
def test_age_on_birthdays(born, on, age):
    assert age_on(born, on) == age
    rule = AgeBetween(min_age=age, max_age=age)
    assert evaluate(rule, PersonFacts(birth_date=born), on=on).verdict is MET
    assert _sql_verdicts(rule, [PersonFacts(birth_date=born)], on=on) == [MET]
    older = AgeBetween(min_age=age + 1)
    assert _sql_verdicts(older, [PersonFacts(birth_date=born)], on=on) == [NOT_MET]


def test_resident_in():
    rule = ResidentIn(istat_codes=frozenset({TORINO, MONCALIERI}))
    assert verdict(rule, residence_istat=TORINO) is MET
    assert verdict(rule, residence_istat=ASTI) is NOT_MET
    assert verdict(rule) is UNKNOWN
    # A blank code is what an unfilled form field stores: unknown, not "elsewhere".
    assert evaluate(rule, PersonFacts(residence_istat=""), on=TODAY).missing == ("residence_istat",)


def test_isee_at_most_needs_a_valid_isee():
    rule = IseeAtMost(ceiling=Decimal("9360.00"))
    valid = TODAY + timedelta(days=30)
    assert verdict(rule, isee_value=Decimal("9360.00"), isee_expires_on=valid) is MET
    assert verdict(rule, isee_value=Decimal("9360.01"), isee_expires_on=valid) is NOT_MET
    assert verdict(rule, isee_value=Decimal("100"), isee_expires_on=TODAY) is MET  # last day


def test_expired_isee_is_unknown_never_valid():
    rule = IseeAtMost(ceiling=Decimal("9360"))
    for value in (Decimal("100"), Decimal("50000")):
        outcome = evaluate(
            rule,
            PersonFacts(isee_value=value, isee_expires_on=TODAY - timedelta(days=1)),
            on=TODAY,
        )
        assert (outcome.verdict, outcome.missing, outcome.reason) == (UNKNOWN, ("isee",), "expired")
    no_expiry = evaluate(rule, PersonFacts(isee_value=Decimal("100")), on=TODAY)
    assert (no_expiry.verdict, no_expiry.reason) == (UNKNOWN, "expiry_unknown")
    absent = evaluate(rule, PersonFacts(isee_expires_on=TODAY), on=TODAY)
    assert (absent.verdict, absent.missing, absent.reason) == (UNKNOWN, ("isee",), "missing")


def test_lives_alone_or_weak_network():
    rule = LivesAloneOrWeakNetwork()
    assert verdict(rule, lives_alone=True) is MET
    assert verdict(rule, family_network="weak") is MET
    assert verdict(rule, lives_alone=False, family_network="none") is MET
    assert verdict(rule, lives_alone=False, family_network="strong") is NOT_MET
    outcome = evaluate(rule, PersonFacts(family_network="strong"), on=TODAY)
    assert (outcome.verdict, outcome.missing) == (UNKNOWN, ("lives_alone",))
    both = evaluate(rule, PersonFacts(), on=TODAY)
    assert both.missing == ("lives_alone", "family_network")


def test_yes_no_leaves():
    assert verdict(AtcTenant(), atc_tenant=True) is MET
    assert verdict(AtcTenant(), atc_tenant=False) is NOT_MET
    assert verdict(NotInChargeOfUvg(), in_charge_uvg=False) is MET
    assert verdict(NotInChargeOfUvg(), in_charge_uvg=True) is NOT_MET
    assert evaluate(NotInChargeOfUvg(), PersonFacts(), on=TODAY).missing == ("in_charge_uvg",)
    assert verdict(HouseholdWithMinors(), household_has_minors=True) is MET
    assert verdict(HouseholdWithMinors()) is UNKNOWN


def test_misspelt_family_network_is_refused():
    with pytest.raises(ValueError, match="family_network"):
        PersonFacts(family_network="Weak")


# --- combinators --------------------------------------------------------------------------


def test_all_and_any_are_kleene():
    yes, no, unknown = AtcTenant(), HouseholdWithMinors(), AgeBetween(min_age=65)
    facts = {"atc_tenant": True, "household_has_minors": False}
    assert verdict(All([yes, yes]), **facts) is MET
    assert verdict(All([yes, unknown]), **facts) is UNKNOWN
    assert verdict(All([no, unknown]), **facts) is NOT_MET
    assert verdict(Any([no, unknown]), **facts) is UNKNOWN
    assert verdict(Any([yes, unknown]), **facts) is MET
    assert verdict(Any([no, no]), **facts) is NOT_MET


def test_explanation_lists_every_rule_and_the_missing_data():
    rule = All(
        [
            AgeBetween(min_age=65),
            ResidentIn(istat_codes=frozenset({TORINO})),
            Any([IseeAtMost(ceiling=Decimal("15000")), AtcTenant()]),
        ]
    )
    outcome = evaluate(rule, PersonFacts(residence_istat=TORINO), on=TODAY)
    assert outcome.verdict is UNKNOWN
    assert [child.verdict for child in outcome.children] == [UNKNOWN, MET, UNKNOWN]
    assert outcome.missing == ("birth_date", "isee", "atc_tenant")
    assert [c.code for c in outcome.children[2].children] == ["isee_at_most", "atc_tenant"]


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda: AgeBetween(min_age=70, max_age=65), "age_inverted"),
        (lambda: AgeBetween(), "age_unbounded"),
        (lambda: AgeBetween(min_age=-1), "age_negative"),
        (lambda: AgeBetween(min_age=True), "age_not_integer"),
        (lambda: AgeBetween(max_age=500), "age_too_high"),
        (lambda: ResidentIn(istat_codes=frozenset()), "residence_empty"),
        (lambda: ResidentIn(istat_codes=frozenset({"1272"})), "residence_bad_code"),
        (lambda: IseeAtMost(ceiling=Decimal("-1")), "isee_negative"),
        (lambda: IseeAtMost(ceiling=9360.0), "isee_not_amount"),
        (lambda: IseeAtMost(ceiling=Decimal("NaN")), "isee_not_amount"),
        (lambda: All([]), "combination_empty"),
        (lambda: Any([]), "combination_empty"),
        (lambda: All(["age"]), "combination_not_rule"),
    ],
)
def test_bad_rules_are_refused(build, code):
    with pytest.raises(RuleError) as caught:
        build()
    assert caught.value.code == code


def test_inverted_bounds_message():
    with pytest.raises(RuleError, match="The minimum age is above the maximum age"):
        AgeBetween(min_age=70, max_age=65)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"kind": "zodiac_sign"}, "rule_unknown_kind"),
        ({}, "rule_unknown_kind"),
        ([], "rule_not_object"),
        ({"kind": "age_between", "min_age": 65, "max_eta": 80}, "rule_unexpected_field"),
        ({"kind": "age_between", "min_age": 70, "max_age": 65}, "age_inverted"),
        ({"kind": "resident_in", "istat_codes": TORINO}, "residence_not_list"),
        ({"kind": "isee_at_most", "ceiling": 9360.5}, "isee_not_amount"),
        ({"kind": "isee_at_most", "ceiling": "lots"}, "isee_not_amount"),
        ({"kind": "any", "rules": []}, "combination_empty"),
        ({"kind": "all", "rules": {"kind": "atc_tenant"}}, "combination_not_list"),
        ({"kind": "all", "rules": [{"kind": "nope"}]}, "rule_unknown_kind"),
    ],
)
def test_bad_json_is_refused(data, code):
    with pytest.raises(RuleError) as caught:
        rule_from_dict(data)
    assert caught.value.code == code


def test_unsafe_column_names_are_refused():
    with pytest.raises(ValueError, match="identifier"):
        Columns(atc_tenant="1) OR (1")
    assert Columns(atc_tenant="f.atc_tenant").atc_tenant == "f.atc_tenant"


# --- random rules and people --------------------------------------------------------------

CODES = (TORINO, MONCALIERI, ASTI, "058091")
AMOUNTS = st.decimals(min_value=0, max_value=60000, places=2, allow_nan=False)
SOME_AMOUNTS = st.sampled_from([Decimal("0"), Decimal("9360"), Decimal("15000.50")])


# Ages shared by rules and people, so that "exactly 65 today" is actually drawn.
AGES = st.one_of(st.sampled_from([18, 65]), st.integers(0, 110))


@st.composite
def age_rules(draw):
    low, high = sorted(draw(st.lists(AGES, min_size=2, max_size=2)))
    bounds = draw(st.sampled_from([(low, high), (low, None), (None, high), (low, low)]))
    return AgeBetween(*bounds)


LEAVES = st.one_of(
    age_rules(),
    st.frozensets(st.sampled_from(CODES), min_size=1).map(ResidentIn),
    st.one_of(AMOUNTS, SOME_AMOUNTS).map(IseeAtMost),
    st.sampled_from(
        [LivesAloneOrWeakNetwork(), AtcTenant(), NotInChargeOfUvg(), HouseholdWithMinors()]
    ),
)


def rules(depth=3):
    """Rules nested at most `depth` combinations deep."""
    if depth == 0:
        return LEAVES
    children = st.lists(rules(depth - 1), min_size=1, max_size=3)
    return st.one_of(LEAVES, children.map(All), children.map(Any))


ON_DATES = st.one_of(
    st.dates(date(1990, 1, 1), date(2040, 12, 31)),
    st.sampled_from(
        [date(2028, 2, 29), date(2024, 2, 29), date(2027, 2, 28), date(2027, 3, 1), TODAY]
    ),
)


@st.composite
def scenarios(draw):
    """A reference date and people around it: birthdays and ISEE expiries near `on` are
    drawn on purpose, since that is where an off-by-one day would hide."""
    on = draw(ON_DATES)
    near_birthday = st.builds(
        lambda years, shift: _shift_years(on, years) + timedelta(days=shift),
        st.one_of(st.sampled_from([17, 18, 64, 65, 66]), st.integers(0, 112)),
        st.integers(-1, 1),
    )
    birth = st.one_of(st.dates(date(1880, 1, 1), date(2045, 12, 31)), near_birthday)
    expiry = st.one_of(
        st.dates(date(1985, 1, 1), date(2045, 12, 31)),
        st.integers(-1, 1).map(lambda d: on + timedelta(days=d)),
    )

    def maybe(strategy):
        return st.none() | strategy

    person = st.builds(
        PersonFacts,
        birth_date=maybe(birth),
        residence_istat=maybe(st.sampled_from([*CODES, "", "099999"])),
        isee_value=maybe(st.one_of(AMOUNTS, SOME_AMOUNTS)),
        isee_expires_on=maybe(expiry),
        lives_alone=maybe(st.booleans()),
        family_network=maybe(st.sampled_from(FAMILY_NETWORKS)),
        atc_tenant=maybe(st.booleans()),
        in_charge_uvg=maybe(st.booleans()),
        household_has_minors=maybe(st.booleans()),
    )
    return on, draw(st.lists(person, max_size=12))


def _shift_years(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


@settings(max_examples=300, deadline=None)
@given(rule=rules(), scenario=scenarios())
def test_explained_and_set_based_results_agree(rule, scenario):
    on, people = scenario
    explained = [evaluate(rule, person, on=on).verdict for person in people]

    sql, params = compile_rule(rule, on=on, columns=Columns(), paramstyle="qmark")
    with _facts_table(people) as db:
        selected = {row[0] for row in db.execute(f"SELECT id FROM facts WHERE {sql}", _p(params))}
    assert selected == {i for i, v in enumerate(explained) if v is MET}
    # Stronger than the outreach list needs: NOT_MET and UNKNOWN agree too (FALSE / NULL).
    assert _sql_verdicts(rule, people, on=on) == explained


@settings(max_examples=300)
@given(on=ON_DATES, age=st.integers(0, 110), shift=st.integers(-2, 2))
def test_age_cut_offs_agree_with_birthdays(on, age, shift):
    """Births a day or two around the birthday that makes one exactly `age` on `on`."""
    person = PersonFacts(birth_date=_shift_years(on, age) + timedelta(days=shift))
    for rule in (AgeBetween(min_age=age), AgeBetween(max_age=age)):
        assert _sql_verdicts(rule, [person], on=on) == [evaluate(rule, person, on=on).verdict]


@given(rule=rules())
def test_json_round_trip(rule):
    assert rule_from_dict(rule_to_dict(rule)) == rule


def test_json_is_plain_and_exact():
    rule = All([IseeAtMost(ceiling=Decimal("9360.00")), ResidentIn(frozenset({ASTI, TORINO}))])
    assert rule_to_dict(rule) == {
        "kind": "all",
        "rules": [
            {"kind": "isee_at_most", "ceiling": "9360.00"},
            {"kind": "resident_in", "istat_codes": [TORINO, ASTI]},
        ],
    }


def test_format_paramstyle_for_django():
    sql, params = compile_rule(AgeBetween(min_age=65), on=date(2028, 2, 29))
    assert sql == "(birth_date <= %s)"
    assert params == [date(1963, 2, 28)]


# --- helpers: a bare sqlite3 table of facts, as Django would store them -------------------


@contextmanager
def _facts_table(people):
    """An in-memory table with Django's SQLite column types (dates as ISO text, booleans 0/1,
    decimals with numeric affinity), so the test exercises the same comparisons."""
    db = sqlite3.connect(":memory:")
    try:
        db.execute(
            "CREATE TABLE facts (id integer PRIMARY KEY, birth_date date,"
            " residence_istat varchar(6), isee_value decimal, isee_expires_on date,"
            " lives_alone bool, family_network varchar(6), atc_tenant bool,"
            " in_charge_uvg bool, household_has_minors bool)"
        )
        db.executemany(
            "INSERT INTO facts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [_p([i, *astuple(person)]) for i, person in enumerate(people)],
        )
        yield db
    finally:
        db.close()


def _p(values):
    """sqlite3 has no adapters for dates (deprecated) or Decimals: pass them as Django does."""
    return [
        v.isoformat() if isinstance(v, date) else str(v) if isinstance(v, Decimal) else v
        for v in values
    ]


def _sql_verdicts(rule, people, *, on):
    sql, params = compile_rule(rule, on=on, paramstyle="qmark")
    with _facts_table(people) as db:
        rows = db.execute(f"SELECT {sql} FROM facts ORDER BY id", _p(params)).fetchall()
    return [{1: MET, 0: NOT_MET, None: UNKNOWN}[row[0]] for row in rows]


def test_isee_is_valid_on_its_expiry_day_not_the_day_after_on_both_paths():
    """`isee_expires_on` is the last valid day, inclusive: "scade il 31/12/2026" means
    valid on 31 December 2026 (docs/decisions/0006-isee-validity-inclusive.md)."""
    rule = IseeAtMost(ceiling=Decimal("9360"))
    last_day = date(2026, 12, 31)
    person = PersonFacts(isee_value=Decimal("5000"), isee_expires_on=last_day)
    for on, expected in ((last_day, MET), (last_day + timedelta(days=1), UNKNOWN)):
        assert evaluate(rule, person, on=on).verdict is expected
        assert _sql_verdicts(rule, [person], on=on) == [expected]
