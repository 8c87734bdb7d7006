"""Projects in the API: the published ones for everybody, every project for staff tokens."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema
from ninja.pagination import paginate

from trama.accounts.api import optional_token_auth
from trama.core.api import BoundedLimitOffsetPagination, Text
from trama.projects import selectors
from trama.projects.models import Project

router = Router(tags=["projects"])


class TargetGroupOut(Schema):
    code: str
    label: str
    label_en: str


class MunicipalityRef(Schema):
    id: int
    istat_code: str
    name: str


class ProjectSummaryOut(Schema):
    id: int
    slug: str
    name: str
    parent_slug: str | None
    summary: str
    summary_en: str
    status: str
    start_date: date | None
    end_date: date | None
    is_public: bool
    target_groups: list[TargetGroupOut]
    municipalities: list[MunicipalityRef]

    @staticmethod
    def resolve_parent_slug(obj: Project) -> str | None:
        return obj.parent.slug if obj.parent_id else None


class HubRef(Schema):
    id: int
    name: str
    kind: str
    address: str
    postcode: str
    municipality_name: str
    opening_hours: str
    phone: str

    @staticmethod
    def resolve_municipality_name(obj) -> str:
        return obj.municipality.name


class ProjectPartnerOut(Schema):
    organization_id: int
    organization_name: str
    role: str
    note: str

    @staticmethod
    def resolve_organization_name(obj) -> str:
        return obj.organization.name


class FundingSourceOut(Schema):
    name: str
    funder_id: int | None
    funder_name: str | None
    amount: Decimal | None

    @staticmethod
    def resolve_funder_name(obj) -> str | None:
        return obj.funder.name if obj.funder_id else None


class ServiceOut(Schema):
    name: str
    name_en: str
    description: str
    nomenclature_code: str


class ProjectOut(ProjectSummaryOut):
    description: str
    description_en: str
    eligibility: str
    eligibility_en: str
    website: str
    contact: str
    children: list[str]
    hubs: list[HubRef]
    partners: list[ProjectPartnerOut]
    funding_sources: list[FundingSourceOut]
    services: list[ServiceOut]

    @staticmethod
    def resolve_children(obj: Project) -> list[str]:
        return [child.slug for child in obj.children.all()]


@router.get("", response=list[ProjectSummaryOut], auth=optional_token_auth, summary="Projects")
@paginate(BoundedLimitOffsetPagination)
def project_list(request):
    """The published projects; with a staff token, every project of the portfolio."""
    return selectors.project_catalog(user=request.user)


@router.get("/{slug}", response=ProjectOut, auth=optional_token_auth, summary="One project")
def project_detail(request, slug: Text):
    return selectors.project_catalog_get(user=request.user, slug=slug)
