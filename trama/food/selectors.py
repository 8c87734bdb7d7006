"""Reads of the food stock, scoped by hub: operators see their hubs' stock, the consortium's
roles every hub's; other roles never see it (403)."""

import datetime

from django.db.models import QuerySet

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.food.capabilities import READ_STOCK
from trama.food.models import Donor, Lot, StockBalance, StockMovement
from trama.territory.models import Hub, HubKind

# Lots expiring within this many days are highlighted and offered first.
NEAR_EXPIRY_DAYS = 3


def food_hub_scope(user: User) -> set[int] | None:
    """The hubs whose stock `user` reads; None means every hub."""
    READ_STOCK.require(user)
    if user.has_any_role(Role.COORDINATOR, Role.SUPERVISOR) or user.has_consortium_role(
        Role.OPERATOR
    ):
        return None
    return user.scope_ids(Role.OPERATOR, ScopeKind.HUB)


def grocery_hubs(*, user: User) -> QuerySet[Hub]:
    """The social groceries (empori) in the user's scope."""
    hubs = food_hub_scope(user)
    qs = Hub.objects.filter(kind=HubKind.SOCIAL_GROCERY, is_active=True)
    return qs if hubs is None else qs.filter(pk__in=hubs)


def grocery_hub_get(*, user: User, pk: int) -> Hub:
    return grocery_hubs(user=user).get(pk=pk)


def donor_list() -> QuerySet[Donor]:
    return Donor.objects.filter(is_active=True).select_related("organization")


def stock_list(
    *, user: User, hub_id: int | None = None, today: datetime.date | None = None
) -> QuerySet[StockBalance]:
    """What is in stock, first expiring first (FEFO), with `near_expiry` on each row."""
    hubs = food_hub_scope(user)
    qs = StockBalance.objects.filter(quantity_kg__gt=0).select_related(
        "lot", "lot__donation__donor__organization", "hub"
    )
    if hubs is not None:
        qs = qs.filter(hub_id__in=hubs)
    if hub_id is not None:
        qs = qs.filter(hub_id=hub_id)
    return qs.order_by("lot__expires_on", "lot__code")


def is_near_expiry(balance: StockBalance, today: datetime.date) -> bool:
    return balance.lot.expires_on <= today + datetime.timedelta(days=NEAR_EXPIRY_DAYS)


def lot_get(*, user: User, pk: int) -> Lot:
    """A lot that is or was in stock at a hub in the user's scope."""
    hubs = food_hub_scope(user)
    qs = Lot.objects.select_related("donation__donor__organization", "donation__hub")
    if hubs is not None:
        qs = qs.filter(balances__hub_id__in=hubs).distinct()
    return qs.get(pk=pk)


def lot_balances(*, user: User, lot: Lot) -> QuerySet[StockBalance]:
    hubs = food_hub_scope(user)
    qs = lot.balances.select_related("hub")
    return qs if hubs is None else qs.filter(hub_id__in=hubs)


def lot_movements(*, user: User, lot: Lot) -> QuerySet[StockMovement]:
    hubs = food_hub_scope(user)
    qs = lot.movements.select_related("hub", "actor")
    return qs if hubs is None else qs.filter(hub_id__in=hubs)
