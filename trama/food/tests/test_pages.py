import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.core.testing import assert_query_budget
from trama.food import selectors
from trama.food.models import Donation, StockBalance
from trama.food.tests.factories import donor, grocery, lot_at, lot_input, received

pytestmark = pytest.mark.django_db


def test_stock_is_scoped_by_hub_and_first_expiring_first(operator, hub):
    late = received(operator, hub, lot_input(expires_on=datetime.date.today().replace(year=2099)))
    early = received(operator, hub, lot_input(expires_on=datetime.date.today()))
    other = lot_at(grocery(), operator)
    rows = list(selectors.stock_list(user=operator))
    assert [row.lot for row in rows] == [early.lots.get(), late.lots.get()]
    assert selectors.is_near_expiry(rows[0], datetime.date.today())
    assert not selectors.is_near_expiry(rows[1], datetime.date.today())
    with pytest.raises(selectors.Lot.DoesNotExist):
        selectors.lot_get(user=operator, pk=other.pk)
    coordinator = UserFactory()
    grant(coordinator, Role.COORDINATOR, ScopeKind.CONSORTIUM)
    assert selectors.stock_list(user=coordinator).count() == 3
    ets = UserFactory()
    grant(ets, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, donor().organization.pk)
    with pytest.raises(PermissionDenied):
        selectors.stock_list(user=ets)


def test_donation_received_through_the_page(client, operator, hub):
    client.force_login(operator)
    giver = donor()
    data = {
        "donor": giver.pk,
        "hub": hub.pk,
        "received_on": datetime.date.today().isoformat(),
        "transport_document": "DDT 44",
        "category": "dairy",
        "storage": "chilled",
        "date_kind": "use_by",
        "expires_on": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "weight_kg": "4",
    }
    refused = client.post(reverse("food:donation_create"), data)
    assert refused.status_code == 200
    assert "oltre la data di scadenza" in refused.content.decode()
    assert Donation.objects.count() == 0
    data["expires_on"] = datetime.date.today().isoformat()
    response = client.post(reverse("food:donation_create"), data)
    lot = Donation.objects.get().lots.get()
    assert response.url == reverse("food:lot_detail", args=[lot.pk])
    assert StockBalance.objects.get(lot=lot).quantity_kg == Decimal("4")
    page = client.get(reverse("food:stock_list")).content.decode()
    assert lot.code in page and "In scadenza" in page


def _count(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_stock_list_queries_do_not_grow(client, operator, hub):
    client.force_login(operator)
    url = reverse("food:stock_list")
    for _ in range(2):
        lot_at(hub, operator)
    few = _count(client, url)
    for _ in range(8):
        lot_at(hub, operator)
    many = _count(client, url)
    assert_query_budget(few, many, budget=12, label="food stock list")
