from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.accounts.roles import Role, ScopeKind


class User(AbstractUser):
    email = models.EmailField(_("e-mail address"), unique=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=5, choices=[("it", "Italiano"), ("en", "English")], default="it"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    # Role queries read the user's active grants once per request (cached on the instance).
    @cached_property
    def _grants(self) -> list["RoleGrant"]:
        if not self.pk:
            return []
        return list(self.role_grants.filter(revoked_at__isnull=True))

    def active_grants_named(self) -> list["RoleGrant"]:
        """The active grants with their scopes named, for pages (selectors.with_scope_names)."""
        from trama.accounts.selectors import with_scope_names

        return with_scope_names(self._grants)

    def active_role_names(self) -> list[str]:
        return sorted({g.role for g in self._grants})

    def has_any_role(self, *roles: str) -> bool:
        return any(g.role in roles for g in self._grants)

    def scope_ids(self, role: str, kind: str) -> set[int]:
        return {g.scope_id for g in self._grants if g.role == role and g.scope_kind == kind}

    def has_consortium_role(self, *roles: str) -> bool:
        return any(g.role in roles and g.scope_kind == ScopeKind.CONSORTIUM for g in self._grants)


class RoleGrant(models.Model):
    """A role held by a user on a scope. Revoking keeps the row (who held what, when)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_grants")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    scope_kind = models.CharField(_("scope"), max_length=20, choices=ScopeKind.choices)
    scope_id = models.BigIntegerField(_("scope object"), null=True, blank=True)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        ordering = ["role", "scope_kind", "scope_id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(scope_kind=ScopeKind.CONSORTIUM) & Q(scope_id__isnull=True))
                | (~Q(scope_kind=ScopeKind.CONSORTIUM) & Q(scope_id__isnull=False)),
                name="rolegrant_scope_id_matches_kind",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_kind", "scope_id"],
                condition=Q(revoked_at__isnull=True),
                name="rolegrant_unique_active",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "scope_kind"],
                condition=Q(revoked_at__isnull=True, scope_id__isnull=True),
                name="rolegrant_unique_active_consortium",
            ),
        ]
        indexes = [models.Index(fields=["scope_kind", "scope_id", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.get_scope_kind_display()} {self.scope_id or ''}".strip()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
