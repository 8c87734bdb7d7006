"""Demo organisations: the actors named by the seed page (reference_data/actors.csv) and about
twenty fictitious ETS of the five municipalities, so the registry has something to page through.

Only the consortium's identifiers are real (from its own page). Every other organisation gets a
generated, valid-looking codice fiscale and `is_demo=True`; the fictitious ones use `.example`
addresses. Idempotent: an organisation that already exists by name is left as it is.
"""

from dataclasses import dataclass, field

from django.db import transaction
from stdnum import luhn

from trama.core.reference_data import read_reference_csv
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.organizations.services import organization_create
from trama.territory.demo import CONSORTIUM_MUNICIPALITIES
from trama.territory.models import Municipality

CONSORTIUM_NAME = "Consorzio Ovest Solidale"
ALL_FIVE = CONSORTIUM_MUNICIPALITIES
POSTCODES = {
    "Collegno": "10093",
    "Grugliasco": "10095",
    "Rivoli": "10098",
    "Rosta": "10090",
    "Villarbasse": "10090",
}

LEGAL_FORM_OF_HINT = {
    "consorzio di comuni (servizi socio-assistenziali)": LegalForm.CONSORTIUM,
    "comune": LegalForm.MUNICIPALITY,
    "azienda sanitaria locale": LegalForm.HEALTH_AUTHORITY,
    "agenzia territoriale per la casa": LegalForm.HOUSING_AGENCY,
    "città metropolitana": LegalForm.METROPOLITAN_CITY,
    "fondazione": LegalForm.FOUNDATION,
    "cooperativa sociale": LegalForm.SOCIAL_COOPERATIVE,
    "associazione (volontariato / promozione sociale)": LegalForm.VOLUNTEER_ORG,
    "associazione": LegalForm.ASSOCIATION,
    "community group (named 'associazione' in the seed)": LegalForm.INFORMAL_GROUP,
}
RUNTS_SECTION_OF_FORM = {
    LegalForm.VOLUNTEER_ORG: "a",
    LegalForm.SOCIAL_PROMOTION: "b",
    LegalForm.SOCIAL_COOPERATIVE: "d",
    LegalForm.SOCIAL_ENTERPRISE: "d",
    LegalForm.MUTUAL_AID: "f",
}


@dataclass(frozen=True)
class DemoOrganization:
    name: str
    legal_form: str
    municipality: str = ""  # seat, one of ALL_FIVE (or empty)
    sectors: str = ""  # letters of art. 5 CTS
    served: tuple[str, ...] = ()  # municipality names; empty: the seat's
    kind: str = OrganizationKind.ETS
    address: str = ""
    extra: dict[str, str] = field(default_factory=dict)


# What the seed page says each actor does, as sectors and municipalities served.
SEED_ACTOR_DETAILS = {
    CONSORTIUM_NAME: {"sectors": "a", "served": ALL_FIVE},
    "Comune di Collegno": {"sectors": "a"},
    "Comune di Grugliasco": {"sectors": "a"},
    "Comune di Rivoli": {"sectors": "a"},
    "Comune di Rosta": {"sectors": "a"},
    "Comune di Villarbasse": {"sectors": "a"},
    "ASL TO3": {"sectors": "b c", "served": ALL_FIVE},
    "ATC del Piemonte Centrale": {
        "sectors": "q",
        "served": ("Collegno", "Grugliasco"),
        "city": "Torino",
    },
    "Città Metropolitana di Torino": {"sectors": "", "served": ALL_FIVE, "city": "Torino"},
    "Compagnia di San Paolo": {"sectors": "u", "served": ALL_FIVE, "city": "Torino"},
    "Gruppo Arco": {"sectors": "a c", "served": ALL_FIVE, "website": "https://gruppoarco.org/"},
    "Auser Grugliasco": {"sectors": "a i w"},
    "UniTre Grugliasco - Università della Terza Età": {"sectors": "d i"},
    "C46": {"sectors": "i w"},
}

CONSORTIUM_IDENTIFIERS = {
    "fiscal_code": "95546580010",
    "vat_number": "07477280015",
    "address": "Via Nuova Collegiata, 5",
    "postcode": "10098",
    "phone": "+39 0119501401",
}

FICTITIOUS = (
    DemoOrganization(
        "Associazione Il Melograno ODV",
        LegalForm.VOLUNTEER_ORG,
        "Collegno",
        "a u",
        address="Via Torino, 41",
    ),
    DemoOrganization(
        "Cooperativa Sociale La Tessitura",
        LegalForm.SOCIAL_COOPERATIVE,
        "Collegno",
        "a p",
        ("Collegno", "Grugliasco"),
        address="Corso Francia, 212",
    ),
    DemoOrganization(
        "Borgata Paradiso Insieme APS",
        LegalForm.SOCIAL_PROMOTION,
        "Collegno",
        "i w",
        address="Via Bussoleno, 7",
    ),
    DemoOrganization(
        "Pane Condiviso ODV",
        LegalForm.VOLUNTEER_ORG,
        "Collegno",
        "u",
        address="Via Martiri XXX Aprile, 18",
    ),
    DemoOrganization(
        "Scuola di Italiano per Tutti APS",
        LegalForm.SOCIAL_PROMOTION,
        "Collegno",
        "d r",
        ("Collegno", "Grugliasco", "Rivoli"),
    ),
    DemoOrganization(
        "Cooperativa Sociale Casa Aperta", LegalForm.SOCIAL_COOPERATIVE, "Collegno", "q r", ALL_FIVE
    ),
    DemoOrganization(
        "Donne in Rete Grugliasco APS",
        LegalForm.SOCIAL_PROMOTION,
        "Grugliasco",
        "w r",
        address="Via Olevano, 22",
    ),
    DemoOrganization(
        "Cooperativa Sociale Il Filo d'Erba",
        LegalForm.SOCIAL_COOPERATIVE,
        "Grugliasco",
        "a s",
        ("Grugliasco", "Rivoli"),
    ),
    DemoOrganization(
        "Polisportiva Le Serre", LegalForm.ASSOCIATION, "Grugliasco", "t", address="Via Lanza, 31"
    ),
    DemoOrganization(
        "Impresa Sociale Cucina Comune",
        LegalForm.SOCIAL_ENTERPRISE,
        "Grugliasco",
        "p u",
        ("Grugliasco", "Collegno"),
    ),
    DemoOrganization(
        "Amici del Castello di Rivoli APS",
        LegalForm.SOCIAL_PROMOTION,
        "Rivoli",
        "f i",
        address="Via Piol, 9",
    ),
    DemoOrganization(
        "Società di Mutuo Soccorso La Fratellanza Rivolese",
        LegalForm.MUTUAL_AID,
        "Rivoli",
        "w",
        address="Via Fratelli Macario, 14",
    ),
    DemoOrganization(
        "Cooperativa Sociale Nuovi Orizzonti",
        LegalForm.SOCIAL_COOPERATIVE,
        "Rivoli",
        "p a",
        ("Rivoli", "Rosta", "Villarbasse"),
    ),
    DemoOrganization(
        "Emporio Solidale Rivoli ODV",
        LegalForm.VOLUNTEER_ORG,
        "Rivoli",
        "u",
        ("Rivoli", "Rosta", "Villarbasse"),
        address="Corso Susa, 128",
    ),
    DemoOrganization("Genitori in Cammino APS", LegalForm.SOCIAL_PROMOTION, "Rivoli", "l d"),
    DemoOrganization(
        "Rosta in Festa APS",
        LegalForm.SOCIAL_PROMOTION,
        "Rosta",
        "i k",
        address="Piazza Vittorio Emanuele II, 3",
    ),
    DemoOrganization("Rosta Solidale ODV", LegalForm.VOLUNTEER_ORG, "Rosta", "u a"),
    DemoOrganization(
        "Anziani Attivi Villarbasse APS",
        LegalForm.SOCIAL_PROMOTION,
        "Villarbasse",
        "i w",
        address="Via San Martino, 5",
    ),
    DemoOrganization(
        "Volontari di Protezione Civile Villarbasse ODV",
        LegalForm.VOLUNTEER_ORG,
        "Villarbasse",
        "y",
    ),
    DemoOrganization("Orti Condivisi Villarbasse", LegalForm.INFORMAL_GROUP, "Villarbasse", "s e"),
    DemoOrganization(
        "Fondazione Comunità Ovest Torino", LegalForm.FOUNDATION, "Rivoli", "u", ALL_FIVE
    ),
    DemoOrganization(
        "Rete delle Associazioni dell'Ovest APS",
        LegalForm.SOCIAL_PROMOTION,
        "Grugliasco",
        "m w",
        ALL_FIVE,
    ),
)


def demo_fiscal_code(seed: int) -> str:
    """An 11-digit codice fiscale with a correct check digit, for demo records only."""
    body = f"97{seed % 10**5:05d}001"  # 9: non-commercial entity; 001: a valid tax office code
    return body + luhn.calc_check_digit(body)


def _slug(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())[:30]


def _planned() -> list[tuple[int, DemoOrganization, dict[str, object]]]:
    """(seed of the generated codice fiscale, organisation, fields beyond the spec)."""
    planned = []
    for seed, row in enumerate(read_reference_csv("actors.csv"), start=1):
        details = SEED_ACTOR_DETAILS.get(row["name"], {})
        spec = DemoOrganization(
            name=row["name"],
            kind=row["kind"],
            legal_form=LEGAL_FORM_OF_HINT.get(row["legal_form_hint"], LegalForm.OTHER),
            municipality=row["municipality"],
            sectors=details.get("sectors", ""),
            served=details.get("served", ()),
        )
        extra = {key: value for key, value in details.items() if key in ("website", "city")}
        if spec.name == CONSORTIUM_NAME:
            extra = {**CONSORTIUM_IDENTIFIERS, "is_demo": False}
        planned.append((seed, spec, extra))
    for seed, spec in enumerate(FICTITIOUS, start=100):
        domain = f"{_slug(spec.name)}.example"
        planned.append(
            (seed, spec, {"email": f"info@{domain}", "website": f"https://www.{domain}/"})
        )
    return planned


@transaction.atomic
def load_demo_organizations() -> dict[str, Organization]:
    """Create the demo organisations that are missing; return them all by name."""
    planned = _planned()
    existing = {
        o.name: o
        for o in Organization.objects.filter(name__in=[spec.name for _, spec, _ in planned])
    }
    municipalities = {m.name: m for m in Municipality.objects.filter(name__in=ALL_FIVE)}
    sectors = {s.code: s for s in ActivitySector.objects.all()}
    sections = {s.code: s for s in RuntsSection.objects.all()}
    result = {}
    for seed, spec, extra in planned:
        if spec.name in existing:
            result[spec.name] = existing[spec.name]
            continue
        section = (
            RUNTS_SECTION_OF_FORM.get(spec.legal_form)
            if spec.kind == OrganizationKind.ETS
            else None
        )
        fields = {
            "fiscal_code": demo_fiscal_code(seed),
            "is_demo": True,
            "runts_section": sections[section] if section else None,
            "runts_number": f"{seed + 1000}" if section else "",
            "address": spec.address,
            "postcode": POSTCODES.get(spec.municipality, ""),
        } | extra
        result[spec.name] = organization_create(
            actor=None,
            check_permission=False,
            name=spec.name,
            kind=spec.kind,
            legal_form=spec.legal_form,
            municipality=municipalities.get(spec.municipality),
            sectors=[sectors[letter] for letter in spec.sectors.split()],
            municipalities_served=[
                municipalities[name] for name in (spec.served or (spec.municipality,)) if name
            ],
            **fields,
        )
    return result
