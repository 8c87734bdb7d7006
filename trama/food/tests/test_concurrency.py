import threading
from decimal import Decimal

import pytest
from django.db import connection

from trama.core.errors import DomainError
from trama.food.models import MovementKind, StockBalance
from trama.food.services import stock_remove
from trama.food.tests.factories import lot_at
from trama.territory.models import Hub, Municipality
from trama.territory.reference import load_reference_territory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def reference_territory(transactional_db):
    # A transactional test before this one may have flushed the reference rows that the
    # migrations load; the hub needs its municipality.
    load_reference_territory(Municipality, Hub)


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
