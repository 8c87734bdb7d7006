"""Casework over HTTP: the same selectors and services as the pages. The receiving side
reads referrals only through the shared projection."""

import datetime
from typing import Annotated

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StringConstraints

from trama.accounts.api import token_auth
from trama.casework import selectors, services
from trama.casework.errors import CaseworkErrors
from trama.casework.models import (
    ActionStatus,
    Channel,
    ListeningSession,
    Referral,
    ReferralState,
    SupportPlan,
)
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema, errors
from trama.core.errors import DomainError
from trama.organizations.models import Organization
from trama.people import selectors as people_selectors
from trama.people.capabilities import READ_PEOPLE, WRITE_PEOPLE
from trama.people.models import OpenPurpose
from trama.projects.models import Project
from trama.territory.models import Hub

router = Router(tags=["casework"], auth=token_auth)


class NeedOut(Schema):
    code: str
    label: str
    label_en: str


class ListeningSessionOut(Schema):
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
    READ_PEOPLE.require(request.auth)
    return list(selectors.need_list())


@router.get("/sessions", response=list[ListeningSessionOut], summary="Listening sessions in scope")
@paginate(BoundedLimitOffsetPagination)
def listening_session_list(request, filters: Query[SessionFilterIn]):
    return selectors.session_list(user=request.auth, person_id=filters.person_id)


@router.post(
    "/sessions",
    response={201: ListeningSessionOut, **errors(404)},
    summary="Record a listening session",
)
def listening_session_create(request, payload: SessionIn):
    user = request.auth
    WRITE_PEOPLE.require(user)
    person = _person_in_scope(user, payload.person_id)
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
    return selectors.referral_list(user=request.auth).get(pk=referral_id)


@router.post(
    "/referrals/{referral_id}/transitions",
    response=SharedReferralOut,
    summary="Move a referral on (receiving side; feedback mandatory; 422 when not allowed)",
)
def referral_transition(request, referral_id: DatabaseId, payload: TransitionIn):
    user = request.auth
    referral = selectors.referral_received_list(user=user).get(pk=referral_id)
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
    return selectors.plan_get(user=request.auth, pk=plan_id)


# Support plans: writes ----------------------------------------------------------------------


class PlanIn(InputSchema):
    person_id: DatabaseId
    hub_id: DatabaseId
    goals: str = Field(max_length=5000)
    next_review_on: datetime.date


class PlanActionIn(InputSchema):
    description: str = Field(max_length=300)
    due_on: datetime.date
    owner_text: str = Field(
        "", max_length=150, description="who is in charge; empty: the token's user"
    )


class PlanActionStatusIn(InputSchema):
    status: ActionStatus


class PlanReviewIn(InputSchema):
    reviewed_on: datetime.date
    notes: str = Field(max_length=5000)
    next_review_on: datetime.date


def _person_in_scope(user, person_id: int):
    return people_selectors.person_list(user=user).get(pk=person_id)


def _plan_in_scope(user, plan_id: int) -> SupportPlan:
    return selectors.plan_get(user=user, pk=plan_id)


@router.post("/plans", response={201: PlanOut, **errors(404)}, summary="Open a support plan")
def plan_create(request, payload: PlanIn):
    user = request.auth
    WRITE_PEOPLE.require(user)
    plan = services.plan_create(
        actor=user,
        person=_person_in_scope(user, payload.person_id),
        hub=Hub.objects.filter(pk=payload.hub_id).first(),
        goals=payload.goals,
        next_review_on=payload.next_review_on,
    )
    return Status(201, selectors.plan_get(user=user, pk=plan.pk))


@router.post(
    "/plans/{plan_id}/actions", response={201: PlanActionOut}, summary="Add an action to a plan"
)
def plan_action_add(request, plan_id: DatabaseId, payload: PlanActionIn):
    user = request.auth
    plan = _plan_in_scope(user, plan_id)
    action = services.plan_action_add(
        actor=user,
        plan=plan,
        description=payload.description,
        due_on=payload.due_on,
        owner=None if payload.owner_text.strip() else user,
        owner_text=payload.owner_text,
    )
    return Status(201, action)


@router.post(
    "/actions/{action_id}/status",
    response=PlanActionOut,
    summary="Mark a plan action done or cancelled (422 when not allowed)",
)
def plan_action_status(request, action_id: DatabaseId, payload: PlanActionStatusIn):
    user = request.auth
    action = selectors.plan_action_get(user=user, pk=action_id)
    return services.plan_action_set_status(actor=user, action=action, status=payload.status)


@router.post(
    "/plans/{plan_id}/reviews", response={201: PlanReviewOut}, summary="Record a plan review"
)
def plan_review_add(request, plan_id: DatabaseId, payload: PlanReviewIn):
    user = request.auth
    plan = _plan_in_scope(user, plan_id)
    review = services.plan_review_record(
        actor=user,
        plan=plan,
        reviewed_on=payload.reviewed_on,
        notes=payload.notes,
        next_review_on=payload.next_review_on,
    )
    return Status(201, review)


# Appointments ---------------------------------------------------------------------------------


class AppointmentOut(Schema):
    id: int
    person_id: int
    hub_id: int
    operator_id: int
    starts_at: datetime.datetime
    duration_minutes: int
    channel: str
    purpose: str
    status: str
    session_id: int | None


class AppointmentFilterIn(InputSchema):
    person_id: DatabaseId | None = None
    hub_id: DatabaseId | None = None
    since: datetime.date | None = Field(None, description="from this day on (local time)")


class AppointmentIn(InputSchema):
    person_id: DatabaseId
    hub_id: DatabaseId
    starts_at: datetime.datetime
    duration_minutes: int = Field(30, ge=1, le=8 * 60)
    channel: Channel
    purpose: str = Field(max_length=300)


@router.get(
    "/appointments", response=list[AppointmentOut], summary="Appointments of the people in scope"
)
@paginate(BoundedLimitOffsetPagination)
def appointment_list(request, filters: Query[AppointmentFilterIn]):
    qs = selectors.appointment_list(
        user=request.auth, person_id=filters.person_id, hub_id=filters.hub_id
    )
    if filters.since is not None:
        start = datetime.datetime.combine(
            filters.since, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        qs = qs.filter(starts_at__gte=start)
    return qs


@router.post(
    "/appointments", response={201: AppointmentOut, **errors(404)}, summary="Plan an appointment"
)
def appointment_create(request, payload: AppointmentIn):
    user = request.auth
    WRITE_PEOPLE.require(user)
    starts_at = payload.starts_at
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    appointment = services.appointment_create(
        actor=user,
        person=_person_in_scope(user, payload.person_id),
        hub=Hub.objects.filter(pk=payload.hub_id).first(),
        starts_at=starts_at,
        duration_minutes=payload.duration_minutes,
        channel=payload.channel,
        purpose=payload.purpose,
    )
    return Status(201, appointment)


# The hub dashboard ----------------------------------------------------------------------------


class NeedCountOut(Schema):
    code: str
    label: str
    people: int


class DashboardOut(Schema):
    today: datetime.date
    hub_id: int | None
    appointments_today: int
    referrals_sent_open: int
    referrals_sent_overdue: int
    referrals_received_open: int
    referrals_received_overdue: int
    plan_actions_late: int
    plan_actions_due: int = Field(description="due within the next 14 days")
    people_seen_this_month: int
    people_seen_by_need: list[NeedCountOut]


class DashboardFilterIn(InputSchema):
    hub_id: DatabaseId | None = None


@router.get(
    "/dashboard", response={200: DashboardOut, **errors(404)}, summary="The hub dashboard's figures"
)
def hub_dashboard(request, filters: Query[DashboardFilterIn]):
    user = request.auth
    hub_id = filters.hub_id
    if (
        hub_id is not None
        and not selectors.dashboard_hub_choices(user=user).filter(pk=hub_id).exists()
    ):
        raise Http404
    board = selectors.dashboard(user=user, hub_id=hub_id)
    return {
        "today": board.today,
        "hub_id": hub_id,
        "appointments_today": board.appointments_total,
        "referrals_sent_open": board.sent_open,
        "referrals_sent_overdue": board.sent_overdue,
        "referrals_received_open": board.received_open,
        "referrals_received_overdue": board.received_overdue,
        "plan_actions_late": board.actions_late,
        "plan_actions_due": board.actions_due,
        "people_seen_this_month": board.people_seen,
        "people_seen_by_need": board.needs,
    }


# Screenings -----------------------------------------------------------------------------------

ScreeningCode = Annotated[str, StringConstraints(max_length=40)]


class ScreeningOut(Schema):
    id: int
    person_id: int
    hub_id: int
    operator_id: int
    instrument: str
    taken_on: datetime.date
    answers: dict[str, str]
    total: int
    flagged: bool
    domain_totals: dict[str, int]


class ScreeningOpenIn(InputSchema):
    purpose: OpenPurpose = Field(description="why the record is opened (logged)")
    note: str = Field("", max_length=200, description="required when purpose is `other`")


class ScreeningIn(InputSchema):
    person_id: DatabaseId
    hub_id: DatabaseId
    instrument: str = Field(max_length=20, description="`tfi` or `ucla3`")
    taken_on: datetime.date
    answers: dict[ScreeningCode, ScreeningCode] = Field(
        max_length=50,
        description="item code -> answer code; the total is computed by Trama",
    )


@router.get(
    "/people/{person_id}/screenings",
    response=list[ScreeningOut],
    summary="A person's screenings, newest first (the open is logged with its purpose)",
)
def screening_list(request, person_id: DatabaseId, query: Query[ScreeningOpenIn]):
    return services.screening_list_open(
        actor=request.auth, person_id=person_id, purpose=query.purpose, note=query.note
    )


@router.post(
    "/screenings",
    response={201: ScreeningOut, **errors(404)},
    summary="Record a screening (TFI or UCLA-3); scored by Trama, 422 on missing answers",
)
def screening_create(request, payload: ScreeningIn):
    user = request.auth
    WRITE_PEOPLE.require(user)
    person = _person_in_scope(user, payload.person_id)
    screening = services.screening_record(
        actor=user,
        person=person,
        instrument=payload.instrument,
        answers=payload.answers,
        taken_on=payload.taken_on,
        hub=Hub.objects.filter(pk=payload.hub_id).first(),
    )
    return Status(201, screening)


# Referrals: sending one (the referring side) ----------------------------------------------------


class ReferralIn(InputSchema):
    person_id: DatabaseId
    from_hub_id: DatabaseId
    to_organization_id: DatabaseId | None = None
    to_project_id: DatabaseId | None = None
    shared_summary: str = Field(
        max_length=2000,
        description="the only text the receiving side reads: no health or sensitive details",
    )
    reason: str = Field("", max_length=2000, description="internal, for the consortium's staff")


@router.post(
    "/referrals",
    response={201: ReferralOut, **errors(404)},
    summary="Refer a person to an organisation and/or a project (its members are e-mailed)",
)
def referral_create(request, payload: ReferralIn):
    user = request.auth
    WRITE_PEOPLE.require(user)
    person = _person_in_scope(user, payload.person_id)
    organization = project = None
    if payload.to_organization_id is not None:
        organization = Organization.objects.filter(pk=payload.to_organization_id).first()
        if organization is None:
            raise DomainError(
                _("This organisation is not known."),
                field="to_organization_id",
                code=CaseworkErrors.UNKNOWN_ORGANIZATION,
            )
    if payload.to_project_id is not None:
        project = selectors.project_choices().filter(pk=payload.to_project_id).first()
        if project is None:
            raise DomainError(
                _("This project is not known."),
                field="to_project_id",
                code=CaseworkErrors.UNKNOWN_PROJECT,
            )
    referral = services.referral_send(
        actor=user,
        person=person,
        from_hub=Hub.objects.filter(pk=payload.from_hub_id).first(),
        to_organization=organization,
        to_project=project,
        shared_summary=payload.shared_summary,
        reason=payload.reason,
    )
    return Status(201, selectors.referral_list(user=user).get(pk=referral.pk))
