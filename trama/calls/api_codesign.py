"""The co-design table in the API, read only: sessions, versions of the project document,
the agreement — for the coordinator, the administrator and the members of the
participating organisations (the same scope as the pages)."""

import datetime
from decimal import Decimal

from django.http import Http404
from ninja import Router, Schema

from trama.accounts.api import token_auth
from trama.calls.models import Call, DocumentVersion
from trama.calls.selectors import codesign as selectors
from trama.core.api import DatabaseId

router = Router(tags=["calls: co-design"], auth=token_auth)


class ParticipantOut(Schema):
    name: str
    organization_id: int | None
    invited: bool
    present: bool


class CodesignSessionOut(Schema):
    id: int
    held_at: datetime.datetime
    place: str
    agenda: str
    minutes: str
    decisions: str
    participants: list[ParticipantOut]


class VersionSummaryOut(Schema):
    number: int
    title: str
    note: str
    author: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_author(obj: DocumentVersion) -> str:
        return str(obj.author)


class VersionOut(VersionSummaryOut):
    body: str


class AgreementPartnerOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    budget_share: Decimal

    @staticmethod
    def resolve_organization_name(obj) -> str:
        return obj.organization.name


class IndicatorOut(Schema):
    name: str
    unit: str
    target: Decimal


class AgreementOut(Schema):
    call_id: int
    project_slug: str
    project_name: str
    signed_on: datetime.date
    budget: Decimal
    summary: str
    document_version: int | None
    partners: list[AgreementPartnerOut]
    indicators: list[IndicatorOut]

    @staticmethod
    def resolve_project_slug(obj) -> str:
        return obj.project.slug

    @staticmethod
    def resolve_project_name(obj) -> str:
        return obj.project.name

    @staticmethod
    def resolve_document_version(obj) -> int | None:
        return obj.document_version.number if obj.document_version_id else None

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.project.indicators.all())


def _table(request, call_id: int) -> Call:
    return selectors.codesign_table_get(user=request.auth, pk=call_id)


@router.get(
    "/{call_id}/codesign/sessions",
    response=list[CodesignSessionOut],
    summary="Sessions of a call's co-design table",
)
def codesign_session_list(request, call_id: DatabaseId):
    return list(selectors.codesign_session_list(call=_table(request, call_id)))


@router.get(
    "/{call_id}/codesign/versions",
    response=list[VersionSummaryOut],
    summary="Versions of the co-design project document, newest first",
)
def codesign_version_list(request, call_id: DatabaseId):
    return list(selectors.document_version_list(call=_table(request, call_id)))


@router.get(
    "/{call_id}/codesign/versions/{number}",
    response=VersionOut,
    summary="One version of the co-design project document, with its text",
)
def codesign_version_detail(request, call_id: DatabaseId, number: DatabaseId):
    return selectors.document_version_get(call=_table(request, call_id), number=number)


@router.get(
    "/{call_id}/agreement",
    response=AgreementOut,
    summary="The agreement that closed a call's co-design",
)
def codesign_agreement_detail(request, call_id: DatabaseId):
    agreement = selectors.agreement_get(call=_table(request, call_id))
    if agreement is None:
        raise Http404
    return agreement
