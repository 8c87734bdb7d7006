"""Demo hubs. The seed page names the Spazi AnCoRe and the two ATC buildings of RI-abitare la
città but gives no address for them: the Spazi AnCoRe and the emporio below are fictitious
(their names end with "(demo)"), and the ATC buildings carry no street address at all.
The two offices of the consortium are real and loaded by migration (offices.csv).
Idempotent: running it again updates the same rows."""

from dataclasses import dataclass

from django.db import transaction

from trama.territory.models import Hub, HubKind, Municipality

# The five municipalities of the consortium, as the demo data of every app names them.
CONSORTIUM_MUNICIPALITIES = ("Collegno", "Grugliasco", "Rivoli", "Rosta", "Villarbasse")


def ancore_space_name(municipality: str) -> str:
    """The name of the fictitious Spazio AnCoRe of `municipality`; the demo projects find their
    hubs by name, so both loaders build it here."""
    return f"Spazio AnCoRe {municipality} (demo)"


@dataclass(frozen=True)
class DemoHub:
    name: str
    kind: str
    municipality: str
    address: str = ""
    postcode: str = ""
    opening_hours: str = ""


def _ancore_space(municipality: str, address: str, postcode: str, opening_hours: str) -> DemoHub:
    return DemoHub(
        ancore_space_name(municipality),
        HubKind.ANCORE_SPACE,
        municipality,
        address,
        postcode,
        opening_hours,
    )


DEMO_HUBS = (
    _ancore_space("Collegno", "Via Roma, 12", "10093", "Lunedì 9:00–12:30\nGiovedì 14:00–17:30"),
    _ancore_space("Grugliasco", "Via Lupo, 8", "10095", "Martedì 9:00–12:30\nVenerdì 14:00–17:30"),
    _ancore_space(
        "Rivoli", "Corso Francia, 40", "10098", "Mercoledì 9:00–12:30\nGiovedì 9:00–12:30"
    ),
    _ancore_space("Rosta", "Piazza del Municipio, 3", "10090", "Martedì 14:00–17:00"),
    _ancore_space("Villarbasse", "Via della Chiesa, 2", "10090", "Venerdì 9:00–12:00"),
    DemoHub(
        "Emporio solidale (demo)",
        HubKind.SOCIAL_GROCERY,
        "Collegno",
        "Via Torino, 25",
        "10093",
        "Martedì e giovedì 15:00–18:30\nSabato 9:00–12:00",
    ),
    # RI-abitare la città: "due palazzine ATC di recente costruzione nei comuni di Collegno e
    # Grugliasco". The seed gives no address, so none is stored.
    DemoHub("Palazzina ATC – Collegno", HubKind.ATC_BUILDING, "Collegno"),
    DemoHub("Palazzina ATC – Grugliasco", HubKind.ATC_BUILDING, "Grugliasco"),
)


@transaction.atomic
def load_demo_hubs() -> dict[str, Hub]:
    """Create or update the demo hubs; returns them by name."""
    municipalities = {
        m.name: m for m in Municipality.objects.filter(name__in={h.municipality for h in DEMO_HUBS})
    }
    hubs = {}
    for demo in DEMO_HUBS:
        hub, _created = Hub.objects.update_or_create(
            municipality=municipalities[demo.municipality],
            name=demo.name,
            defaults={
                "kind": demo.kind,
                "address": demo.address,
                "postcode": demo.postcode,
                "opening_hours": demo.opening_hours,
                "is_active": True,
            },
        )
        hubs[hub.name] = hub
    return hubs
