"""RI-abitare la città's demo: the seed's two ATC buildings (Collegno, Grugliasco) with
their units, the demo households of each building as tenants, a year of the mediators'
activities and issues in every state, answered by members of ATC, the Comune and ASL TO3.
Through the services, idempotent (a building that has activities is left as it is)."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from trama.accounts.demo import demo_grant, demo_user
from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.selectors import role_holders
from trama.housing import services
from trama.housing.models import ActivityKind, ActivityReach, Building, IssueCategory, IssueState
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.people.models import Household
from trama.territory.models import Hub, HubKind

OWNER = "ATC del Piemonte Centrale"
STAIRCASES = ("A", "B")
FLOORS = range(0, 4)
UNITS_PER_FLOOR = 3
DAYS_IN_PROJECT = 400
# username, first name, last name, body: the partner bodies' members who answer issues.
BODY_MEMBERS = (
    ("atc", "Roberto", "Sacco", OWNER),
    ("comune_collegno", "Federica", "Longo", "Comune di Collegno"),
    ("comune_grugliasco", "Paola", "Ferri", "Comune di Grugliasco"),
)
HEALTH_BODY = "ASL TO3"
THE_COMUNE = "comune"  # in ISSUES: the Comune of the building's town

# (categories, body, description, final state) of the issues each building gets.
ISSUES = (
    (
        (IssueCategory.MAINTENANCE,),
        OWNER,
        "Infiltrazioni d'acqua dal tetto nella scala B.",
        IssueState.RESOLVED,
    ),
    (
        (IssueCategory.MAINTENANCE,),
        OWNER,
        "L'ascensore della scala A si ferma tra i piani.",
        IssueState.RESOLVED,
    ),
    (
        (IssueCategory.COMMON_SPACES,),
        OWNER,
        "Cancello del cortile rotto, non si chiude.",
        IssueState.IN_PROGRESS,
    ),
    (
        (IssueCategory.ARREARS_RISK,),
        THE_COMUNE,
        "Famiglia con due mensilità arretrate dopo la perdita del lavoro.",
        IssueState.RECEIVED,
    ),
    (
        (IssueCategory.HEALTH_SOCIAL,),
        HEALTH_BODY,
        "Persona anziana sola, non esce da giorni.",
        IssueState.RESOLVED,
    ),
    (
        (IssueCategory.NEIGHBOUR_CONFLICT,),
        None,
        "Lite per i rumori notturni tra due alloggi.",
        IssueState.RESOLVED,
    ),
    (
        (IssueCategory.MAINTENANCE, IssueCategory.HEALTH_SOCIAL),
        OWNER,
        "Muffa nella camera di un bambino asmatico.",
        IssueState.REFERRED,
    ),
    (
        (IssueCategory.COMMON_SPACES,),
        None,
        "Rifiuti ingombranti lasciati in cantina.",
        IssueState.REPORTED,
    ),
    ((IssueCategory.MAINTENANCE,), OWNER, "Citofono guasto da mesi.", IssueState.NOT_RESOLVABLE),
)


def _body_members(password: str) -> dict[str, User]:
    """Body name → its demo member (the demo's `partner` answers for ASL TO3)."""
    members = {}
    for username, first, last, body_name in BODY_MEMBERS:
        body = Organization.objects.filter(name=body_name).first()
        if body is None:
            continue
        user = demo_user(username, first, last, password)
        demo_grant(user, Role.PARTNER, ScopeKind.ORGANIZATION, body.pk)
        members[body_name] = User.objects.get(pk=user.pk)
    # The demo's `partner` answers for ASL TO3.
    health = members_of(Organization.objects.filter(name=HEALTH_BODY))
    if health:
        members[HEALTH_BODY] = health[0]
    return members


def _mediator(hub: Hub) -> User | None:
    return (
        role_holders((Role.MEDIATOR,), scope_kind=ScopeKind.HUB, scope_ids=[hub.pk])
        .order_by("pk")
        .first()
    )


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _building(coordinator: User, hub: Hub, owner: Organization, today: datetime.date) -> Building:
    existing = Building.objects.filter(hub=hub).first()
    if existing:
        return existing
    building = services.building_register(
        actor=coordinator,
        hub=hub,
        owner=owner,
        joined_on=today - datetime.timedelta(days=DAYS_IN_PROJECT),
        staircases=len(STAIRCASES),
        common_spaces="Sala comune al piano terra, cortile, orto condiviso",
    )
    for staircase in STAIRCASES:
        for floor in FLOORS:
            for position in range(1, UNITS_PER_FLOOR + 1):
                services.unit_add(
                    actor=coordinator,
                    building=building,
                    staircase=staircase,
                    floor=floor,
                    number=f"{floor}{position:02d}",
                )
    return building


def _tenants(rng: random.Random, mediator: User, building: Building, today) -> list[Household]:
    households = list(Household.objects.filter(reference_hub=building.hub).order_by("pk"))
    units = list(building.units.all())
    for unit, household in zip(units, households, strict=False):
        if not unit.tenancies.exists():
            services.tenancy_start(
                actor=mediator,
                unit=unit,
                household=household,
                start_on=today - datetime.timedelta(days=rng.randint(DAYS_IN_PROJECT, 3000)),
            )
    return households[: len(units)]


def _activities(rng, mediator: User, building: Building, tenants: list[Household], today) -> None:
    start = building.joined_on
    for month in range(12, 0, -1):
        day = today - datetime.timedelta(days=30 * month)
        if day < start:
            continue
        services.activity_record(
            actor=mediator,
            building=building,
            kind=ActivityKind.MEETING,
            reach=ActivityReach.BUILDING,
            title="Riunione di condominio",
            on=day,
            starts_at=datetime.time(18, 30),
            place="Sala comune",
            attendees=rng.sample(tenants, k=min(len(tenants), rng.randint(3, 8))),
            head_count=rng.randint(6, 18),
            outcome="Condivise le regole per l'uso della sala e il calendario delle pulizie.",
        )
        services.activity_record(
            actor=mediator,
            building=building,
            kind=ActivityKind.COMMON_SPACES,
            reach=ActivityReach.STAIRCASE,
            staircase=rng.choice(STAIRCASES),
            title="Cura dell'orto condiviso",
            on=day + datetime.timedelta(days=10),
            attendees=rng.sample(tenants, k=min(len(tenants), rng.randint(2, 5))),
        )
        for _visit in range(3):
            services.activity_record(
                actor=mediator,
                building=building,
                kind=rng.choice((ActivityKind.LISTENING, ActivityKind.ORIENTATION)),
                reach=ActivityReach.HOUSEHOLD,
                household=rng.choice(tenants),
                title="Colloquio a domicilio",
                on=day + datetime.timedelta(days=rng.randint(1, 25)),
                outcome="Ascolto e orientamento ai servizi del territorio.",
            )
    for weeks, title, kind in (
        (1, "Riunione di condominio", ActivityKind.MEETING),
        (2, "Laboratorio: come leggere le bollette", ActivityKind.MEETING),
        (4, "Festa di vicinato in cortile", ActivityKind.NEIGHBOURLINESS),
    ):
        services.activity_record(
            actor=mediator,
            building=building,
            kind=kind,
            reach=ActivityReach.BUILDING,
            title=title,
            on=today + datetime.timedelta(weeks=weeks),
            starts_at=datetime.time(18, 0),
            place="Sala comune",
        )


def _issues(rng, mediator, building, tenants, members, organizations, today) -> None:
    units = list(building.units.all())
    for index, (categories, body_name, description, final) in enumerate(ISSUES):
        reported = today - datetime.timedelta(days=300 - 30 * index)
        household = rng.choice(tenants) if tenants else None
        issue = services.issue_report(
            actor=mediator,
            building=building,
            categories=categories,
            description=description,
            unit=rng.choice(units),
            households=[household] if household else [],
            reporting_household=household,
            reported_at=_at(reported),
        )
        if final == IssueState.REPORTED:
            continue
        if body_name is None:
            services.issue_close(
                actor=mediator,
                issue=issue,
                target=final,
                text="Risolto con un incontro di mediazione.",
                at=_at(reported + datetime.timedelta(days=6)),
            )
        else:
            if body_name == THE_COMUNE:
                body_name = f"Comune di {building.hub.municipality.name}"
            body, member = organizations.get(body_name), members.get(body_name)
            if body is None or member is None:
                continue
            services.issue_refer(
                actor=mediator,
                issue=issue,
                organization=body,
                note="Segnalato dalla mediatrice.",
                at=_at(reported, 12),
            )
            steps = {
                IssueState.REFERRED: (),
                IssueState.RECEIVED: (IssueState.RECEIVED,),
                IssueState.IN_PROGRESS: (IssueState.RECEIVED, IssueState.IN_PROGRESS),
                IssueState.RESOLVED: (
                    IssueState.RECEIVED,
                    IssueState.IN_PROGRESS,
                    IssueState.RESOLVED,
                ),
                IssueState.NOT_RESOLVABLE: (IssueState.RECEIVED, IssueState.NOT_RESOLVABLE),
            }[final]
            day = reported
            for step in steps:
                day += datetime.timedelta(days=rng.randint(1, 12))
                services.issue_answer(
                    actor=member,
                    issue=issue,
                    target=step,
                    text={
                        IssueState.RECEIVED: "Presa in carico.",
                        IssueState.IN_PROGRESS: "Sopralluogo fissato, intervento programmato.",
                        IssueState.RESOLVED: "Intervento concluso.",
                        IssueState.NOT_RESOLVABLE: "Impianto da sostituire: fuori dal piano di manutenzione di quest'anno.",
                    }[step],
                    at=_at(min(day, today), 11),
                )
        if (
            final in (IssueState.RESOLVED, IssueState.NOT_RESOLVABLE)
            and household
            and rng.random() < 0.8
        ):
            services.issue_feedback(
                actor=mediator,
                issue=issue,
                handled_well=rng.random() < 0.7,
                kept_informed=rng.random() < 0.6,
            )


def load_demo_housing(*, coordinator: User, password: str) -> None:
    rng = random.Random(13)
    today = timezone.localdate()
    owner = Organization.objects.filter(name=OWNER).first()
    if owner is None:
        return
    members = _body_members(password)
    organizations = {o.name: o for o in Organization.objects.filter(name__in=list(members))}
    for hub in Hub.objects.filter(kind=HubKind.ATC_BUILDING).order_by("pk"):
        mediator = _mediator(hub)
        if mediator is None:
            continue
        building = _building(coordinator, hub, owner, today)
        if building.activities.exists():
            continue
        tenants = _tenants(rng, mediator, building, today)
        if not tenants:
            continue
        _activities(rng, mediator, building, tenants, today)
        _issues(rng, mediator, building, tenants, members, organizations, today)
