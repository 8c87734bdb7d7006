"""Casework over HTTP: the same selectors and services as the pages. The receiving side
reads referrals only through the shared projection."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.casework import selectors, services
from trama.casework.models import Channel, ListeningSession, Referral, ReferralState, SupportPlan
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema
from trama.people import selectors as people_selectors
from trama.projects.models import Project
from trama.territory.models import Hub

router = Router(tags=["casework"], auth=token_auth)


class NeedOut(Schema):
    code: str
    label: str
    label_en: str


class SessionOut(Schema):
    id: int
    person_id: int
    hub_id: int
    operator_id: int
    held_on: datetime.date
    duration_minutes: int
    channel: str
    needs: list[str]
    notes: str
    suggested_project_ids: list[int]
    suggested_services: str

    @staticmethod
    def resolve_needs(obj: ListeningSession) -> list[str]:
        return [need.code for need in obj.needs.all()]

    @staticmethod
    def resolve_suggested_project_ids(obj: ListeningSession) -> list[int]:
        return [project.pk for project in obj.suggested_projects.all()]


class SessionFilterIn(InputSchema):
    person_id: DatabaseId | None = None


class SessionIn(InputSchema):
    person_id: DatabaseId
    hub_id: DatabaseId
    held_on: datetime.date
    duration_minutes: int = Field(ge=1, le=24 * 60)
    channel: Channel
    needs: list[str] = Field(default_factory=list, max_length=50)
    notes: str = Field("", max_length=5000)
    suggested_project_ids: list[DatabaseId] = Field(default_factory=list, max_length=50)
    suggested_services: str = Field("", max_length=2000)


class ReferralOut(Schema):
    id: int
    person_id: int
    from_user_id: int
    from_hub_id: int
    to_organization_id: int | None
    to_project_id: int | None
    reason: str
    shared_summary: str
    state: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    overdue: bool
    version: int

    @staticmethod
    def resolve_overdue(obj: Referral) -> bool:
        return selectors.is_overdue(obj)


class SharedReferralOut(Schema):
    """What the receiving organisation sees of a referral."""

    id: int
    state: str
    person_label: str
    age_band: str
    shared_summary: str
    to_organization: str
    to_project: str
    from_hub: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None
    overdue: bool


class ReceivedPageIn(InputSchema):
    limit: int = Field(50, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10**9)


class TransitionIn(InputSchema):
    to_state: ReferralState
    feedback: str = Field("", max_length=1000)


@router.get("/needs", response=list[NeedOut], summary="The needs taxonomy")
def need_list(request):
    if not request.auth.has_any_role(*selectors.CASE_READERS):
        raise PermissionDenied
    return list(selectors.need_list())


@router.get("/sessions", response=list[SessionOut], summary="Listening sessions in scope")
@paginate(BoundedLimitOffsetPagination)
def listening_session_list(request, filters: Query[SessionFilterIn]):
    return selectors.session_list(user=request.auth, person_id=filters.person_id)


@router.post("/sessions", response={201: SessionOut}, summary="Record a listening session")
def listening_session_create(request, payload: SessionIn):
    user = request.auth
    if not selectors.can_write(user=user):
        raise PermissionDenied
    person = people_selectors.person_list(user=user).filter(pk=payload.person_id).first()
    if person is None:
        raise Http404
    session = services.session_record(
        actor=user,
        person=person,
        hub=Hub.objects.filter(pk=payload.hub_id).first(),
        held_on=payload.held_on,
        duration_minutes=payload.duration_minutes,
        channel=payload.channel,
        needs=list(selectors.need_list().filter(code__in=payload.needs)),
        notes=payload.notes,
        suggested_projects=list(Project.objects.filter(pk__in=payload.suggested_project_ids)),
        suggested_services=payload.suggested_services,
    )
    return Status(201, selectors.session_get(user=user, pk=session.pk))


@router.get("/referrals", response=list[ReferralOut], summary="Referrals of the people in scope")
@paginate(BoundedLimitOffsetPagination)
def referral_list(request):
    return selectors.referral_list(user=request.auth)


@router.get(
    "/referrals/received",
    response=list[SharedReferralOut],
    summary="Referrals addressed to the token user's organisations (shared fields only)",
)
def referral_received_list(request, page: Query[ReceivedPageIn]):
    now = timezone.now()
    rows = selectors.received_rows(selectors.referral_received_list(user=request.auth))
    return [
        selectors.received_view(row, now=now)
        for row in rows[page.offset : page.offset + page.limit]
    ]


@router.get(
    "/referrals/{referral_id}", response=ReferralOut, summary="One referral (referring side)"
)
def referral_detail(request, referral_id: DatabaseId):
    try:
        return selectors.referral_list(user=request.auth).get(pk=referral_id)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc


@router.post(
    "/referrals/{referral_id}/transitions",
    response=SharedReferralOut,
    summary="Move a referral on (receiving side; feedback mandatory; 422 when not allowed)",
)
def referral_transition(request, referral_id: DatabaseId, payload: TransitionIn):
    user = request.auth
    referral = selectors.referral_received_list(user=user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404
    services.referral_transition(
        actor=user, referral=referral, to_state=payload.to_state, feedback=payload.feedback
    )
    return selectors.referral_received_get(user=user, pk=referral_id)


class PlanActionOut(Schema):
    id: int
    description: str
    owner_id: int | None
    owner_text: str
    due_on: datetime.date
    status: str


class PlanReviewOut(Schema):
    id: int
    reviewed_on: datetime.date
    by_id: int
    notes: str


class PlanOut(Schema):
    id: int
    person_id: int
    hub_id: int
    goals: str
    status: str
    next_review_on: datetime.date
    actions: list[PlanActionOut]
    reviews: list[PlanReviewOut]

    @staticmethod
    def resolve_actions(obj) -> list:
        return list(obj.actions.all())

    @staticmethod
    def resolve_reviews(obj) -> list:
        return list(obj.reviews.all())


@router.get("/plans", response=list[PlanOut], summary="Support plans in scope")
@paginate(BoundedLimitOffsetPagination)
def plan_list(request, filters: Query[SessionFilterIn]):
    return selectors.plan_list(user=request.auth, person_id=filters.person_id).prefetch_related(
        "actions", "reviews"
    )


@router.get("/plans/{plan_id}", response=PlanOut, summary="One support plan")
def plan_detail(request, plan_id: DatabaseId):
    try:
        return selectors.plan_get(user=request.auth, pk=plan_id)
    except SupportPlan.DoesNotExist as exc:
        raise Http404 from exc
