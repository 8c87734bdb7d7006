"""RI-abitare la città over HTTP: the same selectors and services as the pages, the same
scopes — a mediator their buildings, a partner body's member the issues referred to their
body, never a household's name."""

import datetime

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema, errors
from trama.housing import selectors, services
from trama.housing.capabilities import MEDIATE
from trama.housing.models import ActivityKind, ActivityReach, IssueCategory, IssueState
from trama.organizations.models import Organization

router = Router(tags=["housing"], auth=token_auth)


class BuildingOut(Schema):
    id: int
    hub_id: int
    name: str
    municipality: str
    owner_id: int
    staircases: int
    joined_on: datetime.date
    unit_count: int
    open_issues: int
    overdue_issues: int

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.hub.name

    @staticmethod
    def resolve_municipality(obj) -> str:
        return obj.hub.municipality.name


class IssueOut(Schema):
    id: int
    building_id: int
    unit_id: int | None
    categories: list[str]
    priority: int
    state: str
    description: str
    reported_at: datetime.datetime
    referred_to_id: int | None
    referred_at: datetime.datetime | None
    acknowledge_due: datetime.date | None
    plan_due: datetime.date | None
    update_due: datetime.date | None
    closed_at: datetime.datetime | None
    repeat_of_id: int | None
    overdue: bool

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return selectors.issue_categories(obj)

    @staticmethod
    def resolve_overdue(obj) -> bool:
        return bool(selectors.overdue_steps(obj))


class IssueFilterIn(InputSchema):
    state: IssueState | None = None
    overdue: bool = False
    building_id: DatabaseId | None = None


class IssueIn(InputSchema):
    building_id: DatabaseId
    categories: list[IssueCategory] = Field(min_length=1, max_length=len(IssueCategory.values))
    description: str = Field(min_length=1, max_length=5000)
    unit_id: DatabaseId | None = None
    household_ids: list[DatabaseId] = Field(default_factory=list, max_length=50)
    reporting_household_id: DatabaseId | None = None


class IssueReferralIn(InputSchema):
    organization_id: DatabaseId
    note: str = Field("", max_length=2000)


class IssueAnswerIn(InputSchema):
    target: IssueState | None = None
    text: str = Field("", max_length=5000)


class ActivityOut(Schema):
    id: int
    building_id: int
    kind: str
    reach: str
    staircase: str
    household_id: int | None
    title: str
    on: datetime.date
    starts_at: datetime.time | None
    attendee_ids: list[int]
    head_count: int | None
    outcome: str
    next_steps: str

    @staticmethod
    def resolve_attendee_ids(obj) -> list[int]:
        return sorted(h.pk for h in obj.attendees.all())


class ActivityIn(InputSchema):
    building_id: DatabaseId
    kind: ActivityKind
    reach: ActivityReach
    title: str = Field(min_length=1, max_length=200)
    on: datetime.date
    starts_at: datetime.time | None = None
    staircase: str = Field("", max_length=10)
    place: str = Field("", max_length=200)
    household_id: DatabaseId | None = None
    attendee_ids: list[DatabaseId] = Field(default_factory=list, max_length=500)
    head_count: int | None = Field(None, ge=0, le=100_000)
    outcome: str = Field("", max_length=5000)
    next_steps: str = Field("", max_length=5000)


@router.get("/buildings", response=list[BuildingOut], summary="The buildings in scope")
def building_list(request):
    return list(selectors.building_list(request.auth))


@router.get("/issues", response=list[IssueOut], summary="The issues in scope (a body's inbox)")
@paginate(BoundedLimitOffsetPagination)
def issue_list(request, filters: Query[IssueFilterIn]):
    return selectors.issue_inbox(
        request.auth,
        selectors.IssueFilters(
            state=filters.state or "", overdue=filters.overdue, building_id=filters.building_id
        ),
    )


@router.get("/issues/{issue_id}", response={200: IssueOut, **errors(404)}, summary="One issue")
def issue_detail(request, issue_id: DatabaseId):
    return selectors.issue_get(request.auth, issue_id)


@router.post("/issues", response={201: IssueOut, **errors(404, 422)}, summary="Report an issue")
def issue_create(request, payload: IssueIn):
    user = request.auth
    building = selectors.building_get(user, payload.building_id)
    issue = services.issue_report(
        actor=user,
        building=building,
        categories=[str(c) for c in payload.categories],
        description=payload.description,
        unit=building.units.get(pk=payload.unit_id) if payload.unit_id else None,
        households=selectors.building_households(building, payload.household_ids),
        reporting_household=(
            selectors.building_households(building, [payload.reporting_household_id])[0]
            if payload.reporting_household_id
            else None
        ),
    )
    return Status(201, selectors.issue_get(user, issue.pk))


@router.post(
    "/issues/{issue_id}/referral",
    response={200: IssueOut, **errors(404, 422)},
    summary="Refer an issue to a partner body",
)
def issue_refer(request, issue_id: DatabaseId, payload: IssueReferralIn):
    user = request.auth
    MEDIATE.require(user)
    issue = selectors.issue_get(user, issue_id)
    organization = Organization.objects.get(pk=payload.organization_id)
    services.issue_refer(actor=user, issue=issue, organization=organization, note=payload.note)
    return selectors.issue_get(user, issue_id)


@router.post(
    "/issues/{issue_id}/answers",
    response={200: IssueOut, **errors(404, 422)},
    summary="The body's answer: a step, or an update",
)
def issue_answer(request, issue_id: DatabaseId, payload: IssueAnswerIn):
    user = request.auth
    issue = selectors.issue_get(user, issue_id)
    services.issue_answer(actor=user, issue=issue, target=payload.target or "", text=payload.text)
    return selectors.issue_get(user, issue_id)


@router.get(
    "/buildings/{building_id}/activities",
    response={200: list[ActivityOut], **errors(404)},
    summary="A building's activities, newest first",
)
@paginate(BoundedLimitOffsetPagination)
def activity_list(request, building_id: DatabaseId):
    building = selectors.building_get(request.auth, building_id)
    return selectors.activities_of(building).prefetch_related("attendees")


@router.post(
    "/activities", response={201: ActivityOut, **errors(404, 422)}, summary="Record an activity"
)
def activity_create(request, payload: ActivityIn):
    user = request.auth
    building = selectors.building_get(user, payload.building_id)
    activity = services.activity_record(
        actor=user,
        building=building,
        kind=payload.kind,
        reach=payload.reach,
        title=payload.title,
        on=payload.on,
        starts_at=payload.starts_at,
        staircase=payload.staircase,
        place=payload.place,
        household=(
            selectors.building_households(building, [payload.household_id])[0]
            if payload.household_id
            else None
        ),
        attendees=selectors.building_households(building, payload.attendee_ids),
        head_count=payload.head_count,
        outcome=payload.outcome,
        next_steps=payload.next_steps,
    )
    return Status(201, selectors.activity_get(user, activity.pk))
