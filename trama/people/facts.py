"""What the eligibility engine knows about people, read from the people tables.

Two readers of the same definitions, written independently so the tests can check one against
the other (`tests/test_facts.py`, with Hypothesis, on SQLite and PostgreSQL):

- `person_facts(person, on=)`: one person's `PersonFacts` in Python, from a person loaded with
  `with_facts_data` (or the record `selectors.person_get` loads): no query of its own;
- `facts_queryset(people, on=)`: the same facts as columns of one SQL query (one annotation
  per fact), and `eligible(people, rule, on=)`, the people whose outcome is MET, selected in
  the database with `trama.eligibility.sql.compile_rule` (DESIGN.md §6: set-based).

The definitions (the reference day `on` matters for the ISEE and the minors):

- the person's household is their most recent membership (highest membership id);
- the ISEE is the household's declaration issued on or before `on` that is valid on `on`
  (`IseeDeclaration.is_valid_on`: from the issue day up to the day *before* `expires_on`),
  the latest issued if several; when none is valid, the latest issued (expired: unknown to the
  engine). `PersonFacts.isee_expires_on` is the last day of validity (`expires_on` − 1 day),
  because the engine counts an ISEE as valid through its expiry day;
- ATC tenant: the household's housing is "ATC tenant"; unknown housing or no household is
  unknown;
- household with minors: a member under 18 on `on`; else unknown if a member's birth date is
  missing (or there is no household); else no;
- family network "not known" is unknown; lives alone and UVG are the person's own answers.
"""

from __future__ import annotations

import datetime

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import RawSQL

from trama.eligibility.explain import age_on
from trama.eligibility.facts import PersonFacts
from trama.eligibility.rules import Rule
from trama.eligibility.sql import Columns, compile_rule
from trama.people.models import (
    FamilyNetwork,
    Household,
    HouseholdMember,
    Housing,
    IseeDeclaration,
    Person,
)

ADULT_AGE = 18

# The columns of `facts_queryset`, as the compiled rule reads them from the wrapping query.
FACT_COLUMNS = Columns(
    birth_date="facts.f_birth_date",
    residence_istat="facts.f_residence_istat",
    isee_value="facts.f_isee_value",
    isee_expires_on="facts.f_isee_expires_on",
    lives_alone="facts.f_lives_alone",
    family_network="facts.f_family_network",
    atc_tenant="facts.f_atc_tenant",
    in_charge_uvg="facts.f_in_charge_uvg",
    household_has_minors="facts.f_household_has_minors",
)
_FACT_NAMES = tuple(column.split(".")[1] for column in vars(FACT_COLUMNS).values())


# --- one person, in Python ------------------------------------------------------------------


def with_facts_data(people: QuerySet[Person]) -> QuerySet[Person]:
    """What `person_facts` reads, prefetched: a fixed number of queries for any number."""
    households = Household.objects.prefetch_related(
        Prefetch("members", queryset=HouseholdMember.objects.select_related("person")),
        "isee_declarations",
    )
    return people.select_related("municipality").prefetch_related(
        Prefetch(
            "memberships",
            queryset=HouseholdMember.objects.prefetch_related(
                Prefetch("household", queryset=households)
            ).order_by("id"),
        )
    )


def current_household(person: Person) -> Household | None:
    memberships = sorted(person.memberships.all(), key=lambda m: m.pk)
    return memberships[-1].household if memberships else None


def current_isee(household: Household, on: datetime.date) -> IseeDeclaration | None:
    """The declaration the facts read (see the module's docstring)."""
    issued = [d for d in household.isee_declarations.all() if d.issued_on <= on]
    if not issued:
        return None
    valid = [d for d in issued if d.is_valid_on(on)]
    return max(valid or issued, key=lambda d: (d.issued_on, d.pk))


def person_facts(person: Person, *, on: datetime.date) -> PersonFacts:
    household = current_household(person)
    isee = current_isee(household, on) if household is not None else None
    return PersonFacts(
        birth_date=person.birth_date,
        residence_istat=person.municipality.istat_code if person.municipality_id else None,
        isee_value=isee.value if isee else None,
        isee_expires_on=isee.expires_on - datetime.timedelta(days=1) if isee else None,
        lives_alone=person.lives_alone,
        family_network=(
            None if person.family_network == FamilyNetwork.UNKNOWN else person.family_network
        ),
        atc_tenant=_atc_tenant(household),
        in_charge_uvg=person.in_charge_uvg,
        household_has_minors=_has_minors(household, on),
    )


def _atc_tenant(household: Household | None) -> bool | None:
    if household is None or household.housing == Housing.UNKNOWN:
        return None
    return household.housing == Housing.ATC_TENANT


def _has_minors(household: Household | None, on: datetime.date) -> bool | None:
    if household is None:
        return None
    births = [member.person.birth_date for member in household.members.all()]
    if any(born is not None and age_on(born, on) < ADULT_AGE for born in births):
        return True
    return None if any(born is None for born in births) else False


# --- everybody at once, in SQL --------------------------------------------------------------


def adult_cutoff(on: datetime.date) -> datetime.date:
    """The last birth date of an adult on `on` (aged ADULT_AGE or more): later ones are minors.
    On 29 February of a leap year the day becomes 28 February of a common year."""
    year = on.year - ADULT_AGE
    try:
        return on.replace(year=year)
    except ValueError:
        return datetime.date(year, 2, 28)


def facts_queryset(people: QuerySet[Person], *, on: datetime.date) -> QuerySet:
    """`people` with one column per fact (`FACT_COLUMNS`), as `values()` rows: one query."""
    household = Subquery(
        HouseholdMember.objects.filter(person_id=OuterRef("pk"))
        .order_by("-id")
        .values("household_id")[:1],
        output_field=IntegerField(),
    )
    qs = people.order_by().annotate(f_household=household)
    declarations = IseeDeclaration.objects.filter(
        household_id=OuterRef("f_household"), issued_on__lte=on
    )
    valid_first = Case(When(expires_on__gt=on, then=Value(0)), default=Value(1))
    isee_value = Subquery(
        declarations.order_by(valid_first, "-issued_on", "-id").values("value")[:1],
        output_field=DecimalField(max_digits=10, decimal_places=2),
    )
    # Only the verdict matters here: a valid declaration's expiry (> on, so the engine's
    # "expires_on >= on" holds), NULL when none is valid (unknown, like an expired one).
    isee_expires_on = Subquery(
        declarations.filter(expires_on__gt=on)
        .order_by("-issued_on", "-id")
        .values("expires_on")[:1],
        output_field=DateField(),
    )
    housing = Subquery(
        Household.objects.filter(pk=OuterRef("f_household")).values("housing")[:1],
        output_field=CharField(),
    )
    members = HouseholdMember.objects.filter(household_id=OuterRef("f_household"))
    qs = qs.annotate(f_housing=housing)
    return qs.annotate(
        f_birth_date=F("birth_date"),
        f_residence_istat=F("municipality__istat_code"),
        f_isee_value=isee_value,
        f_isee_expires_on=isee_expires_on,
        f_lives_alone=F("lives_alone"),
        f_family_network=Case(
            When(family_network=FamilyNetwork.UNKNOWN, then=Value(None)),
            default=F("family_network"),
            output_field=CharField(),
        ),
        f_atc_tenant=Case(
            When(f_housing=Housing.ATC_TENANT, then=Value(True)),
            When(f_housing__isnull=True, then=Value(None)),
            When(f_housing=Housing.UNKNOWN, then=Value(None)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        f_in_charge_uvg=F("in_charge_uvg"),
        f_household_has_minors=Case(
            When(f_household__isnull=True, then=Value(None)),
            When(
                Exists(members.filter(person__birth_date__gt=adult_cutoff(on))),
                then=Value(True),
            ),
            When(Exists(members.filter(person__birth_date__isnull=True)), then=Value(None)),
            default=Value(False),
            output_field=BooleanField(),
        ),
    ).values("id", *_FACT_NAMES)


def eligible(people: QuerySet[Person], rule: Rule, *, on: datetime.date) -> QuerySet[Person]:
    """The people of `people` whose outcome for `rule` is MET on `on`, selected in the
    database: `WHERE compile_rule(...)` over `facts_queryset`. Still a lazy queryset."""
    facts_sql, facts_params = facts_queryset(people, on=on).query.sql_with_params()
    condition, condition_params = compile_rule(rule, on=on, columns=FACT_COLUMNS)
    # Both SQL texts come from compilers (Django's, and compile_rule with fixed, checked
    # column names); every value is a parameter.
    selected = f"SELECT facts.id FROM ({facts_sql}) facts WHERE {condition}"  # noqa: S608
    return people.filter(
        pk__in=RawSQL(selected, (*facts_params, *condition_params))  # noqa: S611
    )
