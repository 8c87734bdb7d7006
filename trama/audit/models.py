from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("create")
    UPDATE = "update", _("update")
    DELETE = "delete", _("delete")
    EXPORT = "export", _("export")
    IMPORT = "import", _("import")
    LOGIN = "login", _("login")
    LOGIN_FAILED = "login_failed", _("failed login")
    LOGOUT = "logout", _("logout")
    GRANT = "grant", _("role granted")
    REVOKE = "revoke", _("role revoked")


class AccessLogEntry(models.Model):
    """One line of the access log. Append-only: never deleted, and updated only once, by the
    sealer, to fill the three chain columns (database triggers refuse anything else). Each
    entry carries its own keyed MAC from the moment it is inserted; the sealer then gives it
    the next gap-free position in the chain and a keyed hash over the previous one, so any
    change, removal or insertion shows (`manage.py audit_verify`; decision 0024).
    """

    # Empty until sealed: the chain order is the order of sealing, not of insert (ids are
    # handed out at insert but committed in any order).
    chain_position = models.PositiveBigIntegerField(
        _("position in the chain"), null=True, blank=True, unique=True
    )
    at = models.DateTimeField(_("time"), db_index=True)
    # Plain ids, not foreign keys: deleting or anonymising a user must never touch the log.
    actor_id = models.BigIntegerField(_("actor id"), null=True, blank=True, db_index=True)
    actor_label = models.CharField(_("actor"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    client_address = models.CharField(_("client address"), max_length=64, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    nonce = models.CharField(max_length=32)
    entry_mac = models.CharField(max_length=64)
    previous_hash = models.CharField(max_length=64, null=True, blank=True)
    entry_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # What the sealer reads: the few entries not yet in the chain, oldest first.
            models.Index(
                fields=["at", "id"],
                name="audit_entry_unsealed",
                condition=models.Q(chain_position__isnull=True),
            ),
        ]
        constraints = [
            # A copy of an entry carries the same MAC: refused here, and reported by
            # verification should someone drop this constraint.
            models.UniqueConstraint(fields=["entry_mac"], name="audit_entry_mac_unique"),
        ]

    def __str__(self) -> str:
        position = f"#{self.chain_position}" if self.chain_position else "#-"
        return f"{position} {self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_repr}"


class ChainHead(models.Model):
    """A single row locked while entries are sealed, so two sealers never chain from the same
    predecessor (writers never lock it). It holds the last position and the last hash, signed
    with the audit key, so that verification notices entries cut from the tail; the database
    refuses its deletion."""

    last_hash = models.CharField(max_length=64)
    last_seq = models.PositiveBigIntegerField(default=0)
    signature = models.CharField(max_length=64, default="")

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="chain_head_single_row")
        ]

    def __str__(self) -> str:
        return f"#{self.last_seq} {self.last_hash}"
