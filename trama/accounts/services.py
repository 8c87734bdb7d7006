"""Writes about users, roles and tokens. Each function is one transaction and is audited."""

import hashlib
import logging
import secrets

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.errors import AccountErrors
from trama.accounts.models import ApiToken, RoleGrant, User
from trama.accounts.roles import ALLOWED_SCOPES, SCOPE_MODELS, Role, ScopeKind
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.ratelimit import rate_limit_hit

security_log = logging.getLogger("trama.security")


def scope_model(kind: str):
    """The model behind a scope kind, or None when its app is not installed yet."""
    label = SCOPE_MODELS.get(kind)
    if not label:
        return None
    try:
        return apps.get_model(label)
    except LookupError:
        return None


@transaction.atomic
def user_create(
    *,
    actor: User | None,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(
            _("A user with this username already exists."),
            field="username",
            code=AccountErrors.USERNAME_TAKEN,
        )
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(
            _("A user with this e-mail address already exists."),
            field="email",
            code=AccountErrors.EMAIL_TAKEN,
        )
    user = User(username=username, email=email, first_name=first_name, last_name=last_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    access_log_append(actor=actor, action=Action.CREATE, obj=user)
    return user


@transaction.atomic
def role_grant(
    *, actor: User | None, user: User, role: str, scope_kind: str, scope_id: int | None = None
) -> RoleGrant:
    """Grant `role` to `user` on a scope. Refuses a scope the role cannot have, an unknown
    scope object and a grant the user already holds."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), field="role", code=AccountErrors.UNKNOWN_ROLE)
    if scope_kind not in ALLOWED_SCOPES[role]:
        allowed = ", ".join(str(ScopeKind(k).label) for k in ALLOWED_SCOPES[role])
        raise DomainError(
            _("The role %(role)s can only be granted on: %(allowed)s.")
            % {"role": Role(role).label, "allowed": allowed},
            field="scope",
            code=AccountErrors.SCOPE_NOT_ALLOWED,
        )
    if scope_kind == ScopeKind.CONSORTIUM:
        scope_id = None
    else:
        model = scope_model(scope_kind)
        if model is None:
            raise DomainError(
                _("This kind of scope is not available yet."),
                field="scope",
                code=AccountErrors.SCOPE_UNAVAILABLE,
            )
        if scope_id is None or not model.objects.filter(pk=scope_id).exists():
            raise DomainError(
                _("Choose an existing scope object."),
                field="scope",
                code=AccountErrors.UNKNOWN_SCOPE,
            )
    if RoleGrant.objects.filter(
        user=user, role=role, scope_kind=scope_kind, scope_id=scope_id, revoked_at__isnull=True
    ).exists():
        raise DomainError(
            _("The user already holds this role on this scope."),
            field="role",
            code=AccountErrors.ALREADY_GRANTED,
        )
    try:
        with transaction.atomic():
            grant = RoleGrant.objects.create(
                user=user, role=role, scope_kind=scope_kind, scope_id=scope_id, granted_by=actor
            )
    except IntegrityError as exc:  # a concurrent identical grant
        raise DomainError(
            _("The user already holds this role on this scope."),
            field="role",
            code=AccountErrors.ALREADY_GRANTED,
        ) from exc
    access_log_append(
        actor=actor,
        action=Action.GRANT,
        obj=user,
        details={"role": role, "scope_kind": scope_kind, "scope_id": scope_id},
    )
    user.__dict__.pop("_grants", None)
    return grant


@transaction.atomic
def role_revoke(*, actor: User | None, grant: RoleGrant) -> RoleGrant:
    grant = RoleGrant.objects.select_for_update().get(pk=grant.pk)
    if grant.revoked_at is not None:
        raise DomainError(
            _("This role has already been revoked."), code=AccountErrors.ALREADY_REVOKED
        )
    grant.revoked_at = timezone.now()
    grant.revoked_by = actor
    grant.save(update_fields=["revoked_at", "revoked_by"])
    access_log_append(
        actor=actor,
        action=Action.REVOKE,
        obj=grant.user,
        details={"role": grant.role, "scope_kind": grant.scope_kind, "scope_id": grant.scope_id},
    )
    return grant


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for `actor`; returns it with the clear key, which is never stored."""
    name = name.strip()
    if not name:
        raise DomainError(
            _("Give the token a name."), field="name", code=AccountErrors.TOKEN_NAME_REQUIRED
        )
    key = "trama_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name[:100], prefix=key[:12], key_hash=_hash_key(key)
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=token)
    return token, key


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        access_log_append(actor=actor, action=Action.DELETE, obj=token)


def api_token_authenticate(*, key: str) -> User | None:
    """The active user behind a clear API key, or None."""
    if not key or not key.startswith("trama_"):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def password_reset_throttled(*, email: str, client_address: str) -> bool:
    """Count one password-reset request; True (and a warning in the log) when its e-mail
    address or its client address is over its limit in the window. The caller then answers
    as usual but sends nothing, so the answer says nothing about the address."""
    window = settings.TRAMA_PASSWORD_RESET_WINDOW_MINUTES * 60
    address = email.strip().lower()
    over_address = rate_limit_hit(
        scope="password-reset-address",
        identifier=address,
        limit=settings.TRAMA_PASSWORD_RESET_PER_ADDRESS,
        window_seconds=window,
    )
    over_client = rate_limit_hit(
        scope="password-reset-client",
        identifier=client_address,
        limit=settings.TRAMA_PASSWORD_RESET_PER_CLIENT,
        window_seconds=window,
    )
    if over_address or over_client:
        # The address is logged as a short hash only: the log holds no e-mail addresses.
        security_log.warning(
            "Password-reset request throttled (%s limit): address %s, client %s",
            "address" if over_address else "client",
            hashlib.sha256(address.encode("utf-8")).hexdigest()[:12],
            client_address or "unknown",
        )
    return over_address or over_client
