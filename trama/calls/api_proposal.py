"""Proposals over HTTP (issue 5, point 9): the lead's members list, read, create, update,
submit and withdraw their proposals; the coordinator reads the submitted ones. The same
selectors and services as the pages."""

import datetime
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.calls.models import Proposal
from trama.calls.selectors import proposal as selectors
from trama.calls.services import proposal as services
from trama.calls.services import proposal_content
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema, errors
from trama.core.api_errors import stale_payload
from trama.core.errors import StaleObjectError
from trama.projects.models import TargetGroup

router = Router(tags=["calls"], auth=token_auth)

Money = Annotated[Decimal, Field(ge=0, max_digits=12, decimal_places=2)]
Hours = Annotated[Decimal, Field(ge=0, max_digits=9, decimal_places=2)]
Count = Annotated[int, Field(ge=0, le=10_000_000)]
Version = Annotated[int, Field(ge=1, le=2_000_000_000)]


class ActivityIO(Schema):
    title: str = Field(max_length=200)
    description: str = Field("", max_length=5000)
    target_group: str | None = Field(None, max_length=50, description="target group code")
    expected_number: Count = 0


class IndicatorIO(Schema):
    name: str = Field(max_length=200)
    unit: str = Field("", max_length=50)
    target: Money


class BudgetLineIO(Schema):
    description: str = Field(max_length=200, description="cost item")
    amount: Money
    consortium_share: Money = Decimal("0")
    cofunding_cash: Money = Decimal("0")
    cofunding_in_kind: Money = Decimal("0")
    volunteer_hours: Hours = Field(
        Decimal("0"), description="valued at the call's volunteer_hour_rate"
    )


class ProposalPartnerOut(Schema):
    organization_id: int
    name: str
    role: str
    confirmed_at: datetime.datetime | None

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organization.name


class AttachmentOut(Schema):
    id: int
    title: str
    size: int = Field(description="bytes")
    sha256: str


class ProposalOut(Schema):
    id: int
    call_id: int
    call_title: str
    lead_id: int
    lead_name: str
    title: str
    summary: str
    target_groups: list[str] = Field(description="target group codes")
    expected_beneficiaries: int
    total_budget: Decimal
    state: str
    submitted_at: datetime.datetime | None
    fingerprint: str = Field(
        description="SHA-256 of submitted_content serialised with sort_keys, separators "
        "(',', ':'), ensure_ascii=False, UTF-8"
    )
    submitted_content: dict | None
    admissibility_note: str
    version: int = Field(description="send it back in PATCH and submit (optimistic locking)")
    activities: list[ActivityIO]
    indicators: list[IndicatorIO]
    budget_lines: list[BudgetLineIO]
    partners: list[ProposalPartnerOut]
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_call_title(obj: Proposal) -> str:
        return obj.call.title

    @staticmethod
    def resolve_lead_name(obj: Proposal) -> str:
        return obj.lead.name

    @staticmethod
    def resolve_target_groups(obj: Proposal) -> list[str]:
        return [group.code for group in obj.target_groups.all()]

    @staticmethod
    def resolve_activities(obj: Proposal) -> list[dict]:
        return [
            {
                "title": a.title,
                "description": a.description,
                "target_group": a.target_group.code if a.target_group else None,
                "expected_number": a.expected_number,
            }
            for a in obj.activities.all()
        ]

    @staticmethod
    def resolve_indicators(obj: Proposal) -> list:
        return list(obj.indicators.all())

    @staticmethod
    def resolve_budget_lines(obj: Proposal) -> list:
        return list(obj.budget_lines.all())

    @staticmethod
    def resolve_partners(obj: Proposal) -> list:
        return list(obj.partners.all())

    @staticmethod
    def resolve_attachments(obj: Proposal) -> list:
        return list(obj.attachments.all())


class ProposalCreateIn(InputSchema):
    call_id: DatabaseId
    organization_id: DatabaseId | None = Field(
        None, description="the lead; needed only when the user acts for several organisations"
    )
    title: str = Field(max_length=200)
    summary: str = Field("", max_length=20000)


class ProposalPatch(InputSchema):
    """Only the fields sent are changed; a list sent replaces that whole section."""

    version: Version
    title: str | None = Field(None, max_length=200)
    summary: str | None = Field(None, max_length=20000)
    target_groups: list[Annotated[str, Field(max_length=50)]] | None = None
    expected_beneficiaries: Count | None = None
    total_budget: Money | None = None
    activities: list[ActivityIO] | None = Field(None, max_length=100)
    indicators: list[IndicatorIO] | None = Field(None, max_length=100)
    budget_lines: list[BudgetLineIO] | None = Field(None, max_length=100)


class SubmitIn(InputSchema):
    version: Version | None = Field(
        None, description="the version reviewed; refused (409) if the proposal changed since"
    )


def _get_or_404(request, proposal_id: int) -> Proposal:
    return selectors.proposal_get(user=request.auth, pk=proposal_id)


def _target_groups(codes, field: str) -> dict[str, TargetGroup]:
    wanted = {code for code in codes if code}
    found = {group.code: group for group in TargetGroup.objects.filter(code__in=wanted)}
    unknown = sorted(wanted - set(found))
    if unknown:
        raise ValidationError(
            {field: [_("Unknown target group code(s): %(codes)s.") % {"codes": ", ".join(unknown)}]}
        )
    return found


@router.get(
    "/proposals/",
    response=list[ProposalOut],
    summary="Proposals the token's user may see (own organisation's; all submitted for the "
    "coordinator)",
)
@paginate(BoundedLimitOffsetPagination)
def calls_proposal_list(request):
    return selectors.proposal_list_detailed(user=request.auth)


@router.get(
    "/proposals/{proposal_id}",
    response=ProposalOut,
    summary="One proposal",
)
def calls_proposal_detail(request, proposal_id: DatabaseId):
    return _get_or_404(request, proposal_id)


@router.post(
    "/proposals/",
    response={201: ProposalOut, **errors(404)},
    summary="Start a draft proposal for a published call (ETS member of the lead)",
)
def calls_proposal_create(request, payload: ProposalCreateIn):
    user = request.auth
    organizations = list(selectors.applicant_organizations(user=user))
    if not organizations:
        raise PermissionDenied
    call = selectors.call_for_proposals(user=user, pk=payload.call_id)
    if payload.organization_id is None:
        if len(organizations) > 1:
            raise ValidationError(
                {"organization_id": [_("Say which of your organisations leads the proposal.")]}
            )
        lead = organizations[0]
    else:
        lead = next((o for o in organizations if o.pk == payload.organization_id), None)
        if lead is None:
            raise Http404
    proposal = services.proposal_create(
        actor=user, call=call, lead=lead, title=payload.title, summary=payload.summary
    )
    return Status(201, selectors.proposal_get(user=user, pk=proposal.pk))


@router.patch(
    "/proposals/{proposal_id}",
    response={200: ProposalOut, **errors(409)},
    summary="Change a draft (409 when someone saved it after `version`)",
)
def calls_proposal_update(request, proposal_id: DatabaseId, payload: ProposalPatch):
    user = request.auth
    proposal = _get_or_404(request, proposal_id)
    if not selectors.is_lead_member(user=user, proposal=proposal):
        raise PermissionDenied
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    try:
        with transaction.atomic():
            _apply_patch(user, proposal, version, data, payload)
    except StaleObjectError as error:
        return Status(409, stale_payload(error))
    return Status(200, selectors.proposal_get(user=user, pk=proposal.pk))


def _apply_patch(user, proposal: Proposal, version: int, data: dict, payload: ProposalPatch):
    general = {"title", "summary", "target_groups", "expected_beneficiaries", "total_budget"}
    if general & set(data) or not data:
        groups = (
            list(_target_groups(data["target_groups"], "target_groups").values())
            if data.get("target_groups") is not None
            else list(proposal.target_groups.all())
        )
        proposal = services.proposal_update(
            actor=user,
            proposal=proposal,
            version=version,
            title=data.get("title") if data.get("title") is not None else proposal.title,
            summary=data.get("summary") if data.get("summary") is not None else proposal.summary,
            expected_beneficiaries=data.get("expected_beneficiaries")
            if data.get("expected_beneficiaries") is not None
            else proposal.expected_beneficiaries,
            total_budget=data.get("total_budget")
            if data.get("total_budget") is not None
            else proposal.total_budget,
            target_groups=groups,
        )
        version = proposal.version
    if payload.activities is not None:
        codes = _target_groups((a.target_group for a in payload.activities), "activities")
        proposal = proposal_content.proposal_set_activities(
            actor=user,
            proposal=proposal,
            version=version,
            activities=[
                proposal_content.ActivityData(
                    title=a.title,
                    description=a.description,
                    target_group=codes.get(a.target_group) if a.target_group else None,
                    expected_number=a.expected_number,
                )
                for a in payload.activities
            ],
        )
        version = proposal.version
    if payload.indicators is not None:
        proposal = proposal_content.proposal_set_indicators(
            actor=user,
            proposal=proposal,
            version=version,
            indicators=[
                proposal_content.IndicatorData(name=i.name, unit=i.unit, target=i.target)
                for i in payload.indicators
            ],
        )
        version = proposal.version
    if payload.budget_lines is not None:
        proposal_content.proposal_set_budget_lines(
            actor=user,
            proposal=proposal,
            version=version,
            lines=[
                proposal_content.BudgetLineData(**line.model_dump())
                for line in payload.budget_lines
            ],
        )


@router.post(
    "/proposals/{proposal_id}/submit",
    response={200: ProposalOut, **errors(409)},
    summary="Submit a draft: refused (422, with every reason) when it is not complete or the "
    "deadline has passed",
)
def calls_proposal_submit(request, proposal_id: DatabaseId, payload: SubmitIn):
    proposal = _get_or_404(request, proposal_id)
    if not selectors.is_lead_member(user=request.auth, proposal=proposal):
        raise PermissionDenied
    try:
        services.proposal_submit(actor=request.auth, proposal=proposal, version=payload.version)
    except StaleObjectError as error:
        return Status(409, stale_payload(error))
    return Status(200, selectors.proposal_get(user=request.auth, pk=proposal.pk))


@router.post(
    "/proposals/{proposal_id}/withdraw",
    response=ProposalOut,
    summary="Withdraw a draft or submitted proposal, before the deadline",
)
def calls_proposal_withdraw(request, proposal_id: DatabaseId):
    proposal = _get_or_404(request, proposal_id)
    if not selectors.is_lead_member(user=request.auth, proposal=proposal):
        raise PermissionDenied
    services.proposal_withdraw(actor=request.auth, proposal=proposal)
    return selectors.proposal_get(user=request.auth, pk=proposal.pk)
