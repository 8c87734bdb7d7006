"""Demo data of Solidarietà Alimentare: two fictitious donors (a supermarket and a market),
the emporio's capacities, and a few donations received through the services, with lots in
every storage type, one near its use-by date, one past its best-before with its check, a
distribution and a disposal. Idempotent: once the emporio holds the demo donations, running
it again changes nothing."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trama.accounts.models import User
from trama.food.models import (
    Category,
    DateKind,
    Donation,
    Donor,
    DonorKind,
    HubCapacity,
    Lot,
    MovementKind,
    Storage,
)
from trama.food.services import LotInput, donation_receive, lot_check_record, stock_remove
from trama.organizations.demo import demo_fiscal_code
from trama.organizations.models import LegalForm, Organization, OrganizationKind
from trama.organizations.services import organization_create
from trama.territory.models import Hub, HubKind, Municipality

# (name, municipality, postcode, donor kind, seed of the generated codice fiscale)
DEMO_DONORS = (
    ("Supermercato Il Paniere (demo)", "Collegno", "10093", DonorKind.RETAIL, 901),
    ("Mercato ortofrutticolo di Grugliasco (demo)", "Grugliasco", "10095", DonorKind.PRODUCER, 902),
)
CAPACITIES_KG = {
    Storage.AMBIENT: Decimal("2000"),
    Storage.CHILLED: Decimal("300"),
    Storage.FROZEN: Decimal("200"),
}
# The demo's transport documents: finding the first one means the demo is already loaded.
DOCUMENTS = ("DDT 2026/0412", "DDT 2026/0413")


def _donors() -> list[Donor]:
    donors = []
    for name, municipality, postcode, kind, seed in DEMO_DONORS:
        organization = Organization.objects.filter(name=name).first()
        if organization is None:
            organization = organization_create(
                actor=None,
                check_permission=False,
                name=name,
                kind=OrganizationKind.OTHER,
                legal_form=LegalForm.OTHER,
                municipality=Municipality.objects.get(name=municipality),
                municipalities_served=[Municipality.objects.get(name=municipality)],
                fiscal_code=demo_fiscal_code(seed),
                is_demo=True,
                postcode=postcode,
            )
        donor, _created = Donor.objects.get_or_create(
            organization=organization, defaults={"kind": kind}
        )
        donors.append(donor)
    return donors


@transaction.atomic
def load_demo_food(*, hubs: list[Hub], actor: User) -> list[Donation]:
    """Load the food demo at the first social grocery of `hubs`, received by `actor` (one of
    its operators). Returns the demo donations."""
    donors = _donors()
    groceries = [hub for hub in hubs if hub.kind == HubKind.SOCIAL_GROCERY]
    for hub in groceries:
        for storage, kilos in CAPACITIES_KG.items():
            HubCapacity.objects.get_or_create(
                hub=hub, storage=storage, defaults={"capacity_kg": kilos}
            )
    if not groceries:
        return []
    hub = groceries[0]
    existing = list(Donation.objects.filter(hub=hub, transport_document__in=DOCUMENTS))
    if existing:
        return existing
    today = timezone.localdate()
    days = datetime.timedelta
    supermarket = donation_receive(
        actor=actor,
        donor=donors[0],
        hub=hub,
        received_on=today - days(2),
        transport_document=DOCUMENTS[0],
        lots=[
            LotInput(
                Category.DAIRY,
                Storage.CHILLED,
                DateKind.USE_BY,
                today + days(2),
                Decimal("18.5"),
                description="Yogurt bianco",
            ),
            LotInput(
                Category.PASTA_RICE,
                Storage.AMBIENT,
                DateKind.BEST_BEFORE,
                today + days(240),
                pieces=120,
                unit_weight_kg=Decimal("0.5"),
                description="Pasta di semola",
            ),
            LotInput(
                Category.MEAT_FISH,
                Storage.FROZEN,
                DateKind.USE_BY,
                today + days(90),
                Decimal("25"),
                description="Filetti di merluzzo surgelati",
            ),
        ],
    )
    market = donation_receive(
        actor=actor,
        donor=donors[1],
        hub=hub,
        received_on=today - days(1),
        transport_document=DOCUMENTS[1],
        lots=[
            LotInput(
                Category.FRUIT_VEG,
                Storage.CHILLED,
                DateKind.BEST_BEFORE,
                today + days(5),
                Decimal("40"),
                description="Mele e pere",
            ),
            LotInput(
                Category.TINNED,
                Storage.AMBIENT,
                DateKind.BEST_BEFORE,
                today - days(10),
                Decimal("30"),
                description="Pelati in scatola",
            ),
        ],
    )
    lots = {lot.description: lot for lot in Lot.objects.filter(donation__in=[supermarket, market])}
    # Past its best-before, the tinned lot is checked before any of it is given out.
    lot_check_record(actor=actor, lot=lots["Pelati in scatola"], hub=hub, on=today)
    stock_remove(
        actor=actor,
        lot=lots["Pasta di semola"],
        hub=hub,
        kind=MovementKind.DISTRIBUTION,
        quantity_kg=Decimal("12"),
    )
    stock_remove(
        actor=actor,
        lot=lots["Mele e pere"],
        hub=hub,
        kind=MovementKind.DISPOSAL_COMPOST,
        quantity_kg=Decimal("4.5"),
        reason="Frutta ammaccata, non distribuibile",
    )
    return [supermarket, market]
