"""Every read of projects goes through here.

Staff roles read the whole portfolio (published or not); everybody else, including anonymous
visitors, reads only the projects shown on the public site. Each selector loads what its page
shows in a fixed number of queries, whatever the number of projects, partners or services.
"""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from trama.accounts.models import User
from trama.projects.capabilities import READ_PORTFOLIO
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectEligibility,
    ProjectIndicator,
    ProjectPartner,
    Service,
    TargetGroup,
)
from trama.territory.models import Hub

# Partners are listed by the weight of their role, then by name.
ROLE_ORDER = (
    PartnerRole.LEAD,
    PartnerRole.MANAGER,
    PartnerRole.PARTNER,
    PartnerRole.INSTITUTION,
    PartnerRole.NETWORK,
    PartnerRole.FUNDER,
)
_ROLE_RANK = Case(
    *(When(role=role, then=Value(rank)) for rank, role in enumerate(ROLE_ORDER)),
    default=Value(len(ROLE_ORDER)),
    output_field=IntegerField(),
)


@dataclass(frozen=True)
class ProjectFilters:
    search: str = ""
    status: str = ""
    target_group: str = ""  # TargetGroup.code
    municipality_id: int | None = None
    is_public: bool | None = None


@dataclass
class ProjectNode:
    """A project of the catalog and its sub-projects, in catalog order."""

    project: Project
    children: list[Project] = field(default_factory=list)


def _portfolio(user: User) -> QuerySet[Project]:
    READ_PORTFOLIO.require(user)
    return Project.objects.all()


def _with_card_data(qs: QuerySet[Project]) -> QuerySet[Project]:
    """What a line of a list or a catalog card shows."""
    return qs.select_related("parent").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("label")),
        "municipalities",
    )


def _with_page_data(qs: QuerySet[Project], *, children: QuerySet[Project]) -> QuerySet[Project]:
    """What the page of one project shows."""
    return _with_card_data(qs).prefetch_related(
        Prefetch(
            "hubs",
            queryset=Hub.objects.select_related("municipality").order_by(
                "municipality__name", "name"
            ),
        ),
        Prefetch(
            "partners",
            queryset=ProjectPartner.objects.select_related("organization").order_by(
                _ROLE_RANK, "organization__name"
            ),
        ),
        Prefetch(
            "funding_sources",
            queryset=FundingSource.objects.select_related("funder").order_by("name"),
        ),
        Prefetch("services", queryset=Service.objects.order_by("position", "name")),
        Prefetch("indicators", queryset=ProjectIndicator.objects.order_by("position", "id")),
        Prefetch("children", queryset=children.order_by("position", "name")),
    )


def project_list(*, user: User, filters: ProjectFilters | None = None) -> QuerySet[Project]:
    """The portfolio for the back office (every project, published or not)."""
    filters = filters or ProjectFilters()
    qs = _with_card_data(_portfolio(user))
    if filters.search:
        qs = qs.filter(Q(name__icontains=filters.search) | Q(summary__icontains=filters.search))
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.target_group:
        qs = qs.filter(target_groups__code=filters.target_group)
    if filters.municipality_id:
        qs = qs.filter(municipalities__id=filters.municipality_id)
    if filters.is_public is not None:
        qs = qs.filter(is_public=filters.is_public)
    return qs.distinct().order_by("position", "name")


def project_get(*, user: User, pk: int) -> Project:
    """One project with everything its back-office page shows; DoesNotExist when absent."""
    return _with_page_data(_portfolio(user), children=Project.objects.all()).get(pk=pk)


def project_parent_options(*, user: User, project: Project | None = None) -> QuerySet[Project]:
    """The main projects `project` may be made part of (sub-projects have no sub-projects)."""
    qs = _portfolio(user).filter(parent__isnull=True)
    if project is not None:
        qs = qs.exclude(pk=project.pk)
    return qs.order_by("position", "name")


def public_project_list() -> QuerySet[Project]:
    """The projects shown on the public site, in catalog order."""
    return _with_card_data(Project.objects.filter(is_public=True)).order_by("position", "name")


def public_project_get(slug: str) -> Project:
    """One published project with what its public page shows; DoesNotExist otherwise."""
    published = Project.objects.filter(is_public=True)
    return _with_page_data(published, children=published).get(slug=slug)


def project_catalog(*, user: User | None) -> QuerySet[Project]:
    """Every project for the staff roles, the published ones for everybody else (API)."""
    if READ_PORTFOLIO.allows(user):
        return _with_card_data(Project.objects.all()).order_by("position", "name")
    return public_project_list()


def project_catalog_get(*, user: User | None, slug: str) -> Project:
    """One project as `project_catalog` would list it, with its page data."""
    if READ_PORTFOLIO.allows(user):
        return _with_page_data(Project.objects.all(), children=Project.objects.all()).get(slug=slug)
    return public_project_get(slug)


def project_tree(projects: list[Project]) -> list[ProjectNode]:
    """Group an ordered list of projects under their parents (no query). A project whose parent
    is not in the list stands on its own."""
    by_id = {project.pk: ProjectNode(project) for project in projects}
    roots = []
    for project in projects:
        parent = by_id.get(project.parent_id) if project.parent_id else None
        if parent is not None:
            parent.children.append(project)
        else:
            roots.append(by_id[project.pk])
    return roots


def project_eligibility_get(*, user: User, project: Project) -> ProjectEligibility | None:
    """The project's stored access rules, or None when it has none."""
    _portfolio(user)
    return ProjectEligibility.objects.filter(project=project).first()


def project_eligibility_list(*, user: User) -> QuerySet[ProjectEligibility]:
    """The access rules of every project of the portfolio (staff), in catalog order."""
    return (
        ProjectEligibility.objects.filter(project__in=_portfolio(user))
        .select_related("project")
        .order_by("project__position", "project__name")
    )


def public_project_eligibility_list() -> QuerySet[ProjectEligibility]:
    """The access rules of the projects shown on the public site (the self-check)."""
    return (
        ProjectEligibility.objects.filter(project__is_public=True)
        .select_related("project")
        .order_by("project__position", "project__name")
    )
