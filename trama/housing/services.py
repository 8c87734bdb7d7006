"""Writes of RI-abitare la città. Each service checks the actor's scope through the
selectors, refuses bad input with an Italian DomainError naming the field (nothing
changes), writes in one transaction and leaves an access-log entry; the issue's states
move on the kit's workflow."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.notifications import notify
from trama.core.workdays import is_working_day
from trama.core.workflow import lock, move
from trama.housing import selectors
from trama.housing.capabilities import REGISTER_BUILDINGS
from trama.housing.errors import HousingErrors as E
from trama.housing.models import (
    Activity,
    ActivityReach,
    Building,
    Issue,
    IssueCategory,
    IssueCategoryTag,
    IssueState,
    IssueUpdate,
    Tenancy,
    Unit,
)
from trama.housing.timers import due_dates, priority_of
from trama.housing.workflows import BODY_STEPS, ISSUE_WORKFLOW
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.people.models import Household
from trama.territory.models import Hub, HubKind

S = IssueState


def _in_scope(actor: User, building: Building) -> Building:
    """The building again, through the actor's scope (DoesNotExist outside it: 404)."""
    return selectors.building_get(actor, building.pk)


@transaction.atomic
def building_register(
    *,
    actor: User,
    hub: Hub,
    owner: Organization,
    joined_on: datetime.date,
    staircases: int = 1,
    common_spaces: str = "",
) -> Building:
    """Make an ATC hub a building of the project."""
    REGISTER_BUILDINGS.require(actor)
    if hub.kind != HubKind.ATC_BUILDING:
        raise DomainError(
            _("Only a hub of kind “ATC building” can be a building of the project."),
            field="hub",
            code=E.NOT_AN_ATC_HUB,
        )
    if not selectors.partner_bodies().filter(pk=owner.pk).exists():
        raise DomainError(
            _("The owner must be a public body of the network (for instance ATC)."),
            field="owner",
            code=E.NOT_A_PARTNER_BODY,
        )
    building = Building.objects.create(
        hub=hub,
        owner=owner,
        joined_on=joined_on,
        staircases=staircases,
        common_spaces=common_spaces,
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=building)
    return building


@transaction.atomic
def unit_add(
    *, actor: User, building: Building, number: str, staircase: str = "", floor: int = 0
) -> Unit:
    building = _in_scope(actor, building)
    number, staircase = number.strip(), staircase.strip().upper()
    if building.units.filter(staircase=staircase, number=number).exists():
        raise DomainError(
            _("This building already has a unit with this number on this staircase."),
            field="number",
            code=E.UNIT_TAKEN,
        )
    unit = Unit.objects.create(building=building, number=number, staircase=staircase, floor=floor)
    access_log_append(actor=actor, action=Action.CREATE, obj=unit)
    return unit


@transaction.atomic
def tenancy_start(
    *, actor: User, unit: Unit, household: Household, start_on: datetime.date
) -> Tenancy:
    """A household moves into a unit. Refused when another tenancy of the unit is open or
    ends on or after `start_on` (two households never hold a unit on the same day)."""
    _in_scope(actor, unit.building)
    unit = lock(Unit, unit.pk)
    clash = (
        unit.tenancies.filter(Q(end_on__isnull=True) | Q(end_on__gte=start_on))
        .select_related("household")
        .first()
    )
    if clash is not None:
        raise DomainError(
            _("The unit is already let to %(household)s from %(start)s: end that tenancy first.")
            % {"household": clash.household, "start": clash.start_on.strftime("%d/%m/%Y")},
            field="start_on",
            code=E.TENANCY_OVERLAP,
        )
    tenancy = Tenancy.objects.create(
        unit=unit, household=household, start_on=start_on, created_by=actor
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=tenancy, details={"household": household.pk}
    )
    return tenancy


@transaction.atomic
def tenancy_end(*, actor: User, tenancy: Tenancy, end_on: datetime.date) -> Tenancy:
    _in_scope(actor, tenancy.unit.building)
    tenancy = lock(Tenancy, tenancy.pk)
    if tenancy.end_on is not None:
        raise DomainError(
            _("This tenancy has already ended."), field="end_on", code=E.TENANCY_DATES
        )
    if end_on < tenancy.start_on:
        raise DomainError(
            _("The end cannot come before the start (%(start)s).")
            % {"start": tenancy.start_on.strftime("%d/%m/%Y")},
            field="end_on",
            code=E.TENANCY_DATES,
        )
    tenancy.end_on = end_on
    tenancy.save(update_fields=["end_on"])
    access_log_append(
        actor=actor, action=Action.UPDATE, obj=tenancy, details={"end_on": str(end_on)}
    )
    return tenancy


def _not_before_joining(building: Building, day: datetime.date, field: str) -> None:
    if day < building.joined_on:
        raise DomainError(
            _("The building joined the project on %(joined)s: the date cannot be earlier.")
            % {"joined": building.joined_on.strftime("%d/%m/%Y")},
            field=field,
            code=E.BEFORE_JOINING,
        )


def _tenants(
    building: Building, households: Iterable[Household], on: datetime.date, field: str
) -> list[Household]:
    """The households, each checked to live in the building on `on`."""
    households = list(households)
    living = set(selectors.tenant_households(building, on).values_list("pk", flat=True))
    strangers = [h for h in households if h.pk not in living]
    if strangers:
        raise DomainError(
            _("%(households)s did not live in the building on %(day)s.")
            % {"households": ", ".join(str(h) for h in strangers), "day": on.strftime("%d/%m/%Y")},
            field=field,
            code=E.NOT_A_TENANT,
        )
    return households


@transaction.atomic
def activity_record(
    *,
    actor: User,
    building: Building,
    kind: str,
    reach: str,
    title: str,
    on: datetime.date,
    household: Household | None = None,
    staircase: str = "",
    starts_at: datetime.time | None = None,
    place: str = "",
    attendees: Sequence[Household] = (),
    head_count: int | None = None,
    outcome: str = "",
    next_steps: str = "",
) -> Activity:
    """Record a mediation activity, held or planned (a future date)."""
    building = _in_scope(actor, building)
    _not_before_joining(building, on, "on")
    if reach == ActivityReach.HOUSEHOLD:
        if household is None:
            raise DomainError(
                _("Choose the household the activity was with."),
                field="household",
                code=E.HOUSEHOLD_MISSING,
            )
        _tenants(building, [household], min(on, timezone.localdate()), "household")
        staircase = ""
    else:
        household = None
        if reach == ActivityReach.STAIRCASE and not staircase.strip():
            raise DomainError(
                _("Name the staircase the activity is for."),
                field="staircase",
                code=E.STAIRCASE_MISSING,
            )
    attendees = _tenants(building, attendees, min(on, timezone.localdate()), "attendees")
    activity = Activity.objects.create(
        building=building,
        kind=kind,
        reach=reach,
        staircase=staircase.strip().upper() if reach == ActivityReach.STAIRCASE else "",
        household=household,
        title=title.strip(),
        on=on,
        starts_at=starts_at,
        place=place.strip(),
        mediator=actor,
        head_count=head_count,
        outcome=outcome.strip(),
        next_steps=next_steps.strip(),
    )
    activity.attendees.set(attendees)
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=activity,
        details={
            "households": sorted(
                {h.pk for h in attendees} | ({household.pk} if household else set())
            )
        },
    )
    return activity


@transaction.atomic
def issue_report(
    *,
    actor: User,
    building: Building,
    categories: Sequence[str],
    description: str,
    unit: Unit | None = None,
    households: Sequence[Household] = (),
    reporting_household: Household | None = None,
    repeat_of: Issue | None = None,
    reported_at: datetime.datetime | None = None,
) -> Issue:
    """Record an issue of a building, reported by the mediator (for a household or on
    their own); its priority is the highest of its categories'."""
    building = _in_scope(actor, building)
    reported_at = reported_at or timezone.now()
    _not_before_joining(building, timezone.localtime(reported_at).date(), "reported_at")
    categories = sorted(set(categories))
    if not categories or not set(categories) <= set(IssueCategory.values):
        raise DomainError(
            _("Choose at least one category."), field="categories", code=E.NO_CATEGORY
        )
    if unit is not None and unit.building_id != building.pk:
        raise DomainError(
            _("The unit is not in this building."), field="unit", code=E.UNIT_ELSEWHERE
        )
    today = timezone.localdate()
    involved = _tenants(building, households, today, "households")
    if reporting_household is not None:
        _tenants(building, [reporting_household], today, "reporting_household")
    if (
        repeat_of is not None
        and not selectors.similar_open_issues(building, categories).filter(pk=repeat_of.pk).exists()
    ):
        raise DomainError(
            _("It can only repeat an open issue of the same building and category."),
            field="repeat_of",
            code=E.NOT_A_REPEAT,
        )
    issue = Issue.objects.create(
        building=building,
        unit=unit,
        reporting_household=reporting_household,
        description=description.strip(),
        priority=priority_of(categories),
        reported_by=actor,
        reported_at=reported_at,
        repeat_of=repeat_of,
    )
    IssueCategoryTag.objects.bulk_create(
        [IssueCategoryTag(issue=issue, category=category) for category in categories]
    )
    issue.households.set(involved)
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=issue,
        details={"categories": categories, "households": sorted(h.pk for h in involved)},
    )
    return issue


def _due(issue: Issue, *, last_update: datetime.datetime | None) -> dict:
    """The due dates of the body's steps, from the issue's referral and progress."""
    dates = due_dates(
        priority=issue.priority,
        referred_on=timezone.localtime(issue.referred_at).date(),
        received=issue.received_at is not None,
        planned=issue.planned_at is not None,
        last_update_on=timezone.localtime(last_update).date() if last_update else None,
        istat_code=issue.building.hub.municipality.istat_code,
    )
    return {
        "acknowledge_due": dates.acknowledge,
        "plan_due": dates.plan,
        "update_due": dates.update,
    }


def _locked_issue(actor: User, pk: int) -> Issue:
    """The issue, locked, through the actor's scope (DoesNotExist outside it: 404)."""
    selectors.issues_for(actor).get(pk=pk)
    return lock(Issue.objects.select_related("building__hub__municipality"), pk)


@transaction.atomic
def issue_refer(
    *,
    actor: User,
    issue: Issue,
    organization: Organization,
    note: str = "",
    at: datetime.datetime | None = None,
) -> Issue:
    """The mediator refers the issue to the competent body; its timers start (from `at`,
    now unless recorded afterwards)."""
    selectors.hub_scope(actor)
    issue = _locked_issue(actor, issue.pk)
    if not selectors.shows_households(actor, issue):
        raise PermissionDenied
    if not selectors.partner_bodies().filter(pk=organization.pk).exists():
        raise DomainError(
            _(
                "%(organization)s is not a partner body: refer the issue to ATC, a Comune, ASL TO3 or the consortium."
            )
            % {"organization": organization},
            field="organization",
            code=E.NOT_A_PARTNER_BODY,
        )
    ISSUE_WORKFLOW.check(issue.state, S.REFERRED)
    now = at or timezone.now()
    issue.referred_at = now
    issue = move(
        ISSUE_WORKFLOW,
        issue,
        S.REFERRED,
        actor=actor,
        changes={"referred_to": organization, "referred_at": now, **_due(issue, last_update=None)},
        details={"referred_to": organization.pk},
    )
    IssueUpdate.objects.create(
        issue=issue, author=actor, state=S.REFERRED, text=note.strip(), at=now
    )
    return issue


def _require_reason(target: str, text: str) -> None:
    if target == S.NOT_RESOLVABLE and not text.strip():
        raise DomainError(
            _("Say why the issue cannot be resolved."), field="text", code=E.REASON_MISSING
        )


@transaction.atomic
def issue_answer(
    *,
    actor: User,
    issue: Issue,
    target: str = "",
    text: str = "",
    at: datetime.datetime | None = None,
) -> Issue:
    """The body's answer: a step (received, in progress, resolved, not resolvable) with
    its text, or an update with no step (`target` empty). Every answer restarts the
    reporter's update timer. Only a member of the body the issue is referred to answers:
    anyone else finds no such issue."""
    bodies = selectors.answering_bodies(actor)
    if not bodies:
        raise PermissionDenied
    Issue.objects.filter(referred_to_id__in=bodies).get(pk=issue.pk)
    issue = lock(Issue.objects.select_related("building__hub__municipality"), issue.pk)
    now = at or timezone.now()
    if not target:
        if issue.state not in (S.REFERRED, S.RECEIVED, S.IN_PROGRESS):
            raise DomainError(
                _("The issue is closed: no further update."), field="text", code=E.ISSUE_CLOSED
            )
        if not text.strip():
            raise DomainError(_("Write the update."), field="text", code=E.UPDATE_EMPTY)
        Issue.objects.filter(pk=issue.pk).update(last_update_at=now, **_due(issue, last_update=now))
    else:
        if target not in BODY_STEPS:
            raise DomainError(
                _("This step is not the body's to take."), field="target", code=E.NOT_THE_BODY_STEP
            )
        _require_reason(target, text)
        ISSUE_WORKFLOW.check(issue.state, target)
        changes: dict = {"last_update_at": now}
        if target == S.RECEIVED:
            issue.received_at = changes["received_at"] = now
        if target == S.IN_PROGRESS:
            issue.planned_at = changes["planned_at"] = now
        if target in (S.RESOLVED, S.NOT_RESOLVABLE):
            changes.update(
                closed_at=now,
                closing_reason=text.strip(),
                acknowledge_due=None,
                plan_due=None,
                update_due=None,
            )
        else:
            changes.update(_due(issue, last_update=now))
        issue = move(ISSUE_WORKFLOW, issue, target, actor=actor, changes=changes)
    IssueUpdate.objects.create(
        issue=issue,
        author=actor,
        organization_id=issue.referred_to_id,
        state=target or issue.state,
        text=text.strip(),
        at=now,
    )
    if not target:
        access_log_append(actor=actor, action=Action.UPDATE, obj=issue, details={"update": True})
    issue.refresh_from_db()
    return issue


@transaction.atomic
def issue_close(
    *,
    actor: User,
    issue: Issue,
    target: str,
    text: str = "",
    at: datetime.datetime | None = None,
) -> Issue:
    """The mediator closes an issue not referred to any body (solved within the
    building, or not resolvable)."""
    issue = _locked_issue(actor, issue.pk)
    if not selectors.shows_households(actor, issue):
        raise PermissionDenied
    if issue.state != S.REPORTED:
        raise DomainError(
            _("The issue is with %(body)s: the body closes it.") % {"body": issue.referred_to},
            field="target",
            code=E.WITH_THE_BODY,
        )
    _require_reason(target, text)
    now = at or timezone.now()
    issue = move(
        ISSUE_WORKFLOW,
        issue,
        target,
        actor=actor,
        changes={"closed_at": now, "closing_reason": text.strip()},
    )
    IssueUpdate.objects.create(issue=issue, author=actor, state=target, text=text.strip(), at=now)
    return issue


@transaction.atomic
def issue_feedback(*, actor: User, issue: Issue, handled_well: bool, kept_informed: bool) -> Issue:
    """The reporting household's two answers once the issue is closed, recorded by the
    mediator."""
    issue = _locked_issue(actor, issue.pk)
    if not selectors.shows_households(actor, issue):
        raise PermissionDenied
    if not issue.is_closed:
        raise DomainError(
            _("The household is asked once the issue is closed."),
            field="handled_well",
            code=E.NOT_CLOSED,
        )
    if issue.feedback_at is not None:
        raise DomainError(
            _("The household's answers are already recorded."),
            field="handled_well",
            code=E.FEEDBACK_GIVEN,
        )
    Issue.objects.filter(pk=issue.pk).update(
        handled_well=handled_well, kept_informed=kept_informed, feedback_at=timezone.now()
    )
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=issue,
        details={"handled_well": handled_well, "kept_informed": kept_informed},
    )
    issue.refresh_from_db()
    return issue


def overdue_digest_send(*, today: datetime.date | None = None) -> int:
    """The partner bodies' daily e-mail: each body's members get the list of its issues with
    a step past due (number, building, unit, the step and its date — no household). Sent on
    working days only. Returns how many bodies were written to."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return 0
    overdue = (
        Issue.objects.filter(selectors.overdue_q(today))
        .select_related("building__hub", "unit", "referred_to")
        .order_by("referred_to_id", "-priority", "referred_at", "pk")
    )
    by_body: dict[Organization, list[Issue]] = {}
    for issue in overdue:
        by_body.setdefault(issue.referred_to, []).append(issue)
    for body, issues in by_body.items():
        _send_digest(body, issues, today)
    return len(by_body)


def _send_digest(body: Organization, issues: list[Issue], today: datetime.date) -> None:
    def due(issue: Issue, step: str) -> str:
        day = {
            "acknowledge": issue.acknowledge_due,
            "plan": issue.plan_due,
            "update": issue.update_due,
        }[step]
        label = {
            "acknowledge": _("to acknowledge by %(day)s"),
            "plan": _("plan to agree by %(day)s"),
            "update": _("update due by %(day)s"),
        }[step]
        return label % {"day": day.strftime("%d/%m/%Y")}

    def text() -> str:
        rows = [
            _("Issue no. %(number)s, %(building)s%(unit)s: %(steps)s")
            % {
                "number": issue.pk,
                "building": issue.building,
                "unit": f" ({issue.unit})" if issue.unit else "",
                "steps": "; ".join(
                    due(issue, step) for step in selectors.overdue_steps(issue, today)
                ),
            }
            for issue in issues
        ]
        intro = _("These issues referred to %(body)s are past a due date:") % {"body": body}
        return "\n\n".join([intro, "\n".join(rows), _("Open them in Trama:")])

    notify(
        members_of([body]),
        subject=lambda: (
            ngettext(
                "%(body)s: %(n)s housing issue overdue",
                "%(body)s: %(n)s housing issues overdue",
                len(issues),
            )
            % {"body": body, "n": len(issues)}
        ),
        body=text,
        url_name="housing:issue_list",
    )
