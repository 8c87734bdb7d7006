import datetime

import pytest
from django.utils import timezone

from trama.demo.loader import load_demo
from trama.food.models import (
    DateKind,
    Donation,
    HubCapacity,
    Lot,
    MovementKind,
    StockMovement,
    Storage,
)
from trama.territory.models import Hub, HubKind

pytestmark = pytest.mark.django_db


def test_the_demo_stocks_the_emporio_through_the_services():
    load_demo()
    emporio = Hub.objects.get(kind=HubKind.SOCIAL_GROCERY, name="Emporio solidale (demo)")
    today = timezone.localdate()
    assert set(HubCapacity.objects.filter(hub=emporio).values_list("storage", flat=True)) == set(
        Storage.values
    )
    lots = Lot.objects.filter(donation__hub=emporio)
    assert set(lots.values_list("storage", flat=True)) == set(Storage.values)
    assert lots.filter(
        date_kind=DateKind.USE_BY, expires_on__lte=today + datetime.timedelta(days=3)
    ).exists()
    past = lots.get(date_kind=DateKind.BEST_BEFORE, expires_on__lt=today)
    assert past.checked_on is not None and past.checked_by is not None
    kinds = set(StockMovement.objects.filter(hub=emporio).values_list("kind", flat=True))
    assert {MovementKind.RECEIPT, MovementKind.DISTRIBUTION, MovementKind.DISPOSAL_COMPOST} <= kinds
    for lot in lots:
        moved = sum(m.quantity_kg for m in lot.movements.all())
        assert lot.balances.get(hub=emporio).quantity_kg == moved
    # The operator of the emporio received them.
    assert {d.received_by.username for d in Donation.objects.filter(hub=emporio)} == {
        "operatore_emporio"
    }


def test_loading_the_demo_again_adds_no_stock():
    load_demo()
    counts = (Donation.objects.count(), Lot.objects.count(), StockMovement.objects.count())
    load_demo()
    assert (Donation.objects.count(), Lot.objects.count(), StockMovement.objects.count()) == counts
