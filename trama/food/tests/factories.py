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
