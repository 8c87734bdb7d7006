"""What the eligibility engine knows about people, read from the people tables.

Two readers of the same definitions, written independently so the tests can check one against
the other (`tests/test_facts.py`, with Hypothesis, on SQLite and PostgreSQL):

- `person_facts(person, on=)`: one person's `PersonFacts` in Python, from a person loaded with
  `with_facts_data` (or the record `selectors.person_get` loads): no query of its own;
- `facts_sql(people, on=)`: the same facts as one SQL query over joins and derived tables
  computed once (each person's latest membership, each household's ISEE, its members' birth
  dates), never a subquery per person; `facts_rows` runs it. On it, selected in the database
  with `trama.eligibility.sql.compile_rule` (DESIGN.md §6: set-based): `eligible(people,
  rule, on=)`, the people whose outcome is MET (the outreach list), and
  `eligible_by_rule(people, rules, on=)`, every rule over the same facts in one query (every
  person × every project).

The definitions (the reference day `on` matters for the ISEE and the minors):

- the person's household is their most recent membership (highest membership id);
- the ISEE is the household's declaration issued on or before `on` that is valid on `on`
  (`IseeDeclaration.is_valid_on`: from the issue day through `expires_on`, the last valid day,
  inclusive), the latest issued if several; when none is valid, the latest issued (expired:
  unknown to the engine). `PersonFacts.isee_expires_on` is `expires_on` as it is: the engine
  too counts an ISEE as valid through its expiry day;
- ATC tenant: the household's housing is "ATC tenant"; unknown housing or no household is
  unknown;
- household with minors: a member under 18 on `on`; else unknown if a member's birth date is
  missing (or there is no household); else no;
- family network "not known" is unknown; lives alone and UVG are the person's own answers.
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from django.db import connection
from django.db.models import Prefetch, QuerySet
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
from trama.territory.models import Municipality

ADULT_AGE = 18

# The columns of `facts_sql`, as the compiled rule reads them from the wrapping query.
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
Key = TypeVar("Key", bound=Hashable)


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
        isee_expires_on=isee.expires_on if isee else None,
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


@dataclass(frozen=True)
class FactsSql:
    """`WITH <ctes>` ending in a `facts` table (one row per person: `id` and `FACT_COLUMNS`):
    a query selects from it with `f"WITH {ctes} SELECT ... FROM facts ..."`."""

    ctes: str
    params: tuple[object, ...]


def facts_sql(
    people: QuerySet[Person], *, on: datetime.date, whole_tables: bool = False
) -> FactsSql:
    """The facts of `people` as SQL (see the module's docstring for the definitions).

    Each fact that reads other rows comes from a derived table computed once for the run and
    joined by household, instead of a correlated subquery per person (at M, 500,000 people,
    that was most of the time): `latest` (each person's latest membership), `isee` (each
    household's declaration the facts read) and `births` (each household's minors and unknown
    birth dates, counted).

    `whole_tables=False` restricts the derived tables to the households of `people` (an
    operator's people, a hub: a few thousand rows instead of the whole tables);
    `whole_tables=True` computes them over whole tables, cheaper when `people` is most of the
    table (every person × every project). The facts are the same either way.
    """
    # Every text below is fixed or a table name from the models; every value is a parameter.
    people_sql, people_params = people.order_by().values("pk").query.sql_with_params()
    # The facts start from `people` itself (its own filters and indexes), not from a scan of
    # the whole table filtered afterwards. Its rows must be distinct (no multi-valued join).
    own = ("id", "birth_date", "municipality_id", "lives_alone", "family_network", "in_charge_uvg")
    own_sql, own_params = people.order_by().values(*own).query.sql_with_params()
    person = Person._meta.db_table
    member = HouseholdMember._meta.db_table
    household = Household._meta.db_table
    declaration = IseeDeclaration._meta.db_table
    municipality = Municipality._meta.db_table
    params: list[object] = []
    # Restricting the derived tables costs a semi-join each: worth it only for a subset.
    if whole_tables:
        only_people = only_households = ""
    else:
        only_people = f"AND hm.person_id IN ({people_sql})"
        params.extend(people_params)
        only_households = "AND {alias}.household_id IN (SELECT household_id FROM latest)"
    # The latest membership: none later for the same person (an anti-join, on both databases).
    latest = f"""latest AS (
        SELECT hm.person_id, hm.household_id FROM {member} hm
        WHERE NOT EXISTS (
            SELECT 1 FROM {member} later
            WHERE later.person_id = hm.person_id AND later.id > hm.id
        ) {only_people}
    )"""  # noqa: S608
    # The declaration `current_isee` reads: issued by `on`, and no better one in the household
    # (better: valid on `on` when it is not, through `expires_on` inclusive; else issued later,
    # or the same day with a higher id). An anti-join, not a ranking: the planners estimate it.
    ranked = "(CASE WHEN {d}.expires_on >= %s THEN 1 ELSE 0 END, {d}.issued_on, {d}.id)"
    isee = f"""isee AS (
        SELECT d.household_id, d.value, d.expires_on FROM {declaration} d
        WHERE d.issued_on <= %s {only_households.format(alias="d")}
        AND NOT EXISTS (
            SELECT 1 FROM {declaration} better
            WHERE better.household_id = d.household_id AND better.issued_on <= %s
            AND {ranked.format(d="better")} > {ranked.format(d="d")}
        )
    )"""  # noqa: S608
    params.extend([on, on, on, on])
    # Every member of the household counts, as `_has_minors` reads `household.members`.
    births = f"""births AS (
        SELECT m.household_id,
            COUNT(CASE WHEN p.birth_date > %s THEN 1 END) AS minors,
            COUNT(*) - COUNT(p.birth_date) AS unknown_births
        FROM {member} m JOIN {person} p ON p.id = m.person_id
        WHERE 1 = 1 {only_households.format(alias="m")}
        GROUP BY m.household_id
    )"""  # noqa: S608
    params.append(adult_cutoff(on))
    # Comparisons give the three values: NULL when the housing or the household is unknown.
    # A household with no minor and an unknown birth date is unknown; none at all, unknown.
    facts = f"""facts AS (
        SELECT p.id,
            p.birth_date AS f_birth_date,
            mu.istat_code AS f_residence_istat,
            isee.value AS f_isee_value,
            CASE WHEN isee.expires_on >= %s THEN isee.expires_on END AS f_isee_expires_on,
            p.lives_alone AS f_lives_alone,
            NULLIF(p.family_network, %s) AS f_family_network,
            CASE WHEN h.housing <> %s THEN h.housing = %s END AS f_atc_tenant,
            p.in_charge_uvg AS f_in_charge_uvg,
            CASE WHEN b.minors > 0 OR b.unknown_births = 0 THEN b.minors > 0 END
                AS f_household_has_minors
        FROM ({own_sql}) p
        LEFT JOIN {municipality} mu ON mu.id = p.municipality_id
        LEFT JOIN latest ON latest.person_id = p.id
        LEFT JOIN {household} h ON h.id = latest.household_id
        LEFT JOIN isee ON isee.household_id = latest.household_id
        LEFT JOIN births b ON b.household_id = latest.household_id
    )"""  # noqa: S608
    params.extend(
        [on, FamilyNetwork.UNKNOWN.value, Housing.UNKNOWN.value, Housing.ATC_TENANT.value]
    )
    params.extend(own_params)
    return FactsSql(f"{latest}, {isee}, {births}, {facts}", tuple(params))


def facts_rows(
    people: QuerySet[Person], *, on: datetime.date, whole_tables: bool = False
) -> list[dict[str, object]]:
    """The facts of `people` as dicts (`id` and the `f_` columns), typed as on PostgreSQL
    (SQLite gives dates as text, booleans as 0/1, decimals as numbers)."""
    facts = facts_sql(people, on=on, whole_tables=whole_tables)
    names = ("id", *_FACT_NAMES)
    with connection.cursor() as cursor:
        query = f"WITH {facts.ctes} SELECT {', '.join(names)} FROM facts"  # noqa: S608
        cursor.execute(query, facts.params)
        return [_typed(dict(zip(names, row, strict=True))) for row in cursor.fetchall()]


def _typed(row: dict[str, object]) -> dict[str, object]:
    for name in ("f_birth_date", "f_isee_expires_on"):
        if isinstance(row[name], str):
            row[name] = datetime.date.fromisoformat(row[name])
    if row["f_isee_value"] is not None:
        row["f_isee_value"] = Decimal(str(row["f_isee_value"])).quantize(Decimal("0.01"))
    for name in ("f_lives_alone", "f_atc_tenant", "f_in_charge_uvg", "f_household_has_minors"):
        if row[name] is not None:
            row[name] = bool(row[name])
    return row


def eligible(people: QuerySet[Person], rule: Rule, *, on: datetime.date) -> QuerySet[Person]:
    """The people of `people` whose outcome for `rule` is MET on `on`, selected in the
    database: `WHERE compile_rule(...)` over `facts_sql`. Still a lazy queryset (the outreach
    page pages and orders it, and leaves out the people already reached)."""
    facts = facts_sql(people, on=on)
    condition, condition_params = compile_rule(rule, on=on, columns=FACT_COLUMNS)
    # The SQL texts come from compilers (Django's, facts_sql's fixed text and compile_rule's
    # checked column names); every value is a parameter.
    selected = f"WITH {facts.ctes} SELECT facts.id FROM facts WHERE {condition}"  # noqa: S608
    return people.filter(
        pk__in=RawSQL(selected, (*facts.params, *condition_params))  # noqa: S611
    )


def eligible_by_rule(
    people: QuerySet[Person], rules: Mapping[Key, Rule], *, on: datetime.date
) -> dict[Key, list[int]]:
    """For each rule (a project's, say), the ids of the people of `people` whose outcome is
    MET on `on`: every rule over the same facts, computed once, in one query with one
    boolean column per rule (DESIGN.md §6, "every person × every project")."""
    keys = list(rules)
    found: dict[Key, list[int]] = {key: [] for key in keys}
    if not keys:
        return found
    facts = facts_sql(people, on=on, whole_tables=True)
    columns, params = [], list(facts.params)
    for position, key in enumerate(keys):
        condition, condition_params = compile_rule(rules[key], on=on, columns=FACT_COLUMNS)
        columns.append(f"{condition} AS met_{position}")
        params.extend(condition_params)
    # A row per person eligible somewhere: NULL (unknown) and FALSE both leave a rule out.
    anywhere = " OR ".join(f"met_{position}" for position in range(len(keys)))
    query = (
        f"WITH {facts.ctes} SELECT * FROM ("  # noqa: S608 (see `eligible`)
        f"SELECT facts.id, {', '.join(columns)} FROM facts"
        f") verdicts WHERE {anywhere}"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        for person_id, *verdicts in cursor.fetchall():
            for key, met in zip(keys, verdicts, strict=True):
                if met:
                    found[key].append(person_id)
    return found
