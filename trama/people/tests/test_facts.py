"""People's facts for the eligibility engine: one person in Python, everybody in SQL.

The key property (issue 4, §7): for random people stored in the database and random rules,
the outreach query (`facts.eligible`, the rule compiled to SQL over `facts.facts_sql`) and the
all-rules-at-once query (`facts.eligible_by_rule`) select exactly the people whose explained
outcome (`evaluate` on `facts.person_facts`) is MET, and the SQL facts equal the Python facts
in both shapes of `facts_sql` (derived tables restricted to the people, or whole tables). It
runs on SQLite and, with DATABASE_URL=postgres://…, on PostgreSQL.
"""

import datetime
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from trama.eligibility.explain import Verdict, evaluate
from trama.eligibility.facts import PersonFacts
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
)
from trama.people import facts
from trama.people.models import (
    FamilyNetwork,
    Household,
    HouseholdMember,
    Housing,
    IseeDeclaration,
    Person,
)
from trama.people.tests.factories import HouseholdFactory, PersonFactory
from trama.territory.models import Municipality
from trama.territory.tests.factories import HubFactory

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 25)
CODES = ("001090", "001120", "001219")  # Collegno, Grugliasco, Rivoli (loaded by migration)


def _shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


# --- examples -------------------------------------------------------------------------------


def _with_household(person, *, housing=Housing.UNKNOWN, members=(), isee=()):
    household = HouseholdFactory(housing=housing)
    for member in (person, *members):
        HouseholdMember.objects.create(household=household, person=member, relationship="other")
    for value, issued, expires in isee:
        IseeDeclaration.objects.create(
            household=household, value=Decimal(value), issued_on=issued, expires_on=expires
        )
    return household


def _facts(person, on=TODAY) -> PersonFacts:
    return facts.person_facts(
        facts.with_facts_data(Person.objects.filter(pk=person.pk)).get(), on=on
    )


def test_a_person_without_household_knows_only_their_own_facts():
    person = PersonFactory(
        municipality=Municipality.objects.get(istat_code="001090"),
        lives_alone=True,
        family_network=FamilyNetwork.UNKNOWN,
        in_charge_uvg=False,
    )
    assert _facts(person) == PersonFacts(
        birth_date=date(1950, 3, 1),
        residence_istat="001090",
        lives_alone=True,
        in_charge_uvg=False,
    )


def test_the_isee_valid_today_is_read_with_its_last_valid_day():
    person = PersonFactory()
    _with_household(
        person,
        housing=Housing.ATC_TENANT,
        isee=[
            ("12000", date(2026, 1, 10), date(2026, 12, 31)),
            ("8000", date(2025, 1, 10), date(2025, 12, 31)),  # older, expired
        ],
    )
    got = _facts(person)
    assert (got.isee_value, got.isee_expires_on) == (Decimal("12000"), date(2026, 12, 31))
    assert got.atc_tenant is True and got.household_has_minors is False


@pytest.mark.parametrize(
    ("on", "valid"),
    [
        (date(2026, 12, 30), True),
        (date(2026, 12, 31), True),  # "scade il 31/12/2026": still valid that day
        (date(2027, 1, 1), False),
    ],
)
def test_an_isee_is_valid_on_its_expiry_day_and_not_the_day_after(on, valid):
    """The same boundary on the household page, the explained path and the SQL path."""
    person = PersonFactory()
    household = _with_household(person, isee=[("5000", date(2026, 1, 20), date(2026, 12, 31))])
    assert household.isee_declarations.get().is_valid_on(on) is valid
    rule = IseeAtMost(Decimal("9360"))
    outcome = evaluate(rule, _facts(person, on), on=on)
    if valid:
        assert outcome.met
        assert _facts(person, on).isee_expires_on == date(2026, 12, 31)
    else:
        assert outcome.verdict is Verdict.UNKNOWN and outcome.reason == "expired"
    assert list(facts.eligible(Person.objects.all(), rule, on=on)) == ([person] if valid else [])
    for whole_tables in (False, True):
        [row] = facts.facts_rows(Person.objects.all(), on=on, whole_tables=whole_tables)
        assert (row["f_isee_expires_on"] is not None) is valid
    by_rule = facts.eligible_by_rule(Person.objects.all(), {"isee": rule}, on=on)
    assert by_rule == {"isee": [person.pk] if valid else []}


def test_minors_and_unknown_birth_dates_in_the_household():
    person = PersonFactory()
    child = PersonFactory(birth_date=TODAY - timedelta(days=365 * 10))
    unknown = PersonFactory(birth_date=None)
    _with_household(person, members=[unknown])
    assert _facts(person).household_has_minors is None
    other = PersonFactory()
    _with_household(other, members=[unknown, child])
    assert _facts(other).household_has_minors is True


def test_the_most_recent_household_counts():
    person = PersonFactory()
    _with_household(person, housing=Housing.ATC_TENANT)
    _with_household(person, housing=Housing.OWNER)
    assert _facts(person).atc_tenant is False


def test_the_outreach_query_is_one_query(django_assert_num_queries):
    for _ in range(3):
        _with_household(PersonFactory(), housing=Housing.ATC_TENANT)
    rule = All((AgeBetween(min_age=65), AtcTenant(), HouseholdWithMinors()))
    with django_assert_num_queries(1):
        list(facts.eligible(Person.objects.all(), rule, on=TODAY))


def test_every_rule_at_once_is_one_query(django_assert_num_queries):
    elderly, young = PersonFactory(), PersonFactory(birth_date=date(2000, 1, 1))
    _with_household(elderly, housing=Housing.ATC_TENANT)
    rules = {
        1: AgeBetween(min_age=65),
        2: AtcTenant(),
        3: AgeBetween(max_age=30),
        4: AgeBetween(max_age=10),
    }
    with django_assert_num_queries(1):
        found = facts.eligible_by_rule(Person.objects.all(), rules, on=TODAY)
    assert found == {1: [elderly.pk], 2: [elderly.pk], 3: [young.pk], 4: []}
    with django_assert_num_queries(0):
        assert facts.eligible_by_rule(Person.objects.all(), {}, on=TODAY) == {}


def test_the_facts_of_a_subset_read_the_whole_household():
    """Restricted to some people, the derived tables still count every member's birth date
    and every declaration of their households."""
    person, child = PersonFactory(), PersonFactory(birth_date=TODAY - timedelta(days=365 * 10))
    _with_household(person, members=[child], isee=[("5000", date(2026, 1, 20), date(2026, 12, 31))])
    [row] = facts.facts_rows(Person.objects.filter(pk=person.pk), on=TODAY)
    assert row["f_household_has_minors"] is True
    assert row["f_isee_value"] == Decimal("5000")


# --- the property ---------------------------------------------------------------------------

AMOUNTS = st.sampled_from([Decimal("0"), Decimal("9360"), Decimal("9360.01"), Decimal("15000.50")])
AGES = st.one_of(st.sampled_from([17, 18, 65]), st.integers(0, 100))


@st.composite
def age_rules(draw):
    low, high = sorted(draw(st.lists(AGES, min_size=2, max_size=2)))
    return AgeBetween(*draw(st.sampled_from([(low, high), (low, None), (None, high)])))


LEAVES = st.one_of(
    age_rules(),
    st.frozensets(st.sampled_from(CODES), min_size=1).map(ResidentIn),
    AMOUNTS.map(IseeAtMost),
    st.sampled_from(
        [LivesAloneOrWeakNetwork(), AtcTenant(), NotInChargeOfUvg(), HouseholdWithMinors()]
    ),
)


def rules(depth=2):
    if depth == 0:
        return LEAVES
    children = st.lists(rules(depth - 1), min_size=1, max_size=3)
    return st.one_of(LEAVES, children.map(All), children.map(Any))


ON_DATES = st.one_of(
    st.sampled_from([TODAY, date(2028, 2, 29), date(2027, 3, 1)]),
    st.dates(date(2024, 1, 1), date(2028, 12, 31)),
)


@st.composite
def worlds(draw):
    """A reference day, up to 3 households and up to 10 people around it; birthdays and ISEE
    expiries near the day on purpose, where an off-by-one would hide."""
    on = draw(ON_DATES)
    near_birthday = st.builds(
        lambda years, shift: _shift_years(on, years) + timedelta(days=shift),
        st.sampled_from([17, 18, 65, 66]),
        st.integers(-1, 1),
    )
    birth = st.none() | near_birthday | st.dates(date(1920, 1, 1), on)
    declaration = st.builds(
        lambda issued, days, value: (value, issued, issued + timedelta(days=days)),
        st.one_of(
            st.dates(on - timedelta(days=800), on + timedelta(days=5)),
            st.integers(-366, 0).map(lambda d: on + timedelta(days=d)),
        ),
        st.one_of(st.integers(1, 800), st.just(366)),
        AMOUNTS,
    )
    households = draw(
        st.lists(
            st.tuples(st.sampled_from(Housing.values), st.lists(declaration, max_size=3)),
            max_size=3,
        )
    )
    person = st.fixed_dictionaries(
        {
            "birth_date": birth,
            "municipality": st.none() | st.sampled_from(CODES),
            "lives_alone": st.none() | st.booleans(),
            "family_network": st.sampled_from(FamilyNetwork.values),
            "in_charge_uvg": st.none() | st.booleans(),
            "households": st.lists(
                st.integers(0, max(len(households) - 1, 0)), max_size=2, unique=True
            )
            if households
            else st.just([]),
        }
    )
    return on, households, draw(st.lists(person, max_size=10))


def _store(households, people) -> None:
    hub = HubFactory()
    stored = []
    for housing, declarations in households:
        household = Household.objects.create(label="Nucleo", housing=housing, reference_hub=hub)
        for value, issued, expires in declarations:
            IseeDeclaration.objects.create(
                household=household, value=value, issued_on=issued, expires_on=expires
            )
        stored.append(household)
    municipalities = {m.istat_code: m for m in Municipality.objects.filter(istat_code__in=CODES)}
    for index, data in enumerate(people):
        person = PersonFactory(
            reference_hub=hub,
            birth_date=data["birth_date"],
            municipality=municipalities.get(data["municipality"]),
            lives_alone=data["lives_alone"],
            family_network=data["family_network"],
            in_charge_uvg=data["in_charge_uvg"],
            first_name=f"P{index}",
        )
        for position in data["households"]:
            HouseholdMember.objects.create(
                household=stored[position], person=person, relationship="other"
            )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rule=rules(), world=worlds())
def test_outreach_query_selects_exactly_the_people_explained_as_met(rule, world):
    on, households, people = world
    with transaction.atomic():
        _store(households, people)
        everyone = Person.objects.all()
        selected = set(facts.eligible(everyone, rule, on=on).values_list("pk", flat=True))
        # Another rule alongside, so that columns cannot be mixed up unnoticed.
        together = facts.eligible_by_rule(everyone, {"rule": rule, "other": AtcTenant()}, on=on)
        explained = {
            person.pk
            for person in facts.with_facts_data(everyone)
            if evaluate(rule, facts.person_facts(person, on=on), on=on).met
        }
        tenants = {
            person.pk
            for person in facts.with_facts_data(everyone)
            if facts.person_facts(person, on=on).atc_tenant
        }
        transaction.set_rollback(True)
    assert selected == explained
    assert set(together["rule"]) == explained and len(together["rule"]) == len(explained)
    assert set(together["other"]) == tenants


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_the_sql_facts_match_the_python_facts(world):
    """Column by column (ISEE expiry: only whether it is valid on the day)."""
    on, households, people = world
    with transaction.atomic():
        _store(households, people)
        everyone = Person.objects.all()
        restricted = {row["id"]: row for row in facts.facts_rows(everyone, on=on)}
        whole = {row["id"]: row for row in facts.facts_rows(everyone, on=on, whole_tables=True)}
        assert restricted == whole
        for person in facts.with_facts_data(everyone):
            python = facts.person_facts(person, on=on)
            row = restricted[person.pk]
            assert row["f_birth_date"] == python.birth_date
            assert row["f_residence_istat"] == python.residence_istat
            assert row["f_isee_value"] == python.isee_value
            valid = python.isee_expires_on is not None and python.isee_expires_on >= on
            assert (row["f_isee_expires_on"] is not None) == valid
            assert row["f_family_network"] == python.family_network
            for name in ("lives_alone", "atc_tenant", "in_charge_uvg", "household_has_minors"):
                value = row[f"f_{name}"]
                assert (None if value is None else bool(value)) == getattr(python, name), name
        transaction.set_rollback(True)


def test_adult_cutoff_on_a_leap_day():
    assert facts.adult_cutoff(date(2028, 2, 29)) == date(2010, 2, 28)
    assert facts.adult_cutoff(datetime.date(2026, 11, 25)) == date(2008, 11, 25)
