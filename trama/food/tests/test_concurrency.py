import threading
from decimal import Decimal

import pytest
from django.db import connection

from trama.core.errors import DomainError
from trama.food.models import MovementKind, StockBalance
from trama.food.services import stock_remove
from trama.food.tests.factories import lot_at

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_counters_cannot_both_take_the_last_kilos(operator, hub):
    if connection.vendor != "postgresql":
        pytest.fail("this test needs PostgreSQL")
    lot = lot_at(hub, operator, kilos=Decimal("8"))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def counter():
        start.wait()
        try:
            stock_remove(
                actor=operator,
                lot=lot,
                hub=hub,
                kind=MovementKind.DISTRIBUTION,
                quantity_kg=Decimal("8"),
            )
            outcomes.append("taken")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=counter) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "taken"]
    assert StockBalance.objects.get(lot=lot).quantity_kg == 0
    assert lot.movements.filter(kind=MovementKind.DISTRIBUTION).count() == 1
