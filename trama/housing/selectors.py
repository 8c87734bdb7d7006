"""Reads of RI-abitare la città, scoped: the coordinator reads every building; a mediator
the buildings of the ATC hubs they are granted (decision 0032); a partner body's member
only the issues referred to their body, without the households' names (they answer about
a building and a unit, not about people). Every read of households is logged."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.selectors import role_holders
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.housing.capabilities import ANSWER_ISSUES, MEDIATE, SEE_ISSUES
from trama.housing.models import (
    CLOSED_STATES,
    WITH_THE_BODY,
    Activity,
    ActivityReach,
    Building,
    Issue,
    IssueState,
    Tenancy,
    Unit,
)
from trama.organizations.models import Organization, OrganizationKind
from trama.people.models import Household
from trama.territory.models import Hub, HubKind

PURPOSE = "RI-abitare la città"


def hub_scope(user: User) -> set[int] | None:
    """The ATC hubs whose buildings `user` mediates; None means every building."""
    MEDIATE.require(user)
    if user.has_any_role(Role.COORDINATOR):
        return None
    return user.scope_ids(Role.MEDIATOR, ScopeKind.HUB)


def buildings_for(user: User) -> QuerySet[Building]:
    hubs = hub_scope(user)
    qs = Building.objects.select_related("hub__municipality", "owner")
    return qs if hubs is None else qs.filter(hub_id__in=hubs)


def hubs_without_building() -> QuerySet[Hub]:
    """The ATC hubs not yet buildings of the project."""
    return Hub.objects.filter(kind=HubKind.ATC_BUILDING, building__isnull=True).order_by("name")


def _per_building(rows: QuerySet) -> Subquery:
    """How many of `rows` belong to the outer building: a subquery each, so the list joins
    neither the units nor the issues (their product would grow with both)."""
    counted = rows.filter(building=OuterRef("pk")).order_by().values("building")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def building_list(user: User) -> QuerySet[Building]:
    """The buildings in scope with their homes, open and overdue issues counted."""
    today = timezone.localdate()
    issues = Issue.objects.filter(repeat_of=None)
    return buildings_for(user).annotate(
        unit_count=_per_building(Unit.objects.all()),
        open_issues=_per_building(issues.exclude(state__in=CLOSED_STATES)),
        overdue_issues=_per_building(issues.filter(overdue_q(today))),
    )


def building_get(user: User, pk: int) -> Building:
    return buildings_for(user).get(pk=pk)


def building_page(user: User, pk: int) -> Building:
    """One building with its units and their current tenants; the read of the households'
    names is logged."""
    building = get_object_or_404(buildings_for(user), pk=pk)
    access_log_append(actor=user, action=Action.READ, obj=building, purpose=PURPOSE)
    return building


def units_with_tenants(building: Building, on: datetime.date | None = None) -> list[Unit]:
    """The building's units, each with `current` (its tenancy on `on`, or None)."""
    on = on or timezone.localdate()
    units = list(
        building.units.prefetch_related(
            Prefetch(
                "tenancies",
                queryset=_tenancies_on(Tenancy.objects.select_related("household"), on),
                to_attr="current_tenancies",
            )
        )
    )
    for unit in units:
        unit.current = unit.current_tenancies[0] if unit.current_tenancies else None
    return units


def tenancies_for(user: User) -> QuerySet[Tenancy]:
    """The tenancies of the buildings `user` mediates."""
    return Tenancy.objects.filter(unit__building__in=buildings_for(user)).select_related(
        "unit__building"
    )


def building_households(building: Building, ids: Iterable[int]) -> list[Household]:
    """The households of `ids` that were ever tenants of the building, in the order asked;
    DoesNotExist when one is not (the service checks the tenancy's dates)."""
    ids = list(ids)
    found = {
        h.pk: h
        for h in Household.objects.filter(pk__in=ids, tenancies__unit__building=building).distinct()
    }
    if set(ids) - set(found):
        raise Household.DoesNotExist
    return [found[pk] for pk in ids]


def _tenancies_on(qs: QuerySet[Tenancy], on: datetime.date) -> QuerySet[Tenancy]:
    return qs.filter(Q(end_on__isnull=True) | Q(end_on__gte=on), start_on__lte=on)


def tenant_households(building: Building, on: datetime.date | None = None) -> QuerySet[Household]:
    """The households living in the building on `on` (today by default)."""
    tenancies = _tenancies_on(
        Tenancy.objects.filter(unit__building=building), on or timezone.localdate()
    )
    return Household.objects.filter(pk__in=tenancies.values("household_id")).order_by("label")


def mediators_of(building: Building) -> list[User]:
    """The users granted the mediator's role on the building's hub."""
    return list(
        role_holders(
            (Role.MEDIATOR,), scope_kind=ScopeKind.HUB, scope_ids=[building.hub_id]
        ).order_by("last_name", "first_name", "pk")
    )


def activities_of(building: Building) -> QuerySet[Activity]:
    # Explicit order: Meta.ordering does not apply to an aggregating query.
    return (
        building.activities.select_related("household", "mediator")
        .annotate(attendee_count=Count("attendees"))
        .order_by("-on", "-starts_at", "-pk")
    )


def upcoming_collective(
    building: Building, today: datetime.date | None = None
) -> QuerySet[Activity]:
    """The collective activities from today on, soonest first: the stairwell notice."""
    return (
        building.activities.exclude(reach=ActivityReach.HOUSEHOLD)
        .filter(on__gte=today or timezone.localdate())
        .order_by("on", "starts_at", "pk")
    )


def activity_get(user: User, pk: int) -> Activity:
    """One activity of a building in scope; the read of the households present is logged."""
    activity = get_object_or_404(
        Activity.objects.filter(building__in=buildings_for(user))
        .select_related("building__hub", "household", "mediator")
        .prefetch_related("attendees"),
        pk=pk,
    )
    access_log_append(actor=user, action=Action.READ, obj=activity, purpose=PURPOSE)
    return activity


def partner_bodies() -> QuerySet[Organization]:
    """The bodies an issue can be referred to: the public bodies of the network (ATC, the
    Comuni, ASL TO3, the consortium)."""
    return Organization.objects.filter(kind=OrganizationKind.PUBLIC_BODY)


def answering_bodies(user: User) -> set[int]:
    """The bodies on whose behalf `user` answers issues."""
    if not ANSWER_ISSUES.allows(user):
        return set()
    return user.scope_ids(Role.PARTNER, ScopeKind.ORGANIZATION)


def overdue_q(today: datetime.date) -> Q:
    """Issues with a step of the body past its due date."""
    return (
        Q(state=IssueState.REFERRED, acknowledge_due__lt=today)
        | Q(state__in=(IssueState.REFERRED, IssueState.RECEIVED), plan_due__lt=today)
        | Q(state__in=WITH_THE_BODY, update_due__lt=today)
    )


def issues_for(user: User) -> QuerySet[Issue]:
    """The issues `user` sees: those of the buildings they mediate, and those referred to
    the bodies they answer for."""
    SEE_ISSUES.require(user)
    condition = Q(pk__in=[])
    if MEDIATE.allows(user):
        hubs = hub_scope(user)
        condition = Q() if hubs is None else Q(building__hub_id__in=hubs)
    bodies = answering_bodies(user)
    if bodies:
        condition |= Q(referred_to_id__in=bodies)
    return Issue.objects.filter(condition)


@dataclass(frozen=True)
class IssueFilters:
    state: str = ""
    overdue: bool = False
    building_id: int | None = None
    open_only: bool = False


def issue_inbox(user: User, filters: IssueFilters | None = None) -> QuerySet[Issue]:
    """The issues `user` sees, the body's open ones first, each with `overdue`."""
    filters = filters or IssueFilters()
    today = timezone.localdate()
    qs = (
        issues_for(user)
        .select_related("building__hub", "unit", "referred_to")
        .prefetch_related("category_tags")
        .annotate(overdue=ExpressionWrapper(overdue_q(today), output_field=BooleanField()))
    )
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.overdue:
        qs = qs.filter(overdue_q(today))
    if filters.building_id:
        qs = qs.filter(building_id=filters.building_id)
    if filters.open_only:
        qs = qs.exclude(state__in=CLOSED_STATES)
    # Open ones first (no closing date) on every database, the most urgent on top.
    return qs.order_by(F("closed_at").asc(nulls_first=True), "-priority", "reported_at", "pk")


def issue_get(user: User, pk: int) -> Issue:
    """One issue with its categories and thread. A mediator's read of the households
    involved is logged; a body reads no household."""
    issue = get_object_or_404(
        issues_for(user)
        .select_related(
            "building__hub__municipality", "unit", "referred_to", "reporting_household", "repeat_of"
        )
        .prefetch_related("category_tags", "households", "updates__author", "repeats"),
        pk=pk,
    )
    issue.overdue_steps = overdue_steps(issue)
    if shows_households(user, issue):
        access_log_append(actor=user, action=Action.READ, obj=issue, purpose=PURPOSE)
    return issue


def shows_households(user: User, issue: Issue) -> bool:
    """Households are shown to the side that mediates the building, never to the body."""
    if not MEDIATE.allows(user):
        return False
    hubs = hub_scope(user)
    return hubs is None or issue.building.hub_id in hubs


def overdue_steps(issue: Issue, today: datetime.date | None = None) -> list[str]:
    """The body's steps past due on this issue: "acknowledge", "plan", "update"."""
    today = today or timezone.localdate()
    if issue.state not in WITH_THE_BODY:
        return []
    steps = []
    if (
        issue.state == IssueState.REFERRED
        and issue.acknowledge_due
        and issue.acknowledge_due < today
    ):
        steps.append("acknowledge")
    if issue.state != IssueState.IN_PROGRESS and issue.plan_due and issue.plan_due < today:
        steps.append("plan")
    if issue.update_due and issue.update_due < today:
        steps.append("update")
    return steps


def similar_open_issues(
    building: Building, categories: Iterable[str], *, exclude: int | None = None
) -> QuerySet[Issue]:
    """Open issues of the same building sharing a category: a new report may repeat one."""
    qs = (
        Issue.objects.filter(building=building, repeat_of=None)
        .exclude(state__in=CLOSED_STATES)
        .filter(category_tags__category__in=list(categories))
        .distinct()
        .select_related("unit")
        .order_by("-reported_at")
    )
    return qs.exclude(pk=exclude) if exclude else qs


def issue_categories(issue: Issue) -> list[str]:
    return sorted(tag.category for tag in issue.category_tags.all())


def overdue_for_body(organization_id: int, today: datetime.date | None = None) -> QuerySet[Issue]:
    """The issues referred to one body with a step past due (its daily e-mail)."""
    return (
        Issue.objects.filter(referred_to_id=organization_id)
        .filter(overdue_q(today or timezone.localdate()))
        .select_related("building__hub", "unit")
        .order_by("-priority", "referred_at")
    )


# The categories that make a household one to talk about at the monthly joint review.
FRAGILITY_CATEGORIES = ("arrears_risk", "health_social", "neighbour_conflict")


@dataclass
class ReviewRow:
    household: Household
    open_issues: list[Issue]
    recent_concerns: list[Issue]
    visits_in_month: int
    last_contact: datetime.date | None


def review_list(user: User, building: Building, month: datetime.date) -> list[ReviewRow]:
    """The households of the building to review together (consortium, ATC, Comune, ASL) in
    `month`: those with an open issue, with an issue of arrears, health or conflict reported
    in the month, or met one to one by the mediator in it. The read is logged; a fixed
    number of queries."""
    MEDIATE.require(user)
    start = month.replace(day=1)
    end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    tenants = {h.pk: h for h in tenant_households(building, end)}
    rows = {pk: ReviewRow(h, [], [], 0, None) for pk, h in tenants.items()}
    # Open on the month's last day: reported by then and not closed by then.
    open_at_end = Q(reported_at__date__lte=end) & (
        Q(closed_at__isnull=True) | Q(closed_at__date__gt=end)
    )
    issues = (
        Issue.objects.filter(building=building, households__in=list(tenants), repeat_of=None)
        .filter(
            open_at_end
            | Q(
                reported_at__date__range=(start, end),
                category_tags__category__in=FRAGILITY_CATEGORIES,
            )
        )
        .annotate(was_open=ExpressionWrapper(open_at_end, output_field=BooleanField()))
        .distinct()
        .prefetch_related("category_tags", "households")
    )
    for issue in issues:
        for household in issue.households.all():
            if household.pk in rows:
                row = rows[household.pk]
                target = row.open_issues if issue.was_open else row.recent_concerns
                target.append(issue)
    individual = Activity.objects.filter(building=building, household_id__in=list(tenants))
    for household_id, n in (
        individual.filter(on__range=(start, end))
        .values_list("household_id")
        .annotate(n=Count("pk"))
    ):
        rows[household_id].visits_in_month = n
    contacts = individual.filter(on__lte=end).values_list("household_id").annotate(last=Max("on"))
    for household_id, last in contacts:
        rows[household_id].last_contact = last
    chosen = [r for r in rows.values() if r.open_issues or r.recent_concerns or r.visits_in_month]
    access_log_append(
        actor=user,
        action=Action.READ,
        obj=building,
        purpose=PURPOSE,
        details={"review": start.isoformat(), "households": sorted(r.household.pk for r in chosen)},
    )
    return sorted(
        chosen,
        key=lambda r: (
            -len(r.open_issues),
            -len(r.recent_concerns),
            -r.visits_in_month,
            r.household.label,
        ),
    )


def issue_counts(user: User) -> dict[str, int]:
    """The open and overdue issues `user` sees (the home page's panel), one query."""
    today = timezone.localdate()
    return (
        issues_for(user)
        .filter(repeat_of=None)
        .aggregate(
            open=Count("pk", filter=~Q(state__in=CLOSED_STATES)),
            overdue=Count("pk", filter=overdue_q(today)),
        )
    )
