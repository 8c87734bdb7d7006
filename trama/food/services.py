"""Writes of the food stock. Every movement is a ledger row and moves the lot's balance at
its hub in the same transaction; removals are conditional updates, so two counters taking the
last kilos of one lot cannot both succeed."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.food.capabilities import MOVE_STOCK
from trama.food.errors import FoodErrors
from trama.food.models import (
    Category,
    DateKind,
    Donation,
    Donor,
    DonorKind,
    HubCapacity,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    Storage,
)
from trama.food.selectors import food_hub_scope
from trama.organizations.models import Organization
from trama.territory.models import Hub, HubKind

KG = Decimal("0.001")
REMOVALS = {
    MovementKind.DISTRIBUTION,
    MovementKind.DISPOSAL_FEED,
    MovementKind.DISPOSAL_COMPOST,
    MovementKind.ADJUSTMENT,
}


@dataclass(frozen=True)
class LotInput:
    category: str
    storage: str
    date_kind: str
    expires_on: datetime.date
    weight_kg: Decimal | None = None
    pieces: int | None = None
    unit_weight_kg: Decimal | None = None
    description: str = ""

    def total_kg(self) -> Decimal | None:
        """The weight, given directly or as pieces × unit weight."""
        if self.weight_kg is not None:
            return self.weight_kg
        if self.pieces and self.unit_weight_kg is not None:
            return self.pieces * self.unit_weight_kg
        return None


def _require_writer(actor: User, hub: Hub) -> None:
    MOVE_STOCK.require(actor)
    hubs = food_hub_scope(actor)
    if hubs is not None and hub.pk not in hubs:
        raise DomainError(
            _("This hub is outside your scope."), field="hub", code=FoodErrors.HUB_OUT_OF_SCOPE
        )


def donor_register(*, actor: User, organization: Organization, kind: str) -> Donor:
    if kind not in DonorKind.values:
        raise DomainError(
            _("Choose a valid donor kind."), field="kind", code=FoodErrors.BAD_DONOR_KIND
        )
    MOVE_STOCK.require(actor)
    with transaction.atomic():
        donor, created = Donor.objects.get_or_create(
            organization=organization, defaults={"kind": kind}
        )
        if not created:
            raise DomainError(
                _("This organisation is already a donor."),
                field="organization",
                code=FoodErrors.ALREADY_A_DONOR,
            )
        access_log_append(actor=actor, action=Action.CREATE, obj=donor)
    return donor


def _check_lot(lot: LotInput, today: datetime.date, n: int) -> Decimal:
    prefix = _("Lot %(n)s: ") % {"n": n}
    if lot.category not in Category.values:
        raise DomainError(
            prefix + _("choose a valid category."), field="lots", code=FoodErrors.BAD_CATEGORY
        )
    if lot.storage not in Storage.values:
        raise DomainError(
            prefix + _("choose a valid storage."), field="lots", code=FoodErrors.BAD_STORAGE
        )
    if lot.date_kind not in DateKind.values:
        raise DomainError(
            prefix + _("say whether the date is a use-by or best-before."),
            code=FoodErrors.BAD_DATE_KIND,
        )
    total = lot.total_kg()
    if total is None or total <= 0:
        raise DomainError(
            prefix + _("give a weight above zero, or pieces and their unit weight."),
            field="lots",
            code=FoodErrors.NO_WEIGHT,
        )
    if lot.date_kind == DateKind.USE_BY and lot.expires_on < today:
        raise DomainError(
            prefix + _("past its use-by date it cannot be accepted (L. 166/2016)."),
            field="lots",
            code=FoodErrors.PAST_USE_BY,
        )
    return total.quantize(KG)


def _check_capacity(hub: Hub, incoming: dict[str, Decimal]) -> None:
    # Locking the hub's capacity rows serialises receipts at one hub.
    capacities = {
        c.storage: c.capacity_kg
        for c in HubCapacity.objects.select_for_update().filter(hub=hub, storage__in=list(incoming))
    }
    held = dict(
        StockBalance.objects.filter(hub=hub, lot__storage__in=list(capacities))
        .values_list("lot__storage")
        .annotate(total=Sum("quantity_kg"))
    )
    for storage, kilos in incoming.items():
        if storage in capacities and held.get(storage, 0) + kilos > capacities[storage]:
            raise DomainError(
                _(
                    "The hub has room for %(capacity)s kg of this storage type and already "
                    "holds %(held)s kg."
                )
                % {"capacity": capacities[storage], "held": held.get(storage, 0)},
                field="lots",
                code=FoodErrors.OVER_CAPACITY,
            )


def donation_receive(
    *,
    actor: User,
    donor: Donor,
    hub: Hub,
    received_on: datetime.date,
    transport_document: str,
    lots: list[LotInput],
) -> Donation:
    """A donation received at a social grocery: its lots, one receipt each in the ledger."""
    _require_writer(actor, hub)
    if hub.kind != HubKind.SOCIAL_GROCERY:
        raise DomainError(
            _("Donations are received only at a social grocery."),
            field="hub",
            code=FoodErrors.NOT_A_GROCERY,
        )
    if not donor.is_active:
        raise DomainError(
            _("This donor is no longer active."), field="donor", code=FoodErrors.INACTIVE_DONOR
        )
    transport_document = transport_document.strip()
    if not transport_document:
        raise DomainError(
            _("Give the transport document number."),
            field="transport_document",
            code=FoodErrors.TRANSPORT_DOCUMENT_REQUIRED,
        )
    today = timezone.localdate()
    if received_on > today:
        raise DomainError(
            _("The date of receipt cannot be in the future."),
            field="received_on",
            code=FoodErrors.RECEIVED_IN_FUTURE,
        )
    if not lots:
        raise DomainError(_("Add at least one lot."), field="lots", code=FoodErrors.NO_LOTS)
    totals = [_check_lot(lot, today, n) for n, lot in enumerate(lots, 1)]
    incoming: dict[str, Decimal] = {}
    for lot, total in zip(lots, totals, strict=True):
        incoming[lot.storage] = incoming.get(lot.storage, Decimal(0)) + total
    with transaction.atomic():
        _check_capacity(hub, incoming)
        donation = Donation.objects.create(
            donor=donor,
            hub=hub,
            received_on=received_on,
            transport_document=transport_document,
            received_by=actor,
        )
        for n, (lot, total) in enumerate(zip(lots, totals, strict=True), 1):
            created = Lot.objects.create(
                donation=donation,
                code=f"D{donation.pk:06d}-{n}",
                category=lot.category,
                description=lot.description.strip(),
                storage=lot.storage,
                date_kind=lot.date_kind,
                expires_on=lot.expires_on,
                weight_kg=total,
                pieces=lot.pieces,
            )
            StockMovement.objects.create(
                lot=created, hub=hub, kind=MovementKind.RECEIPT, quantity_kg=total, actor=actor
            )
            StockBalance.objects.create(lot=created, hub=hub, quantity_kg=total)
        access_log_append(
            actor=actor, action=Action.CREATE, obj=donation, details={"lots": len(lots)}
        )
    return donation


def lot_check_record(*, actor: User, lot: Lot, hub: Hub, on: datetime.date) -> Lot:
    """The check that lets a lot past its best-before date still be given out."""
    _require_writer(actor, hub)
    if lot.date_kind != DateKind.BEST_BEFORE:
        raise DomainError(
            _("Only a lot with a best-before date can be checked."), code=FoodErrors.NOT_BEST_BEFORE
        )
    with transaction.atomic():
        lot.checked_on, lot.checked_by = on, actor
        lot.save(update_fields=["checked_on", "checked_by"])
        access_log_append(actor=actor, action=Action.UPDATE, obj=lot, details={"checked": str(on)})
    return lot


def stock_remove(
    *,
    actor: User,
    lot: Lot,
    hub: Hub,
    kind: str,
    quantity_kg: Decimal,
    reason: str = "",
    today: datetime.date | None = None,
) -> StockMovement:
    """Take kilos of a lot out of a hub's stock: distribution, disposal or a downward
    adjustment. Refused, with nothing changed, when the stock is not there."""
    _require_writer(actor, hub)
    today = today or timezone.localdate()
    reason = reason.strip()
    if kind not in REMOVALS:
        raise DomainError(_("Choose a valid movement."), field="kind", code=FoodErrors.BAD_MOVEMENT)
    if quantity_kg is None or quantity_kg <= 0:
        raise DomainError(
            _("Give a quantity above zero."),
            field="quantity_kg",
            code=FoodErrors.QUANTITY_NOT_POSITIVE,
        )
    quantity_kg = quantity_kg.quantize(KG)
    if kind != MovementKind.DISTRIBUTION and not reason:
        raise DomainError(
            _("Give the reason for this movement."), field="reason", code=FoodErrors.REASON_REQUIRED
        )
    if kind == MovementKind.DISTRIBUTION and lot.expires_on < today:
        if lot.date_kind == DateKind.USE_BY:
            raise DomainError(
                _("Lot %(code)s is past its use-by date and cannot be given out.")
                % {"code": lot.code},
                code=FoodErrors.PAST_USE_BY,
            )
        if lot.checked_on is None or lot.checked_on < lot.expires_on:
            raise DomainError(
                _("Lot %(code)s is past its best-before date: record its check first.")
                % {"code": lot.code},
                code=FoodErrors.BEST_BEFORE_UNCHECKED,
            )
    with transaction.atomic():
        # Conditional update: with the check in the WHERE clause, of two concurrent
        # removals of the last kilos only the first finds the row still matching.
        taken = StockBalance.objects.filter(lot=lot, hub=hub, quantity_kg__gte=quantity_kg).update(
            quantity_kg=F("quantity_kg") - quantity_kg
        )
        if not taken:
            raise DomainError(
                _("Not enough of lot %(code)s in stock at this hub.") % {"code": lot.code},
                field="quantity_kg",
                code=FoodErrors.NOT_ENOUGH_STOCK,
            )
        movement = StockMovement.objects.create(
            lot=lot, hub=hub, kind=kind, quantity_kg=-quantity_kg, reason=reason, actor=actor
        )
        access_log_append(
            actor=actor,
            action=Action.CREATE,
            obj=movement,
            details={"lot": lot.code, "kind": kind, "kg": str(quantity_kg)},
        )
    return movement
