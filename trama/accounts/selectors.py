"""Reads about users and roles (admin pages)."""

from collections.abc import Iterable

from django.db.models import Prefetch, QuerySet

from trama.accounts.capabilities import MANAGE_USERS
from trama.accounts.models import ApiToken, RoleGrant, User


def user_list(*, user: User, search: str = "") -> QuerySet[User]:
    MANAGE_USERS.require(user)
    qs = User.objects.prefetch_related(
        Prefetch(
            "role_grants",
            queryset=RoleGrant.objects.filter(revoked_at__isnull=True),
            to_attr="active_grants",
        )
    ).order_by("last_name", "first_name", "username")
    if search:
        qs = (
            qs.filter(username__icontains=search)
            | qs.filter(last_name__icontains=search)
            | qs.filter(email__icontains=search)
        )
    return qs


def user_get(*, user: User, pk: int) -> User:
    return user_list(user=user).get(pk=pk)


def api_token_list(*, user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def scope_choices() -> list:
    """Choices for the scope of a grant, grouped by kind: "consortium" or "<kind>:<id>"."""
    from trama.accounts.roles import ScopeKind
    from trama.accounts.services import scope_model

    choices: list = [(ScopeKind.CONSORTIUM.value, ScopeKind.CONSORTIUM.label)]
    for kind in (
        ScopeKind.ORGANIZATION,
        ScopeKind.HUB,
        ScopeKind.MUNICIPALITY,
        ScopeKind.CALL,
    ):
        model = scope_model(kind)
        if model is None:
            continue
        # Each scope model's own ordering (by name, or a call by its deadline).
        options = [(f"{kind.value}:{obj.pk}", str(obj)) for obj in model.objects.all()]
        if options:
            choices.append((kind.label, options))
    return choices


def scope_labels(grants) -> dict[tuple[str, int], str]:
    """Names of the scope objects of some grants, one query per kind."""
    from trama.accounts.services import scope_model

    wanted: dict[str, set[int]] = {}
    for grant in grants:
        if grant.scope_id is not None:
            wanted.setdefault(grant.scope_kind, set()).add(grant.scope_id)
    labels = {}
    for kind, ids in wanted.items():
        model = scope_model(kind)
        if model is not None:
            for obj in model.objects.filter(pk__in=ids):
                labels[(kind, obj.pk)] = str(obj)
    return labels


def with_scope_names(grants: Iterable[RoleGrant]) -> list[RoleGrant]:
    """The grants, each with `scope_label` (the scoped object's name: a hub's or an
    organisation's name, a call's title) and `scope_text` (what a page shows: "Whole
    consortium", or "Hub: Presidio di Collegno"). One query per kind of scope, whatever the
    number of grants; an object gone (or of an app not installed) reads "#id"."""
    grants = list(grants)
    labels = scope_labels(grants)
    for grant in grants:
        if grant.scope_id is None:
            grant.scope_label = ""
            grant.scope_text = str(grant.get_scope_kind_display())
            continue
        grant.scope_label = labels.get((grant.scope_kind, grant.scope_id), f"#{grant.scope_id}")
        grant.scope_text = f"{grant.get_scope_kind_display()}: {grant.scope_label}"
    return grants


def role_holders(
    roles: Iterable[str], *, scope_kind: str | None = None, scope_ids: Iterable[int] | None = None
) -> QuerySet[User]:
    """The active users holding one of `roles` (on `scope_kind` and one of `scope_ids`, when
    given) by a grant not revoked: whom to tell, who works where."""
    grants = RoleGrant.objects.filter(role__in=list(roles), revoked_at__isnull=True)
    if scope_kind is not None:
        grants = grants.filter(scope_kind=scope_kind)
    if scope_ids is not None:
        grants = grants.filter(scope_id__in=list(scope_ids))
    return User.objects.filter(pk__in=grants.values("user_id"), is_active=True)
