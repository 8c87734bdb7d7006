"""Deterministic benchmark data for the tiers of DESIGN.md §6, for the models that exist so far.

First the seed page's projects, organisations and hubs, through the demo loaders; then the
synthetic rest of the tier, every value drawn from one `random.Random(SEED)`, so a tier always
gives the same rows and the figures of two runs compare. The synthetic rows are written with
`bulk_create`, not through the audited services: they are made-up data, not the actions of
users, so there is nobody to record in the access log, and going row by row through validation
and the hash chain would make tier M slow to build for nothing the benchmark measures.

The data lives in its own database (see `bench/run.py`); `prepare()` rebuilds it only when the
marker table says another generator version, seed or tier made it.
"""

import json
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TypeVar

from django.core.management import call_command
from django.db import connection, transaction
from django.utils.text import slugify
from stdnum import luhn

from bench.people_data import Sizes, generate_people_and_casework
from bench.people_data import row_counts as people_row_counts
from bench.vocabulary import (
    ACTIVITIES,
    NEIGHBOURHOODS,
    NOUNS,
    PARISHES,
    PEOPLE,
    PROVINCES,
    STREETS,
    TOWN_HEADS,
    TOWN_TAILS,
)
from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.core.text import normalize_for_search
from trama.organizations.demo import load_demo_organizations
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.people.demo import load_demo_rules
from trama.projects.demo import load_demo_projects
from trama.projects.models import PartnerRole, Project, ProjectPartner
from trama.territory.models import Hub, HubKind, Municipality

# Bump whenever the generated rows change: cached databases are then rebuilt.
GENERATOR_VERSION = 2
SEED = 20_260_101
BATCH_SIZE = 1_000
BENCH_USERNAME = "bench_coordinator"
MARKER_TABLE = "bench_generation"

T = TypeVar("T")


@dataclass(frozen=True)
class Tier:
    organizations: int
    # Tier M is a region: beyond the five municipalities of the consortium.
    extra_municipalities: int
    # Members of each public project's network, drawn from the generated organisations.
    network_partners: tuple[int, int]
    # People, households and casework events (sessions, referral steps, plan actions, reviews).
    people: Sizes


TIERS: dict[str, Tier] = {
    "S": Tier(
        organizations=300,
        extra_municipalities=0,
        network_partners=(5, 15),
        people=Sizes(persons=20_000, households=8_000, events=200_000),
    ),
    "M": Tier(
        organizations=10_000,
        extra_municipalities=245,
        network_partners=(20, 60),
        people=Sizes(persons=500_000, households=200_000, events=5_000_000),
    ),
}


@dataclass(frozen=True)
class Preparation:
    generated: bool  # in this run
    state: dict[str, object]  # the marker: generator version, seed, tier, when, how long


# --- shape of the data ------------------------------------------------------------------------

POSTCODES = {"Collegno": "10093", "Grugliasco": "10095", "Rivoli": "10098"}

# (kind, legal form, weight): the shape of a registry of a consortium's network.
LEGAL_FORM_MIX: tuple[tuple[str, str, int], ...] = (
    (OrganizationKind.ETS, LegalForm.VOLUNTEER_ORG, 24),
    (OrganizationKind.ETS, LegalForm.SOCIAL_PROMOTION, 28),
    (OrganizationKind.ETS, LegalForm.ASSOCIATION, 10),
    (OrganizationKind.ETS, LegalForm.SOCIAL_COOPERATIVE, 14),
    (OrganizationKind.ETS, LegalForm.SOCIAL_ENTERPRISE, 3),
    (OrganizationKind.ETS, LegalForm.FOUNDATION, 3),
    (OrganizationKind.ETS, LegalForm.MUTUAL_AID, 1),
    (OrganizationKind.PUBLIC_BODY, LegalForm.OTHER, 5),
    (OrganizationKind.FUNDER, LegalForm.FOUNDATION, 2),
    (OrganizationKind.OTHER, LegalForm.INFORMAL_GROUP, 7),
    (OrganizationKind.OTHER, LegalForm.OTHER, 3),
)
# RUNTS section (art. 46 CTS) of each legal form; several forms may sit in more than one.
RUNTS_SECTIONS: dict[str, tuple[str, ...]] = {
    LegalForm.VOLUNTEER_ORG: ("a",),
    LegalForm.SOCIAL_PROMOTION: ("b",),
    LegalForm.ASSOCIATION: ("g", "g", "g", "e"),
    LegalForm.SOCIAL_COOPERATIVE: ("d",),
    LegalForm.SOCIAL_ENTERPRISE: ("d",),
    LegalForm.FOUNDATION: ("c", "g"),
    LegalForm.MUTUAL_AID: ("f",),
}
# How common each activity of art. 5 CTS is in a local registry, and what each form leans to.
SECTOR_WEIGHTS: dict[str, float] = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (30, 4, 10, 12, 5, 3, 1, 1, 14, 0.5, 2, 6, 2, 2, 2, 8, 3, 5, 2, 8, 12, 3, 5, 0.5, 3, 1),
        strict=True,
    )
)
SECTOR_LEANINGS: dict[str, str] = {
    LegalForm.VOLUNTEER_ORG: "acuy",
    LegalForm.SOCIAL_PROMOTION: "dilt",
    LegalForm.ASSOCIATION: "ieft",
    LegalForm.SOCIAL_COOPERATIVE: "acpq",
    LegalForm.SOCIAL_ENTERPRISE: "pso",
    LegalForm.FOUNDATION: "aduh",
    LegalForm.MUTUAL_AID: "aw",
}


# --- helpers ----------------------------------------------------------------------------------


def _numeric_code(first_digit: str, serial: int) -> str:
    """11 digits: kind digit, 6-digit serial, tax office 001 (Torino), Luhn check digit."""
    body = f"{first_digit}{serial:06d}001"
    return body + luhn.calc_check_digit(body)


def _distinct(rng: random.Random, items: Sequence[T], weights: Sequence[float], k: int) -> list[T]:
    """`k` different items drawn by weight (k is small next to len(items))."""
    k = min(k, len(items))
    chosen: dict[int, None] = {}
    while len(chosen) < k:
        chosen[rng.choices(range(len(items)), weights)[0]] = None
    return [items[i] for i in chosen]


def _organization_name(rng: random.Random, legal_form: str, kind: str, town: str) -> str:
    noun, person, place = (
        rng.choice(NOUNS),
        rng.choice(PEOPLE),
        rng.choice(NEIGHBOURHOODS + (town,)),
    )
    choices: dict[str, tuple[str, ...]] = {
        LegalForm.VOLUNTEER_ORG: (
            f"Associazione Volontari {place} ODV",
            f"{noun} ODV",
            f"Auser {town}",
            f"Croce Verde {town} ODV",
            f"Gruppo Volontariato Vincenziano {place}",
            f"AVULSS {town} ODV",
        ),
        LegalForm.SOCIAL_PROMOTION: (
            f"Associazione {noun} APS",
            f"Circolo {person} APS",
            f"ARCI {noun}",
            f"ACLI {place} APS",
            f"Polisportiva {place} APS",
        ),
        LegalForm.ASSOCIATION: (
            f"Associazione {noun}",
            f"Associazione Amici di {person}",
            f"Associazione Culturale {noun}",
        ),
        LegalForm.SOCIAL_COOPERATIVE: (
            f"{noun} Società Cooperativa Sociale",
            f"Cooperativa Sociale {noun} Onlus",
            f"Cooperativa Sociale {person}",
        ),
        LegalForm.SOCIAL_ENTERPRISE: (f"{noun} Impresa Sociale srl", f"Impresa Sociale {person}"),
        LegalForm.FOUNDATION: (f"Fondazione {person}", f"Fondazione {noun} Onlus"),
        LegalForm.MUTUAL_AID: (f"Società di Mutuo Soccorso {place}", f"SOMS {town}"),
        LegalForm.INFORMAL_GROUP: (
            f"Comitato di quartiere {place}",
            f"Gruppo di cammino {place}",
            f"Social street {place}",
        ),
    }
    if kind == OrganizationKind.PUBLIC_BODY:
        options: tuple[str, ...] = (
            f"Istituto Comprensivo {person} di {town}",
            f"Centro per l'Impiego di {town}",
            f"Istituto di Istruzione Superiore {person}",
        )
    elif kind == OrganizationKind.FUNDER:
        options = (f"Fondazione Comunità {town}", f"Fondazione {person} per il territorio")
    elif legal_form == LegalForm.OTHER:
        options = (
            f"Parrocchia {rng.choice(PARISHES)}",
            f"Oratorio {person} di {town}",
        )
    else:
        options = choices[legal_form]
    return rng.choice(options)


def _unique(draw: Callable[[], str], taken: set[str], rng: random.Random) -> str:
    """A name no other organisation has: drawn again a few times, then told apart by the
    neighbourhood (as sections of one association are), then by a number."""
    for _ in range(5):
        name = draw()
        if normalize_for_search(name) not in taken:
            break
    else:
        base = f"{name} – {rng.choice(NEIGHBOURHOODS)}"
        name, number = base, 1
        while normalize_for_search(name) in taken:
            number += 1
            name = f"{base} {number}"
    taken.add(normalize_for_search(name))
    return name


# --- rows ------------------------------------------------------------------------------------


def _municipalities(rng: random.Random, tier: Tier) -> list[Municipality]:
    """The consortium's five (loaded by migration) and, for a region, synthetic ones whose
    ISTAT codes start with 9 (no province has that code, so they can never clash). They keep
    `in_consortium=True`: a regional deployment offers all of them in the pages' filters."""
    heads_tails = [(head, tail) for head in TOWN_HEADS for tail in TOWN_TAILS]
    extra = []
    for number, (head, tail) in enumerate(
        rng.sample(heads_tails, tier.extra_municipalities), start=1
    ):
        population = int(min(60_000, max(300, rng.lognormvariate(8.0, 1.1))))
        extra.append(
            Municipality(
                istat_code=f"9{number:05d}",
                name=f"{head} {tail}",
                province=rng.choice(PROVINCES),
                region="Piemonte",
                population=population,
                population_source="synthetic (benchmark)",
            )
        )
    Municipality.objects.bulk_create(extra, batch_size=BATCH_SIZE)
    return list(Municipality.objects.order_by("istat_code"))


def _postcode(municipality: Municipality) -> str:
    return POSTCODES.get(
        municipality.name,
        "10090" if municipality.istat_code[0] == "0" else f"1{municipality.istat_code[-4:]}",
    )


def _hubs(rng: random.Random, municipalities: list[Municipality]) -> None:
    taken = set(Hub.objects.values_list("municipality_id", "name"))
    kinds_present = set(Hub.objects.values_list("municipality_id", "kind"))
    hubs = []
    for municipality in municipalities:
        kinds = (
            [HubKind.ANCORE_SPACE]
            if (municipality.pk, HubKind.ANCORE_SPACE) not in kinds_present
            else []
        )
        kinds += rng.choices(
            (HubKind.SOCIAL_GROCERY, HubKind.ATC_BUILDING, HubKind.OTHER, HubKind.ANCORE_SPACE),
            weights=(3, 3, 2, 1),
            k=rng.randint(1, 3),
        )
        for kind in kinds:
            quarter = rng.choice(NEIGHBOURHOODS)
            street = f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
            name = {
                HubKind.ANCORE_SPACE: f"Spazio AnCoRe {quarter}",
                HubKind.SOCIAL_GROCERY: f"Emporio solidale {municipality.name}",
                HubKind.ATC_BUILDING: f"Palazzina ATC {street}",
                HubKind.OTHER: f"Casa del quartiere {quarter}",
            }[kind]
            while (municipality.pk, name) in taken:
                name = f"{name} {rng.randint(2, 9)}"
            taken.add((municipality.pk, name))
            hubs.append(
                Hub(
                    name=name,
                    kind=kind,
                    address=street,
                    postcode=_postcode(municipality),
                    municipality=municipality,
                    opening_hours="lun-ven 9-12, mar e gio 14-17",
                    is_active=rng.random() > 0.05,
                )
            )
    Hub.objects.bulk_create(hubs, batch_size=BATCH_SIZE)


def _organizations(
    rng: random.Random, number: int, municipalities: list[Municipality]
) -> list[Organization]:
    sections = {s.code: s for s in RuntsSection.objects.all()}
    sector_ids = dict(ActivitySector.objects.values_list("code", "pk"))
    populations = [m.population or 1_000 for m in municipalities]
    kinds, weights = [(k, f) for k, f, _ in LEGAL_FORM_MIX], [w for *_, w in LEGAL_FORM_MIX]
    taken_names = set(Organization.objects.values_list("search_name", flat=True))
    taken_codes = set(Organization.objects.values_list("fiscal_code", flat=True))
    serials = iter(rng.sample(range(100_000, 1_000_000), number * 3))

    organizations, sector_links, served_links = [], [], []
    for _ in range(number):
        kind, legal_form = rng.choices(kinds, weights)[0]
        seat = rng.choices(municipalities, populations)[0]
        draw = partial(_organization_name, rng, legal_form, kind, seat.name)
        name = _unique(draw, taken_names, rng)
        fiscal_code = _numeric_code("9", next(serials))
        while fiscal_code in taken_codes:
            fiscal_code = _numeric_code("9", next(serials))
        taken_codes.add(fiscal_code)
        slug = slugify(name)[:40].strip("-")
        commercial = legal_form in (LegalForm.SOCIAL_COOPERATIVE, LegalForm.SOCIAL_ENTERPRISE)
        section = None
        if kind == OrganizationKind.ETS and rng.random() < 0.9:
            section = sections[rng.choice(RUNTS_SECTIONS[legal_form])]
        organization = Organization(
            name=name,
            search_name=normalize_for_search(name),
            kind=kind,
            legal_form=legal_form,
            fiscal_code=fiscal_code,
            vat_number=_numeric_code("0", next(serials)) if commercial else "",
            runts_section=section,
            runts_number=str(rng.randint(1_000, 150_000)) if section else "",
            address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            postcode=_postcode(seat),
            municipality=seat,
            email=f"info@{slug}.example.org" if rng.random() < 0.8 else "",
            pec=f"{slug}@pec.example.org"
            if commercial or kind == OrganizationKind.PUBLIC_BODY
            else "",
            phone=f"+39 011 {rng.randint(100, 999)} {rng.randint(1000, 9999)}",
            website=f"https://www.{slug}.example.org" if rng.random() < 0.4 else "",
            description=f"{rng.choice(ACTIVITIES)} a {seat.name}.",
            is_demo=True,
        )
        organizations.append(organization)

        if kind in (OrganizationKind.ETS, OrganizationKind.OTHER):
            leaning = SECTOR_LEANINGS.get(legal_form, "")
            codes = list(SECTOR_WEIGHTS)
            sector_weights = [SECTOR_WEIGHTS[c] * (6 if c in leaning else 1) for c in codes]
            chosen = _distinct(
                rng, codes, sector_weights, rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]
            )
            sector_links.append((organization, [sector_ids[c] for c in chosen]))
        served = [seat]
        if rng.random() < 0.08:
            served = _distinct(rng, municipalities, populations, rng.randint(5, 12))
        elif rng.random() < 0.35:
            served += _distinct(rng, municipalities, populations, rng.randint(1, 2))
        served_links.append((organization, sorted({m.pk for m in served})))

    Organization.objects.bulk_create(organizations, batch_size=BATCH_SIZE)
    SectorLink = Organization.sectors.through
    ServedLink = Organization.municipalities_served.through
    SectorLink.objects.bulk_create(
        [
            SectorLink(organization_id=o.pk, activitysector_id=s)
            for o, ids in sector_links
            for s in ids
        ],
        batch_size=BATCH_SIZE,
    )
    ServedLink.objects.bulk_create(
        [
            ServedLink(organization_id=o.pk, municipality_id=m)
            for o, ids in served_links
            for m in ids
        ],
        batch_size=BATCH_SIZE,
    )
    return organizations


def _networks(rng: random.Random, tier: Tier, organizations: list[Organization]) -> None:
    """Each public project's network: members drawn from the generated ETS."""
    members = [o for o in organizations if o.kind == OrganizationKind.ETS]
    present = set(ProjectPartner.objects.values_list("project_id", "organization_id", "role"))
    links = []
    for project in Project.objects.filter(is_public=True).order_by("slug"):
        candidates = [o for o in members if (project.pk, o.pk, PartnerRole.NETWORK) not in present]
        for organization in rng.sample(candidates, rng.randint(*tier.network_partners)):
            links.append(
                ProjectPartner(project=project, organization=organization, role=PartnerRole.NETWORK)
            )
    ProjectPartner.objects.bulk_create(links, batch_size=BATCH_SIZE)


def _coordinator() -> User:
    user = User(
        username=BENCH_USERNAME, email=f"{BENCH_USERNAME}@bench.trama.invalid", first_name="Bench"
    )
    user.set_unusable_password()
    user.save()
    RoleGrant.objects.create(user=user, role=Role.COORDINATOR, scope_kind=ScopeKind.CONSORTIUM)
    return User.objects.get(pk=user.pk)


@transaction.atomic
def generate(tier_name: str) -> None:
    """The demo data, then synthetic rows up to the tier's number of organisations, people,
    households and casework events; the demo access rules of the projects."""
    tier = TIERS[tier_name]
    rng = random.Random(SEED)
    load_demo_projects(load_demo_organizations())
    municipalities = _municipalities(rng, tier)
    _hubs(rng, municipalities)
    organizations = _organizations(
        rng, tier.organizations - Organization.objects.count(), municipalities
    )
    _networks(rng, tier, organizations)
    coordinator = _coordinator()
    load_demo_rules(coordinator=coordinator)
    generate_people_and_casework(rng, tier.people, coordinator)


# --- cache ------------------------------------------------------------------------------------


def _read_marker() -> dict[str, object] | None:
    if MARKER_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT value FROM {MARKER_TABLE} WHERE name = 'state'")
        row = cursor.fetchone()
    return json.loads(row[0]) if row else None


def _write_marker(state: dict[str, object]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {MARKER_TABLE} (name VARCHAR(20) PRIMARY KEY, value TEXT NOT NULL)"
        )
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (name, value) VALUES ('state', %s)", [json.dumps(state)]
        )


def _wipe() -> None:
    """Empty the bench database. Refuses a database it did not make (tables but no marker):
    a BENCH_DATABASE_URL pointing at the wrong database must not cost anyone their data."""
    if connection.introspection.table_names() and _read_marker() is None:
        raise SystemExit(
            f"{connection.settings_dict['NAME']} has tables but no {MARKER_TABLE} table: it is not a "
            "benchmark database and will not be wiped. Point BENCH_DATABASE_URL at an empty database."
        )
    if connection.vendor == "sqlite":
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    else:
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")


def prepare(tier_name: str) -> Preparation:
    """Migrate the bench database, and rebuild its data when another generator version, seed or
    tier made it (or nothing did)."""
    wanted = {"generator_version": GENERATOR_VERSION, "seed": SEED, "tier": tier_name}
    state = _read_marker()
    if state is not None and all(state.get(key) == value for key, value in wanted.items()):
        call_command("migrate", verbosity=0, interactive=False)
        return Preparation(generated=False, state=state)
    started = time.perf_counter()
    _wipe()
    call_command("migrate", verbosity=0, interactive=False)
    generate(tier_name)
    if connection.vendor == "postgresql":
        # Autovacuum analyses freshly loaded tables within minutes: measure that steady state,
        # not the planner's guesses about tables it has never seen.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    state = {
        **wanted,
        "generated_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
    }
    _write_marker(state)
    return Preparation(generated=True, state=state)


def row_counts() -> dict[str, int]:
    return {
        "municipalities": Municipality.objects.count(),
        "hubs": Hub.objects.count(),
        "organisations": Organization.objects.count(),
        "organisation sectors": Organization.sectors.through.objects.count(),
        "municipalities served": Organization.municipalities_served.through.objects.count(),
        "projects": Project.objects.count(),
        "project partners": ProjectPartner.objects.count(),
        **people_row_counts(),
        **housing_row_counts(),
    }


def housing_row_counts() -> dict[str, int]:
    from trama.housing.models import Activity, Building, Issue, Tenancy

    return {
        "buildings": Building.objects.count(),
        "tenancies": Tenancy.objects.count(),
        "housing activities": Activity.objects.count(),
        "housing issues": Issue.objects.count(),
    }
