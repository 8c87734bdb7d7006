"""The housing group of `make bench` (issue 13): a building's dashboard, read by its mediator,
and a partner body's issue inbox, over the tier's buildings, tenancies, activities and issues.

The housing rows are added to the tier's database on first use (marked by the hubs' names,
so later runs reuse them), with `bulk_create` like the rest of the generated data: made-up
rows, nobody's actions to audit. Every value comes from one `random.Random` seeded by the
tier, so two runs measure the same rows."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass
from itertools import cycle

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bench.generate import SEED
from bench.report import Entry
from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.housing.models import (
    Activity,
    ActivityKind,
    ActivityReach,
    Building,
    Issue,
    IssueCategory,
    IssueCategoryTag,
    IssueState,
    Tenancy,
    Unit,
)
from trama.housing.timers import due_dates, priority_of
from trama.organizations.models import LegalForm, Organization, OrganizationKind
from trama.people.models import Household
from trama.territory.models import Hub, HubKind, Municipality

HUB_PREFIX = "Bench palazzina"
BODY_NAMES = ("Bench ATC", "Bench Comune", "Bench ASL")
MEDIATOR_USERNAME = "bench_mediatrice"
PARTNER_USERNAME = "bench_atc"
MEASURED_BUILDINGS = 20


@dataclass(frozen=True)
class HousingSizes:
    buildings: int
    tenancies: int
    activities: int
    issues: int


SIZES = {
    "S": HousingSizes(buildings=20, tenancies=1_000, activities=10_000, issues=2_500),
    "M": HousingSizes(buildings=400, tenancies=20_000, activities=200_000, issues=50_000),
}
BATCH = 5_000


def _user(username: str, role: str, kind: str, scope_ids: list[int | None]) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.trama.invalid"}
    )
    for scope_id in scope_ids:
        RoleGrant.objects.get_or_create(
            user=user, role=role, scope_kind=kind, scope_id=scope_id, revoked_at__isnull=True
        )
    return User.objects.get(pk=user.pk)


def _generate(sizes: HousingSizes) -> None:
    rng = random.Random(f"{SEED}-housing-{sizes.buildings}")
    now = timezone.now()
    today = timezone.localdate()
    bodies = [
        Organization.objects.get_or_create(
            name=name,
            defaults={"kind": OrganizationKind.PUBLIC_BODY, "legal_form": LegalForm.OTHER},
        )[0]
        for name in BODY_NAMES
    ]
    towns = cycle(Municipality.objects.filter(in_consortium=True).order_by("istat_code"))
    hubs = Hub.objects.bulk_create(
        Hub(
            name=f"{HUB_PREFIX} {n + 1}",
            kind=HubKind.ATC_BUILDING,
            address=f"Via delle Case {n + 1}",
            municipality=next(towns),
        )
        for n in range(sizes.buildings)
    )
    hubs = list(Hub.objects.filter(name__startswith=HUB_PREFIX).order_by("pk"))
    buildings = Building.objects.bulk_create(
        Building(hub=hub, owner=bodies[0], joined_on=today - datetime.timedelta(days=730))
        for hub in hubs
    )
    per_building = sizes.tenancies // sizes.buildings
    units = Unit.objects.bulk_create(
        (
            Unit(building=b, staircase="AB"[n % 2], floor=n // 10, number=str(100 + n))
            for b in buildings
            for n in range(per_building)
        ),
        batch_size=BATCH,
    )
    households = Household.objects.bulk_create(
        (
            Household(
                label=f"Nucleo bench {u.building_id}-{u.number}", reference_hub_id=u.building.hub_id
            )
            for u in units
        ),
        batch_size=BATCH,
    )
    creator = User.objects.filter(role_grants__role=Role.COORDINATOR).first() or _user(
        MEDIATOR_USERNAME, Role.MEDIATOR, ScopeKind.HUB, []
    )
    Tenancy.objects.bulk_create(
        (
            Tenancy(
                unit=u,
                household=h,
                start_on=today - datetime.timedelta(days=rng.randint(800, 4000)),
                created_by=creator,
            )
            for u, h in zip(units, households, strict=True)
        ),
        batch_size=BATCH,
    )
    tenants = {}
    for u, h in zip(units, households, strict=True):
        tenants.setdefault(u.building_id, []).append(h)
    per_activity = sizes.activities // sizes.buildings
    kinds = ActivityKind.values
    activities = []
    for b in buildings:
        for n in range(per_activity):
            collective = n % 3 == 0
            activities.append(
                Activity(
                    building=b,
                    kind=rng.choice(kinds),
                    reach=ActivityReach.BUILDING if collective else ActivityReach.HOUSEHOLD,
                    household=None if collective else rng.choice(tenants[b.pk]),
                    title="Attività",
                    on=today - datetime.timedelta(days=rng.randint(0, 700)),
                    mediator=creator,
                    head_count=rng.randint(0, 20) if collective else None,
                )
            )
    activities = Activity.objects.bulk_create(activities, batch_size=BATCH)
    through = Activity.attendees.through
    through.objects.bulk_create(
        (
            through(activity_id=a.pk, household_id=h.pk)
            for a in activities
            if a.reach != ActivityReach.HOUSEHOLD
            for h in rng.sample(tenants[a.building_id], k=3)
        ),
        batch_size=BATCH,
    )
    per_issue = sizes.issues // sizes.buildings
    categories = IssueCategory.values
    issues, tags = [], []
    for b in buildings:
        for _n in range(per_issue):
            chosen = [rng.choice(categories)]
            priority = priority_of(chosen)
            reported = now - datetime.timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 23))
            state = rng.choices(
                (
                    IssueState.REPORTED,
                    IssueState.REFERRED,
                    IssueState.IN_PROGRESS,
                    IssueState.RESOLVED,
                ),
                (1, 1, 2, 6),
            )[0]
            issue = Issue(
                building=b,
                description="Segnalazione generata",
                priority=priority,
                state=state,
                reported_by=creator,
                reported_at=reported,
            )
            if state != IssueState.REPORTED:
                issue.referred_to = rng.choice(bodies)
                issue.referred_at = reported + datetime.timedelta(hours=2)
                dates = due_dates(
                    priority=priority,
                    referred_on=issue.referred_at.date(),
                    received=state != IssueState.REFERRED,
                    planned=state in (IssueState.IN_PROGRESS, IssueState.RESOLVED),
                    last_update_on=None,
                )
                issue.acknowledge_due, issue.plan_due, issue.update_due = (
                    dates.acknowledge,
                    dates.plan,
                    dates.update,
                )
            if state == IssueState.RESOLVED:
                issue.received_at = issue.planned_at = issue.referred_at
                issue.closed_at = issue.referred_at + datetime.timedelta(days=rng.randint(1, 60))
                issue.acknowledge_due = issue.plan_due = issue.update_due = None
                if rng.random() < 0.5:
                    issue.handled_well = rng.random() < 0.7
                    issue.kept_informed = rng.random() < 0.6
                    issue.feedback_at = issue.closed_at
            issues.append(issue)
            tags.append(chosen)
    issues = Issue.objects.bulk_create(issues, batch_size=BATCH)
    IssueCategoryTag.objects.bulk_create(
        (
            IssueCategoryTag(issue=issue, category=category)
            for issue, chosen in zip(issues, tags, strict=True)
            for category in chosen
        ),
        batch_size=BATCH,
    )


def _prepare(tier: str) -> list[Building]:
    sizes = SIZES[tier]
    if not Hub.objects.filter(name__startswith=HUB_PREFIX).exists():
        with transaction.atomic():
            _generate(sizes)
    return list(
        Building.objects.filter(hub__name__startswith=HUB_PREFIX).order_by("pk")[
            :MEASURED_BUILDINGS
        ]
    )


def housing_entries(tier: str, floor, requests: int) -> tuple[dict[str, Entry], dict[str, str]]:
    from bench.benchmark import Page, measure, page_entries

    sizes = SIZES[tier]
    measured = _prepare(tier)
    mediator = _user(MEDIATOR_USERNAME, Role.MEDIATOR, ScopeKind.HUB, [b.hub_id for b in measured])
    atc = Organization.objects.get(name=BODY_NAMES[0])
    partner = _user(PARTNER_USERNAME, Role.PARTNER, ScopeKind.ORGANIZATION, [atc.pk])
    about = (
        f"{sizes.buildings} buildings, {sizes.tenancies} tenancies, {sizes.activities} "
        f"activities, {sizes.issues} issues"
    )
    results: dict[str, Entry] = {}
    notes: dict[str, str] = {}
    dashboard = reverse("housing:dashboard")
    pages = [
        (
            mediator,
            Page(
                "building_dashboard",
                [f"{dashboard}?palazzina={b.pk}" for b in measured],
                f"GET {dashboard}?palazzina=<id>: a building's dashboard read by its mediator, "
                f"over {len(measured)} buildings ({about})",
            ),
        ),
        (
            partner,
            Page(
                "issue_inbox",
                [reverse("housing:issue_list"), reverse("housing:issue_list") + "?page=2"],
                "GET the issue inbox of a partner body (the first two pages, 50 a page), "
                f"{Issue.objects.filter(referred_to=atc).count()} issues referred to it ({about})",
            ),
        ),
    ]
    for user, page in pages:
        client = Client()
        client.force_login(user)
        measure(client, page, requests)
        results.update(page_entries(page, floor))
        notes[page.name] = page.note
    return results, notes
