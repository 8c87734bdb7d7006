"""Every read of organisations goes through here, scoped by the user's roles."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.selectors import role_holders
from trama.core.text import normalize_for_search
from trama.organizations.capabilities import EDIT_REGISTRY, READ_REGISTRY
from trama.organizations.models import ActivitySector, Organization
from trama.territory.models import Municipality


@dataclass(frozen=True)
class OrganizationFilters:
    search: str = ""
    kind: str = ""
    legal_form: str = ""
    sector: str = ""  # ActivitySector.code
    municipality_id: int | None = None  # served or seated there
    runts_section: str = ""  # RuntsSection.code


def _visible(user: User) -> QuerySet[Organization]:
    if not user.is_authenticated:
        raise PermissionDenied
    if READ_REGISTRY.allows(user):
        return Organization.objects.all()
    if user.has_any_role(Role.ETS_MEMBER):
        return Organization.objects.filter(
            pk__in=user.scope_ids(Role.ETS_MEMBER, ScopeKind.ORGANIZATION)
        )
    raise PermissionDenied


def organization_list(
    *, user: User, filters: OrganizationFilters | None = None
) -> QuerySet[Organization]:
    """The organisations `user` may see, filtered; one query per page whatever the size."""
    filters = filters or OrganizationFilters()
    qs = _visible(user).select_related("municipality", "runts_section")
    if filters.search:
        # Codes are compared compact and upper-case, as the services store them.
        code = "".join(filters.search.split()).upper()
        vat = code.removeprefix("IT")
        qs = qs.filter(
            Q(search_name__contains=normalize_for_search(filters.search))
            | Q(fiscal_code=code)
            | Q(vat_number=vat)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.legal_form:
        qs = qs.filter(legal_form=filters.legal_form)
    if filters.runts_section:
        qs = qs.filter(runts_section__code=filters.runts_section)
    if filters.sector:
        qs = qs.filter(sectors__code=filters.sector)
    if filters.municipality_id:
        served = Organization.municipalities_served.through.objects.filter(
            municipality_id=filters.municipality_id
        ).values("organization_id")
        qs = qs.filter(Q(municipality_id=filters.municipality_id) | Q(pk__in=served))
    return qs.order_by("search_name", "id")


def organization_list_detailed(
    *, user: User, filters: OrganizationFilters | None = None
) -> QuerySet[Organization]:
    """As `organization_list`, with sectors and municipalities served (exports, API)."""
    return organization_list(user=user, filters=filters).prefetch_related(
        Prefetch("sectors", queryset=ActivitySector.objects.order_by("code")),
        Prefetch("municipalities_served", queryset=Municipality.objects.order_by("name")),
    )


def organization_get(*, user: User, pk: int) -> Organization:
    """One organisation with what its page shows; DoesNotExist when outside the scope."""
    return (
        _visible(user)
        .select_related("municipality", "runts_section")
        .prefetch_related(
            Prefetch("sectors", queryset=ActivitySector.objects.order_by("code")),
            Prefetch("municipalities_served", queryset=Municipality.objects.order_by("name")),
        )
        .get(pk=pk)
    )


def organization_members(*, organization: Organization) -> QuerySet[User]:
    """Users holding the ets_member role on this organisation."""
    grants = RoleGrant.objects.filter(
        role=Role.ETS_MEMBER,
        scope_kind=ScopeKind.ORGANIZATION,
        scope_id=organization.pk,
        revoked_at__isnull=True,
    )
    return User.objects.filter(pk__in=grants.values("user_id")).order_by("last_name", "first_name")


def members_of(organizations: Iterable[Organization]) -> list[User]:
    """The active members with an e-mail of the organisations (an ETS's members, a partner
    body's), each once (whom to tell)."""
    return list(
        role_holders(
            (Role.ETS_MEMBER, Role.PARTNER),
            scope_kind=ScopeKind.ORGANIZATION,
            scope_ids=[organization.pk for organization in organizations],
        )
        .exclude(email="")
        .order_by("last_name", "first_name", "pk")
    )


def can_edit_organization(*, user: User, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    if EDIT_REGISTRY.allows(user):
        return True
    return organization.pk in user.scope_ids(Role.ETS_MEMBER, ScopeKind.ORGANIZATION)
