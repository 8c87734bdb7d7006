import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.food.models import (
    DateKind,
    Donation,
    HubCapacity,
    Lot,
    MovementKind,
    StockBalance,
    StockMovement,
    Storage,
)
from trama.food.services import donation_receive, lot_check_record, stock_remove
from trama.food.tests.factories import donor, grocery, lot_input, received
from trama.territory.tests.factories import HubFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def _nothing_changed():
    assert Donation.objects.count() == 0
    assert Lot.objects.count() == 0
    assert StockMovement.objects.count() == 0
    assert StockBalance.objects.count() == 0


def test_receipt_writes_lots_ledger_balance_and_log(operator, hub):
    logged = AccessLogEntry.objects.count()
    donation = received(
        operator,
        hub,
        lot_input(weight_kg=Decimal("12.5")),
        lot_input(weight_kg=None, pieces=24, unit_weight_kg=Decimal("0.5")),
    )
    lots = list(donation.lots.order_by("code"))
    assert [lot.weight_kg for lot in lots] == [Decimal("12.5"), Decimal("12")]
    assert lots[0].code != lots[1].code
    assert donation.received_by == operator
    for lot in lots:
        (movement,) = lot.movements.all()
        assert (movement.kind, movement.quantity_kg) == (MovementKind.RECEIPT, lot.weight_kg)
        assert StockBalance.objects.get(lot=lot, hub=hub).quantity_kg == lot.weight_kg
    assert AccessLogEntry.objects.count() == logged + 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"transport_document": "  "}, "documento di trasporto"),
        ({"received_on": TODAY + datetime.timedelta(days=1)}, "futuro"),
        ({"lots": []}, "almeno un lotto"),
        ({"lots": [lot_input(weight_kg=Decimal("0"))]}, "peso"),
        ({"lots": [lot_input(weight_kg=None, pieces=3)]}, "peso"),
        ({"lots": [lot_input(category="caviar")]}, "categoria"),
        ({"lots": [lot_input(storage="warm")]}, "conservazione"),
        (
            {
                "lots": [
                    lot_input(),
                    lot_input(
                        date_kind=DateKind.USE_BY, expires_on=TODAY - datetime.timedelta(days=1)
                    ),
                ]
            },
            "Lotto 2",
        ),
    ],
)
def test_bad_receipts_are_refused_in_italian_and_change_nothing(operator, hub, changes, message):
    values = {
        "actor": operator,
        "donor": donor(),
        "hub": hub,
        "received_on": TODAY,
        "transport_document": "DDT 1",
        "lots": [lot_input()],
    }
    values.update(changes)
    with pytest.raises(DomainError) as error:
        donation_receive(**values)
    assert message in str(error.value)
    _nothing_changed()


def test_receipt_only_at_a_grocery_in_scope(operator, hub):
    elsewhere = grocery()
    with pytest.raises(DomainError, match="fuori"):
        received(operator, elsewhere)
    ancore = HubFactory()
    coordinator = UserFactory()
    grant(coordinator, Role.COORDINATOR, ScopeKind.CONSORTIUM)
    with pytest.raises(DomainError, match="emporio"):
        received(coordinator, ancore)
    _nothing_changed()


def test_capacity_per_storage_type_is_checked(operator, hub):
    HubCapacity.objects.create(hub=hub, storage=Storage.CHILLED, capacity_kg=Decimal("20"))
    received(operator, hub, lot_input(storage=Storage.CHILLED, weight_kg=Decimal("15")))
    # Ambient has no declared limit.
    received(operator, hub, lot_input(storage=Storage.AMBIENT, weight_kg=Decimal("500")))
    with pytest.raises(DomainError, match="20"):
        received(operator, hub, lot_input(storage=Storage.CHILLED, weight_kg=Decimal("6")))
    assert Donation.objects.count() == 2
    received(operator, hub, lot_input(storage=Storage.CHILLED, weight_kg=Decimal("5")))


def _lot(operator, hub, **kwargs) -> Lot:
    return received(operator, hub, lot_input(**kwargs)).lots.get()


def test_distribution_takes_stock_and_refuses_more_than_there_is(operator, hub):
    lot = _lot(operator, hub, weight_kg=Decimal("5"))
    stock_remove(
        actor=operator, lot=lot, hub=hub, kind=MovementKind.DISTRIBUTION, quantity_kg=Decimal("3")
    )
    with pytest.raises(DomainError, match="Quantità insufficiente"):
        stock_remove(
            actor=operator,
            lot=lot,
            hub=hub,
            kind=MovementKind.DISTRIBUTION,
            quantity_kg=Decimal("2.001"),
        )
    assert StockBalance.objects.get(lot=lot).quantity_kg == Decimal("2")
    assert lot.movements.count() == 2
    stock_remove(
        actor=operator, lot=lot, hub=hub, kind=MovementKind.DISTRIBUTION, quantity_kg=Decimal("2")
    )
    assert StockBalance.objects.get(lot=lot).quantity_kg == 0


def test_past_use_by_is_never_distributed(operator, hub):
    lot = _lot(operator, hub, date_kind=DateKind.USE_BY, expires_on=TODAY)
    tomorrow = TODAY + datetime.timedelta(days=1)
    with pytest.raises(DomainError, match="data di scadenza"):
        stock_remove(
            actor=operator,
            lot=lot,
            hub=hub,
            kind=MovementKind.DISTRIBUTION,
            quantity_kg=Decimal("1"),
            today=tomorrow,
        )
    assert lot.movements.count() == 1
    # It can still go to animal feed, with its reason.
    stock_remove(
        actor=operator,
        lot=lot,
        hub=hub,
        kind=MovementKind.DISPOSAL_FEED,
        quantity_kg=Decimal("10"),
        reason="Scaduto",
        today=tomorrow,
    )
    assert StockBalance.objects.get(lot=lot).quantity_kg == 0


def test_past_best_before_only_after_a_recorded_check(operator, hub):
    lot = _lot(operator, hub, date_kind=DateKind.BEST_BEFORE, expires_on=TODAY)
    later = TODAY + datetime.timedelta(days=10)
    remove = {
        "actor": operator,
        "lot": lot,
        "hub": hub,
        "kind": MovementKind.DISTRIBUTION,
        "quantity_kg": Decimal("1"),
        "today": later,
    }
    with pytest.raises(DomainError, match="controllo"):
        stock_remove(**remove)
    lot_check_record(actor=operator, lot=lot, hub=hub, on=later)
    stock_remove(**remove)
    assert StockBalance.objects.get(lot=lot).quantity_kg == Decimal("9")


def test_disposals_and_adjustments_need_a_reason(operator, hub):
    lot = _lot(operator, hub)
    for kind in (MovementKind.DISPOSAL_COMPOST, MovementKind.ADJUSTMENT):
        with pytest.raises(DomainError, match="motivo"):
            stock_remove(actor=operator, lot=lot, hub=hub, kind=kind, quantity_kg=Decimal("1"))
    with pytest.raises(DomainError, match="zero"):
        stock_remove(
            actor=operator, lot=lot, hub=hub, kind=MovementKind.DISTRIBUTION, quantity_kg=Decimal(0)
        )
    assert lot.movements.count() == 1


def test_stock_outside_scope_cannot_be_touched(operator, hub):
    other_operator = UserFactory()
    other = grocery()
    grant(other_operator, Role.OPERATOR, ScopeKind.HUB, other.pk)
    lot = _lot(operator, hub)
    with pytest.raises(DomainError, match="fuori"):
        stock_remove(
            actor=other_operator,
            lot=lot,
            hub=hub,
            kind=MovementKind.DISTRIBUTION,
            quantity_kg=Decimal("1"),
        )
    assert StockBalance.objects.get(lot=lot).quantity_kg == Decimal("10")


def test_database_refuses_negative_balance_and_signless_ledger_rows(operator, hub):
    lot = _lot(operator, hub)
    with pytest.raises(IntegrityError), transaction.atomic():
        StockBalance.objects.filter(lot=lot).update(quantity_kg=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(
            lot=lot,
            hub=hub,
            kind=MovementKind.DISTRIBUTION,
            quantity_kg=Decimal("2"),
            actor=operator,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(
            lot=lot,
            hub=hub,
            kind=MovementKind.DISPOSAL_FEED,
            quantity_kg=Decimal("-2"),
            actor=operator,
        )
