import datetime
from decimal import Decimal

from trama.food.models import Category, DateKind, Donor, DonorKind, Storage
from trama.food.services import LotInput, donation_receive
from trama.organizations.tests.factories import OrganizationFactory
from trama.territory.models import HubKind
from trama.territory.tests.factories import HubFactory


def grocery(**kwargs):
    return HubFactory(kind=HubKind.SOCIAL_GROCERY, **kwargs)


def donor(**kwargs) -> Donor:
    return Donor.objects.create(
        organization=OrganizationFactory(), kind=kwargs.pop("kind", DonorKind.RETAIL), **kwargs
    )


def lot_input(**kwargs) -> LotInput:
    values = {
        "category": Category.PASTA_RICE,
        "storage": Storage.AMBIENT,
        "date_kind": DateKind.BEST_BEFORE,
        "expires_on": datetime.date.today() + datetime.timedelta(days=30),
        "weight_kg": Decimal("10"),
    }
    values.update(kwargs)
    return LotInput(**values)


def received(actor, hub, *lots: LotInput):
    return donation_receive(
        actor=actor,
        donor=donor(),
        hub=hub,
        received_on=datetime.date.today(),
        transport_document="DDT 12/2026",
        lots=list(lots) or [lot_input()],
    )


def lot_at(hub, actor, kilos: Decimal = Decimal("8")):
    """A lot in stock at any hub, written straight to the tables (the service, which admits
    only social groceries, is tested on its own)."""
    from trama.food.models import Donation, Lot, MovementKind, StockBalance, StockMovement

    donation = Donation.objects.create(
        donor=donor(),
        hub=hub,
        received_on=datetime.date.today(),
        transport_document="DDT 7",
        received_by=actor,
    )
    lot = Lot.objects.create(
        donation=donation,
        code=f"T{donation.pk:06d}",
        category=Category.TINNED,
        storage=Storage.AMBIENT,
        date_kind=DateKind.BEST_BEFORE,
        expires_on=datetime.date.today() + datetime.timedelta(days=60),
        weight_kg=kilos,
    )
    StockMovement.objects.create(
        lot=lot, hub=hub, kind=MovementKind.RECEIPT, quantity_kg=kilos, actor=actor
    )
    StockBalance.objects.create(lot=lot, hub=hub, quantity_kg=kilos)
    return lot
