"""The buildings' dashboard: for one building or all those in scope — households reached
(and how many were new to the social services), participation in collective activities
month by month, open and overdue issues, issues per 100 homes, days to resolution by body
and by category, the tenants' satisfaction. Each figure is a chart with its data table,
computed in a fixed number of aggregate queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.casework.models import ListeningSession
from trama.core.charts import Chart, bar_chart, line_chart
from trama.housing import selectors
from trama.housing.models import (
    CLOSED_STATES,
    Activity,
    ActivityReach,
    Building,
    Issue,
    IssueCategory,
    IssueCategoryTag,
    IssueState,
    Unit,
)
from trama.people.models import HouseholdMember

MONTHS = 12


@dataclass(frozen=True)
class Figures:
    households_reached: int
    new_to_services: int
    homes: int
    open_issues: int
    overdue_issues: int
    issues_per_100_homes: float | None
    feedback_count: int
    handled_well_percent: float | None
    kept_informed_percent: float | None
    charts: list[Chart]


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _first_contacts(activities) -> dict[int, datetime.date]:
    """Each household reached → the date of its first activity (individual or present)."""
    first: dict[int, datetime.date] = {}
    for household_id, day in (
        activities.filter(household__isnull=False)
        .values_list("household_id")
        .annotate(first=Min("on"))
    ):
        first[household_id] = day
    for household_id, day in (
        activities.filter(attendees__isnull=False)
        .values_list("attendees")
        .annotate(first=Min("on"))
    ):
        if household_id not in first or day < first[household_id]:
            first[household_id] = day
    return first


def _new_to_services(first: dict[int, datetime.date]) -> int:
    """Households none of whose members had a listening session before the first contact."""
    if not first:
        return 0
    members = HouseholdMember.objects.filter(household_id__in=list(first)).values_list(
        "household_id", "person_id"
    )
    person_households: dict[int, set[int]] = {}
    for household_id, person_id in members:
        person_households.setdefault(person_id, set()).add(household_id)
    known: set[int] = set()
    for person_id, day in (
        ListeningSession.objects.filter(person_id__in=list(person_households))
        .values_list("person_id")
        .annotate(first=Min("held_on"))
    ):
        for household_id in person_households[person_id]:
            if day < first[household_id]:
                known.add(household_id)
    return len(set(first) - known)


def _months(today: datetime.date) -> list[datetime.date]:
    month = today.replace(day=1)
    months = []
    for _step in range(MONTHS):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def _participation_chart(activities, today: datetime.date) -> Chart:
    months = _months(today)
    collective = activities.exclude(reach=ActivityReach.HOUSEHOLD).filter(
        on__gte=months[0], on__lte=today
    )
    households = dict(
        collective.annotate(month=TruncMonth("on"))
        .values_list("month")
        .annotate(n=Count("attendees"))
    )
    heads = dict(
        collective.annotate(month=TruncMonth("on"))
        .values_list("month")
        .annotate(n=Sum("head_count"))
    )

    points = [(month, households.get(month, 0)) for month in months]
    top = max([value for _m, value in points] + [1])
    return line_chart(
        points,
        chart_id="housing-participation",
        labelledby="housing-participation-title",
        title=_("Households present at collective activities, by month"),
        y_min=0,
        y_max=top,
        value_label=_("Households present"),
        description=_("Open events also count %(people)s people by head count in the period.")
        % {"people": sum(value or 0 for value in heads.values())},
    )


def _resolution_days(issues) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """Median days from referral to closure, by body and by category."""
    closed = list(
        issues.filter(
            state=IssueState.RESOLVED, referred_at__isnull=False, closed_at__isnull=False
        ).values_list("pk", "referred_to__name", "referred_at", "closed_at")
    )
    days = {
        pk: (closed_at - referred_at).total_seconds() / 86400
        for pk, _b, referred_at, closed_at in closed
    }
    by_body: dict[str, list[float]] = {}
    for pk, body, _r, _c in closed:
        by_body.setdefault(body, []).append(days[pk])
    by_category: dict[str, list[float]] = {}
    labels = dict(IssueCategory.choices)
    for issue_id, category in IssueCategoryTag.objects.filter(issue_id__in=list(days)).values_list(
        "issue_id", "category"
    ):
        by_category.setdefault(str(labels[category]), []).append(days[issue_id])

    def rows(groups: dict[str, list[float]]) -> list[tuple[str, float]]:
        return sorted(
            ((name, round(median(values), 1)) for name, values in groups.items()),
            key=lambda r: -r[1],
        )

    return rows(by_body), rows(by_category)


def figures(user: User, *, building: Building | None = None, year: int | None = None) -> Figures:
    """The figures of the buildings in scope (or of one), over their whole history with the
    last twelve months of participation — or over one calendar `year` (the owner body's
    yearly report)."""
    buildings = selectors.buildings_for(user)
    if building is not None:
        buildings = buildings.filter(pk=building.pk)
    today = timezone.localdate()
    activities = Activity.objects.filter(building__in=buildings)
    issues = Issue.objects.filter(building__in=buildings, repeat_of=None)
    if year is not None:
        today = min(today, datetime.date(year, 12, 31))
        activities = activities.filter(on__year=year)
        issues = issues.filter(reported_at__year=year)
    first = _first_contacts(activities)
    homes = Unit.objects.filter(building__in=buildings).count()
    counts = issues.aggregate(
        open=Count("pk", filter=~Q(state__in=CLOSED_STATES)),
        overdue=Count("pk", filter=selectors.overdue_q(today)),
        feedback=Count("pk", filter=Q(feedback_at__isnull=False)),
        well=Count("pk", filter=Q(handled_well=True)),
        informed=Count("pk", filter=Q(kept_informed=True)),
        year=Count("pk", filter=Q(reported_at__date__gt=today - datetime.timedelta(days=365))),
    )
    by_body, by_category = _resolution_days(issues)
    charts = [
        _participation_chart(activities, today),
        bar_chart(
            by_body,
            chart_id="housing-days-by-body",
            labelledby="housing-days-by-body-title",
            title=_("Median days from referral to resolution, by body"),
            label_header=_("Competent body"),
            value_header=_("Days"),
        ),
        bar_chart(
            by_category,
            chart_id="housing-days-by-category",
            labelledby="housing-days-by-category-title",
            title=_("Median days from referral to resolution, by category"),
            label_header=_("Category"),
            value_header=_("Days"),
        ),
        bar_chart(
            [
                (_("Handled well"), _percent(counts["well"], counts["feedback"]) or 0),
                (_("Kept informed"), _percent(counts["informed"], counts["feedback"]) or 0),
            ]
            if counts["feedback"]
            else [],
            chart_id="housing-satisfaction",
            labelledby="housing-satisfaction-title",
            title=_("Tenants' satisfaction with closed issues (% yes)"),
            label_header=_("Question"),
            value_header=_("% yes"),
            description=_("%(n)s households answered.") % {"n": counts["feedback"]},
        ),
    ]
    return Figures(
        households_reached=len(first),
        new_to_services=_new_to_services(first),
        homes=homes,
        open_issues=counts["open"],
        overdue_issues=counts["overdue"],
        issues_per_100_homes=_percent(counts["year"], homes),
        feedback_count=counts["feedback"],
        handled_well_percent=_percent(counts["well"], counts["feedback"]),
        kept_informed_percent=_percent(counts["informed"], counts["feedback"]),
        charts=charts,
    )
