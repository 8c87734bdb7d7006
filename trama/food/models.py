"""Solidarietà Alimentare: donors, donations received at a hub as lots, and the stock as an
append-only ledger of movements with a per-lot, per-hub balance kept beside it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trama.organizations.models import Organization
from trama.territory.models import Hub


class DonorKind(models.TextChoices):
    RETAIL = "retail", _("Retailer or supermarket")
    PRODUCER = "producer", _("Producer or farm")
    FOOD_BANK = "food_bank", _("Food bank")
    CANTEEN = "canteen", _("Canteen or caterer")
    OTHER = "other", _("Other donor")


class Donor(models.Model):
    """The donor side of an organisation of the registry: one registry, not two."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="donor",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("donor kind"), max_length=20, choices=DonorKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("donor")
        verbose_name_plural = _("donors")

    def __str__(self) -> str:
        return self.organization.name


class Donation(models.Model):
    donor = models.ForeignKey(
        Donor, on_delete=models.PROTECT, related_name="donations", verbose_name=_("donor")
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="donations", verbose_name=_("hub")
    )
    received_on = models.DateField(_("received on"))
    transport_document = models.CharField(_("transport document number"), max_length=50)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("received by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("donation")
        verbose_name_plural = _("donations")

    def __str__(self) -> str:
        return f"{self.donor} {self.received_on:%d/%m/%Y}"


class Category(models.TextChoices):
    FRUIT_VEG = "fruit_veg", _("Fruit and vegetables")
    DAIRY = "dairy", _("Dairy and eggs")
    MEAT_FISH = "meat_fish", _("Meat and fish")
    BREAD = "bread", _("Bread and bakery")
    PASTA_RICE = "pasta_rice", _("Pasta, rice and cereals")
    TINNED = "tinned", _("Tinned and preserved food")
    BABY = "baby", _("Baby food")
    HYGIENE = "hygiene", _("Hygiene and household")
    OTHER = "other", _("Other")


class Storage(models.TextChoices):
    AMBIENT = "ambient", _("Ambient")
    CHILLED = "chilled", _("Chilled")
    FROZEN = "frozen", _("Frozen")


class DateKind(models.TextChoices):
    # L. 166/2016: past its use-by a lot is never given out; past its best-before only after
    # a recorded check.
    USE_BY = "use_by", _("Use by")
    BEST_BEFORE = "best_before", _("Best before")


class Lot(models.Model):
    donation = models.ForeignKey(
        Donation, on_delete=models.PROTECT, related_name="lots", verbose_name=_("donation")
    )
    code = models.CharField(_("lot code"), max_length=30, unique=True)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    description = models.CharField(_("description"), max_length=150, blank=True)
    storage = models.CharField(_("storage"), max_length=10, choices=Storage.choices)
    date_kind = models.CharField(_("date kind"), max_length=12, choices=DateKind.choices)
    expires_on = models.DateField(_("expiry date"))
    weight_kg = models.DecimalField(_("weight (kg)"), max_digits=10, decimal_places=3)
    pieces = models.PositiveIntegerField(_("pieces"), null=True, blank=True)
    # The recorded check that lets a lot past its best-before date be given out.
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )

    class Meta:
        ordering = ["expires_on", "code"]
        verbose_name = _("lot")
        verbose_name_plural = _("lots")
        constraints = [
            models.CheckConstraint(condition=Q(weight_kg__gt=0), name="food_lot_weight_positive"),
        ]

    def __str__(self) -> str:
        return self.code


class HubCapacity(models.Model):
    """How many kilos a hub can keep of each storage type."""

    hub = models.ForeignKey(
        Hub, on_delete=models.CASCADE, related_name="food_capacities", verbose_name=_("hub")
    )
    storage = models.CharField(_("storage"), max_length=10, choices=Storage.choices)
    capacity_kg = models.DecimalField(_("capacity (kg)"), max_digits=10, decimal_places=3)

    class Meta:
        verbose_name = _("hub capacity")
        verbose_name_plural = _("hub capacities")
        constraints = [
            models.UniqueConstraint(fields=["hub", "storage"], name="food_capacity_unique"),
            models.CheckConstraint(
                condition=Q(capacity_kg__gte=0), name="food_capacity_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.hub} {self.get_storage_display()} {self.capacity_kg} kg"


class MovementKind(models.TextChoices):
    RECEIPT = "receipt", _("Receipt")
    TRANSFER_OUT = "transfer_out", _("Transfer out")
    TRANSFER_IN = "transfer_in", _("Transfer in")
    DISTRIBUTION = "distribution", _("Distribution")
    ADJUSTMENT = "adjustment", _("Adjustment")
    DISPOSAL_FEED = "disposal_feed", _("Disposal to animal feed")
    DISPOSAL_COMPOST = "disposal_compost", _("Disposal to compost")


class StockMovement(models.Model):
    """One row of the ledger. Never updated nor deleted: corrections are new rows."""

    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="movements", verbose_name=_("lot")
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="food_movements", verbose_name=_("hub")
    )
    kind = models.CharField(_("movement"), max_length=20, choices=MovementKind.choices)
    # Signed: what the movement adds to (positive) or takes from (negative) the balance.
    quantity_kg = models.DecimalField(_("quantity (kg)"), max_digits=10, decimal_places=3)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity_kg=0), name="food_movement_not_zero"),
            models.CheckConstraint(
                condition=Q(kind__in=["receipt", "transfer_in"], quantity_kg__gt=0)
                | Q(kind="adjustment")
                | Q(
                    kind__in=["transfer_out", "distribution", "disposal_feed", "disposal_compost"],
                    quantity_kg__lt=0,
                ),
                name="food_movement_sign_matches_kind",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["adjustment", "disposal_feed", "disposal_compost"])
                | ~Q(reason=""),
                name="food_movement_reason_required",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.lot_id} {self.quantity_kg} kg"


class StockBalance(models.Model):
    """What is left of a lot at a hub, moved together with each ledger row (never recomputed
    by scanning the ledger)."""

    lot = models.ForeignKey(
        Lot, on_delete=models.PROTECT, related_name="balances", verbose_name=_("lot")
    )
    hub = models.ForeignKey(
        Hub, on_delete=models.PROTECT, related_name="food_balances", verbose_name=_("hub")
    )
    quantity_kg = models.DecimalField(_("quantity (kg)"), max_digits=10, decimal_places=3)

    class Meta:
        ordering = ["lot__expires_on", "lot__code"]
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["lot", "hub"], name="food_balance_unique"),
            models.CheckConstraint(
                condition=Q(quantity_kg__gte=0), name="food_balance_non_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot} @ {self.hub}: {self.quantity_kg} kg"
