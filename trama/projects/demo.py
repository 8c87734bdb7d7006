"""The five projects of the seed page (Consorzio Ovest Solidale, "Welfare di Comunità"), with
the Italian text of the page and an English translation.

What the seed does not say is left empty: no dates except RI-abitare la città's years (the
seed says "2020 e 2021": the dates are the first and last day of those years), no amounts,
no lead partner, no Nomenclatore codes (the seed gives none, and no code of the national
Nomenclatore of social services was checked against the official list, so `nomenclature_code`
stays empty). Statuses follow the seed's tenses (RI-abitare is over, the Cittadella is being
co-designed, the others are described in the present). The Spazi AnCoRe and the emporio are
the fictitious demo hubs of `trama.territory.demo`. Idempotent: rows are found by slug, code
or name and updated, never duplicated.
"""

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from trama.organizations.demo import CONSORTIUM_NAME
from trama.organizations.models import Organization
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    Service,
    TargetGroup,
)
from trama.territory.demo import CONSORTIUM_MUNICIPALITIES, ancore_space_name, load_demo_hubs
from trama.territory.models import Municipality

# code: (Italian label, English label)
TARGET_GROUPS = {
    "over-65": ("Persone over 65", "People over 65"),
    "fragilita-socio-economica": (
        "Persone in condizioni di fragilità sociale ed economica",
        "People in social and economic hardship",
    ),
    "nuclei-familiari": ("Nuclei familiari", "Households"),
    "anziani-soli": (
        "Anziani soli o con reti familiari e amicali fragili",
        "Older people living alone or with fragile family and friendship networks",
    ),
    "inquilini-atc": ("Inquilini delle case ATC", "Tenants of social housing (ATC)"),
    "cittadinanza": ("Tutta la cittadinanza", "All citizens"),
}


@dataclass(frozen=True)
class DemoService:
    name: str
    name_en: str


@dataclass(frozen=True)
class DemoProject:
    slug: str
    name: str
    position: int
    status: str
    summary: str
    summary_en: str
    description: str
    description_en: str
    eligibility: str
    eligibility_en: str
    parent: str = ""  # slug
    target_groups: tuple[str, ...] = ()
    municipalities: tuple[str, ...] = ()
    hubs: tuple[str, ...] = ()
    partners: tuple[tuple[str, str], ...] = ()  # (organisation name, PartnerRole)
    funding: tuple[tuple[str, str], ...] = ()  # (call or programme, funder's name)
    services: tuple[DemoService, ...] = ()
    start_date: date | None = None
    end_date: date | None = None
    website: str = ""


ANCORE_HUBS = tuple(ancore_space_name(name) for name in CONSORTIUM_MUNICIPALITIES)

FOOD_SOLIDARITY_ELIGIBILITY = (
    "Persone e nuclei familiari seguiti dal Consorzio, in condizioni di fragilità sociale ed "
    "economica."
)
FOOD_SOLIDARITY_ELIGIBILITY_EN = (
    "People and households followed by the consortium, in social and economic hardship."
)


def _food_solidarity_experience(
    *, slug: str, name: str, position: int, call: str, call_en: str, funding: tuple[str, str]
) -> DemoProject:
    """One of the two experiences grouped under Solidarietà Alimentare: the seed tells them
    apart only by the call that funded them (`call`: "bando …", `call_en`: "a/the … call")."""
    return DemoProject(
        slug=slug,
        name=name,
        parent="solidarieta-alimentare",
        position=position,
        status=ProjectStatus.ACTIVE,
        summary=f"Esperienza di Solidarietà Alimentare nata dal {call}.",
        summary_en=f"A Solidarietà Alimentare experience born from {call_en}.",
        description=(
            f"“{name}” è una delle esperienze da cui sono nati i progetti di Solidarietà "
            f"Alimentare, grazie al {call}.\n\n"
            "Le sue finalità sono creare buone prassi di economia circolare, lotta allo spreco "
            "alimentare e inclusione sociale. Il Consorzio crea una connessione con i beneficiari "
            "seguiti, per offrire occasioni di inclusione e una rete di prossimità alle persone e ai "
            "nuclei familiari coinvolti."
        ),
        description_en=(
            f"“{name}” is one of the experiences from which the Solidarietà Alimentare projects "
            f"were born, thanks to {call_en}.\n\n"
            "Its aims are to create good practices of circular economy, of fighting food waste and of "
            "social inclusion. The consortium connects it with the people it follows, to offer "
            "opportunities for inclusion and a local support network to the people and households "
            "involved."
        ),
        eligibility=FOOD_SOLIDARITY_ELIGIBILITY,
        eligibility_en=FOOD_SOLIDARITY_ELIGIBILITY_EN,
        target_groups=("fragilita-socio-economica", "nuclei-familiari"),
        partners=((CONSORTIUM_NAME, PartnerRole.PARTNER),),
        funding=(funding,),
    )


PROJECTS = (
    DemoProject(
        slug="ancore-well-fare-fare-bene",
        name="An.Co.Re. - Well Fare Fare Bene",
        position=10,
        status=ProjectStatus.ACTIVE,
        summary=(
            "Avvicinare i cittadini ai servizi del territorio e renderli più fruibili, attivando le "
            "risorse locali per rispondere ai bisogni dei cittadini over 65 e fragili."
        ),
        summary_en=(
            "Bringing citizens closer to local services and making them easier to use, by mobilising "
            "local resources to meet the needs of citizens over 65 and of vulnerable people."
        ),
        description=(
            "Progetto nato per avvicinare i cittadini ai servizi del territorio e renderli maggiormente "
            "fruibili, attivando le risorse locali per rispondere ai bisogni dei cittadini over 65 e "
            "fragili.\n\n"
            "L’intervento è caratterizzato dalla presenza di alcuni presidi territoriali, denominati "
            "“Spazi AnCoRe”, nei quali gli operatori sociali svolgono un lavoro di ascolto, orientamento "
            "e supporto ai nuclei familiari.\n\n"
            "Il progetto è gestito da un’équipe multidisciplinare di facilitatori che ha il compito di "
            "animare questi spazi in collaborazione con le associazioni locali."
        ),
        description_en=(
            "A project started to bring citizens closer to local services and make them easier to use, "
            "by mobilising local resources to meet the needs of citizens over 65 and of vulnerable "
            "people.\n\n"
            "Its hallmark is a set of local hubs, called “Spazi AnCoRe” (AnCoRe Spaces), where social "
            "workers listen to households, guide them and support them.\n\n"
            "The project is run by a multidisciplinary team of facilitators whose task is to bring these "
            "spaces to life together with local associations."
        ),
        eligibility="Cittadini over 65 e persone in condizione di fragilità, con i loro nuclei familiari.",
        eligibility_en="Citizens over 65 and vulnerable people, with their households.",
        target_groups=("over-65", "fragilita-socio-economica", "nuclei-familiari"),
        # The seed does not say where the Spazi AnCoRe are: the demo puts one (fictitious) in
        # each municipality of the consortium.
        municipalities=CONSORTIUM_MUNICIPALITIES,
        hubs=ANCORE_HUBS,
        partners=((CONSORTIUM_NAME, PartnerRole.PARTNER),),
        services=(
            DemoService("Ascolto", "Listening"),
            DemoService("Orientamento ai servizi del territorio", "Guidance to local services"),
            DemoService("Supporto ai nuclei familiari", "Support to households"),
            DemoService(
                "Animazione degli Spazi AnCoRe con le associazioni locali",
                "Running the AnCoRe Spaces together with local associations",
            ),
        ),
    ),
    DemoProject(
        slug="solidarieta-alimentare",
        name="Solidarietà Alimentare",
        position=20,
        status=ProjectStatus.ACTIVE,
        summary=(
            "L’etichetta che riunisce i progetti nati dalle esperienze “Top Metro Fa Bene” e “Food "
            "Pride XL”: economia circolare, lotta allo spreco alimentare e inclusione sociale."
        ),
        summary_en=(
            "The label that brings together the projects born from the “Top Metro Fa Bene” and “Food "
            "Pride XL” experiences: circular economy, fighting food waste and social inclusion."
        ),
        description=(
            "“Solidarietà Alimentare” è l’etichetta nella quale sono racchiusi i progetti nati grazie "
            "alle esperienze “Top Metro Fa Bene” (bando della Città Metropolitana) e “Food Pride XL” "
            "(bando BxB della Compagnia di San Paolo).\n\n"
            "La finalità di queste esperienze è creare buone prassi di economia circolare, lotta allo "
            "spreco alimentare e inclusione sociale.\n\n"
            "Il ruolo del Consorzio in questi progetti è creare una connessione con i beneficiari "
            "seguiti, al fine di creare occasioni di inclusione e una rete di prossimità per le persone "
            "e i nuclei familiari coinvolti."
        ),
        description_en=(
            "“Solidarietà Alimentare” (food solidarity) is the label that brings together the projects "
            "born from the “Top Metro Fa Bene” experience (a call of the Metropolitan City of Turin) and "
            "the “Food Pride XL” experience (the BxB call of the Compagnia di San Paolo).\n\n"
            "The aim of these experiences is to create good practices of circular economy, of fighting "
            "food waste and of social inclusion.\n\n"
            "The consortium’s role in these projects is to connect them with the people it follows, so "
            "as to create opportunities for inclusion and a local support network for the people and "
            "households involved."
        ),
        eligibility=FOOD_SOLIDARITY_ELIGIBILITY,
        eligibility_en=FOOD_SOLIDARITY_ELIGIBILITY_EN,
        target_groups=("fragilita-socio-economica", "nuclei-familiari"),
        hubs=("Emporio solidale (demo)",),
        partners=((CONSORTIUM_NAME, PartnerRole.PARTNER),),
        services=(
            DemoService(
                "Collegamento con le persone e i nuclei familiari seguiti dal Consorzio",
                "Connection with the people and households followed by the consortium",
            ),
            DemoService(
                "Occasioni di inclusione e rete di prossimità",
                "Opportunities for inclusion and a local support network",
            ),
        ),
    ),
    _food_solidarity_experience(
        slug="top-metro-fa-bene",
        name="Top Metro Fa Bene",
        position=21,
        call="bando della Città Metropolitana di Torino",
        call_en="a call of the Metropolitan City of Turin",
        funding=("Bando della Città Metropolitana", "Città Metropolitana di Torino"),
    ),
    _food_solidarity_experience(
        slug="food-pride-xl",
        name="Food Pride XL",
        position=22,
        call="bando BxB della Compagnia di San Paolo",
        call_en="the BxB call of the Compagnia di San Paolo",
        funding=("Bando BxB", "Compagnia di San Paolo"),
    ),
    DemoProject(
        slug="ri-abitare-la-citta",
        name="RI-abitare la città",
        position=30,
        status=ProjectStatus.CONCLUDED,
        start_date=date(2020, 1, 1),
        end_date=date(2021, 12, 31),
        summary=(
            "Progetto sperimentale (2020–2021) in due palazzine ATC di recente costruzione a Collegno e "
            "Grugliasco: due mediatori hanno accompagnato l’inserimento di nuclei familiari fragili."
        ),
        summary_en=(
            "An experimental project (2020–2021) in two newly built ATC social-housing buildings in "
            "Collegno and Grugliasco: two mediators helped vulnerable households settle in."
        ),
        description=(
            "Progetto sperimentale sviluppato nel 2020 e 2021 presso due palazzine ATC di recente "
            "costruzione nei comuni di Collegno e Grugliasco.\n\n"
            "La finalità dell’intervento è stata mediare e facilitare l’inserimento di nuclei familiari "
            "interessati da fragilità economiche, sociali e culturali attraverso il lavoro di due "
            "mediatori che, con attività rivolte ai singoli nuclei e al gruppo di condomini, hanno "
            "cercato di supportare le famiglie nel percorso di inclusione.\n\n"
            "Le azioni principali messe in campo sono state: orientamento e conoscenza del territorio; "
            "sviluppo di un rapporto di buon vicinato e mutualità reciproca tra i condomini; momenti di "
            "ascolto attivo e supporto per i nuclei familiari; cura collettiva degli spazi comuni; "
            "incontri e attività aggregative e formative.\n\n"
            "Il progetto ha inoltre avuto il compito di creare un ponte tra soggetti ed enti competenti, "
            "con i mediatori in qualità di snodo e di interconnessione tra realtà istituzionali (Comuni, "
            "Consorzio, ASL TO3, ATC) e gli inquilini beneficiari dell’intervento."
        ),
        description_en=(
            "An experimental project carried out in 2020 and 2021 in two newly built ATC social-housing "
            "buildings in the municipalities of Collegno and Grugliasco.\n\n"
            "Its aim was to mediate and ease the settling-in of households facing economic, social and "
            "cultural hardship, through the work of two mediators who, with activities for each "
            "household and for the group of residents, sought to support the families on their path to "
            "inclusion.\n\n"
            "The main actions were: guidance and getting to know the area; building good-neighbourly "
            "relations and mutual help among the residents; moments of active listening and support for "
            "the households; shared care of the common spaces; meetings and social and training "
            "activities.\n\n"
            "The project also built a bridge between the competent bodies and organisations, with the "
            "mediators acting as the hub connecting the institutions (municipalities, consortium, ASL "
            "TO3, ATC) and the tenants who benefited from the project."
        ),
        eligibility=(
            "Nuclei familiari interessati da fragilità economiche, sociali e culturali, inquilini delle "
            "due palazzine ATC del progetto a Collegno e Grugliasco."
        ),
        eligibility_en=(
            "Households facing economic, social and cultural hardship, tenants of the project’s two ATC "
            "buildings in Collegno and Grugliasco."
        ),
        target_groups=("nuclei-familiari", "inquilini-atc"),
        municipalities=("Collegno", "Grugliasco"),
        hubs=("Palazzina ATC – Collegno", "Palazzina ATC – Grugliasco"),
        partners=(
            ("Comune di Collegno", PartnerRole.INSTITUTION),
            ("Comune di Grugliasco", PartnerRole.INSTITUTION),
            (CONSORTIUM_NAME, PartnerRole.INSTITUTION),
            ("ASL TO3", PartnerRole.INSTITUTION),
            ("ATC del Piemonte Centrale", PartnerRole.INSTITUTION),
        ),
        services=(
            DemoService(
                "Orientamento e conoscenza del territorio", "Guidance and getting to know the area"
            ),
            DemoService(
                "Buon vicinato e mutualità reciproca tra i condomini",
                "Good-neighbourly relations and mutual help among residents",
            ),
            DemoService(
                "Ascolto attivo e supporto per i nuclei familiari",
                "Active listening and support for households",
            ),
            DemoService("Cura collettiva degli spazi comuni", "Shared care of the common spaces"),
            DemoService(
                "Incontri e attività aggregative e formative",
                "Meetings, social and training activities",
            ),
            DemoService(
                "Raccordo tra inquilini ed enti competenti",
                "Link between tenants and the competent bodies",
            ),
        ),
    ),
    DemoProject(
        slug="mi-affido-a-te",
        name="Mi affido a te",
        position=40,
        status=ProjectStatus.ACTIVE,
        website="https://gruppoarco.org/portfolio/mi-affido-a-te/",
        summary=(
            "Affido diurno di anziani ultra 65enni soli o con reti familiari e amicali fragili, da parte "
            "di cittadini selezionati e accompagnati da operatori sociali e psicologi."
        ),
        summary_en=(
            "Daytime foster care of people over 65 who live alone or have fragile family and friendship "
            "networks, by citizens who are selected and supported by social workers and psychologists."
        ),
        description=(
            "Progetto innovativo che si occupa di affido diurno di anziani ultra 65enni soli o con reti "
            "familiari/amicali fragili, anziani con patologie croniche stabilizzate, non in carico alla "
            "UVG, ovvero persone con caratteristiche di fragilità relazionali, fisiche e/o "
            "psicologiche, prive, anche temporaneamente, di aiuti familiari.\n\n"
            "Gli affidatari coinvolti, cittadini che si rendono disponibili per questo ruolo, vengono "
            "selezionati attraverso colloqui individuali e accompagnati nel progetto da operatori "
            "sociali e psicologi attraverso incontri di formazione e supervisione.\n\n"
            "L’iniziativa si sviluppa all’interno di tutti i comuni dell’ambito."
        ),
        description_en=(
            "An innovative project of daytime foster care (affido diurno) for people over 65 who live "
            "alone or whose family and friendship networks are fragile, older people with stabilised "
            "chronic illnesses who are not in the care of the UVG (the geriatric assessment unit), and "
            "people with relational, physical and/or psychological frailties who lack family help, even "
            "temporarily.\n\n"
            "The foster carers (affidatari) are citizens who make themselves available for this role: "
            "they are selected through individual interviews and accompanied throughout the project by "
            "social workers and psychologists, in training and supervision meetings.\n\n"
            "The initiative runs in all the municipalities of the area."
        ),
        eligibility=(
            "Anziani ultra 65enni soli o con reti familiari o amicali fragili; anziani con patologie "
            "croniche stabilizzate, non in carico alla UVG; persone con fragilità relazionali, fisiche "
            "e/o psicologiche, prive, anche temporaneamente, di aiuti familiari.\n\n"
            "I cittadini che si rendono disponibili come affidatari vengono selezionati attraverso "
            "colloqui individuali."
        ),
        eligibility_en=(
            "People over 65 who live alone or have fragile family or friendship networks; older people "
            "with stabilised chronic illnesses who are not in the care of the UVG; people with "
            "relational, physical and/or psychological frailties who lack family help, even "
            "temporarily.\n\n"
            "Citizens who offer to become foster carers are selected through individual interviews."
        ),
        target_groups=("anziani-soli", "over-65"),
        municipalities=CONSORTIUM_MUNICIPALITIES,
        partners=(("Gruppo Arco", PartnerRole.MANAGER), (CONSORTIUM_NAME, PartnerRole.PARTNER)),
        services=(
            DemoService("Affido diurno di anziani", "Daytime foster care of older people"),
            DemoService(
                "Selezione degli affidatari con colloqui individuali",
                "Selection of the foster carers through individual interviews",
            ),
            DemoService(
                "Formazione e supervisione degli affidatari con operatori sociali e psicologi",
                "Training and supervision of the foster carers by social workers and psychologists",
            ),
        ),
    ),
    DemoProject(
        slug="cittadella-del-welfare",
        name="Cittadella del Welfare",
        position=50,
        status=ProjectStatus.CO_DESIGN,
        summary=(
            "Co-progettazione in corso a Grugliasco di un nuovo modo di attivare i servizi insieme agli "
            "ETS del territorio, con una cabina di regia per una governance partecipata."
        ),
        summary_en=(
            "An ongoing co-design in Grugliasco of a new way of activating services together with local "
            "third-sector entities, with a steering group for participatory governance."
        ),
        description=(
            "Il Consorzio Ovest Solidale sta contribuendo alla co-progettazione della “Cittadella del "
            "Welfare” di Grugliasco, nell’ottica di sviluppare un nuovo modo di attivare i servizi e "
            "collaborare con gli ETS presenti sul territorio, tra i quali le associazioni “C46”, “Auser "
            "Grugliasco”, “UniTre – Università della Terza Età” e la cooperativa “Gruppo Arco”.\n\n"
            "Il progetto prevede la creazione di una cabina di regia in grado di sviluppare una "
            "governance partecipata, capace di costruire risposte e servizi innovativi per i cittadini "
            "in condizione di fragilità socio-economica e non solo."
        ),
        description_en=(
            "The Consorzio Ovest Solidale is taking part in the co-design of the “Cittadella del "
            "Welfare” (welfare citadel) of Grugliasco, with the aim of developing a new way of "
            "activating services and working with the third-sector entities (ETS) of the area, among "
            "them the associations “C46”, “Auser Grugliasco”, “UniTre – Università della Terza Età” "
            "(University of the Third Age) and the cooperative “Gruppo Arco”.\n\n"
            "The project provides for a steering group (cabina di regia) able to develop participatory "
            "governance and to build innovative answers and services for citizens in social and "
            "economic hardship, and not only for them."
        ),
        eligibility="Cittadini in condizione di fragilità socio-economica, e non solo.",
        eligibility_en="Citizens in social and economic hardship, and not only them.",
        target_groups=("fragilita-socio-economica", "cittadinanza"),
        municipalities=("Grugliasco",),
        partners=(
            (CONSORTIUM_NAME, PartnerRole.PARTNER),
            ("C46", PartnerRole.NETWORK),
            ("Auser Grugliasco", PartnerRole.NETWORK),
            ("UniTre Grugliasco - Università della Terza Età", PartnerRole.NETWORK),
            ("Gruppo Arco", PartnerRole.NETWORK),
        ),
        services=(
            DemoService(
                "Cabina di regia per una governance partecipata",
                "Steering group for participatory governance",
            ),
            DemoService(
                "Co-progettazione dei servizi con gli ETS del territorio",
                "Co-design of services with local third-sector entities",
            ),
        ),
    ),
)


def _organization(organizations: dict[str, Organization], name: str) -> Organization:
    try:
        return organizations[name]
    except KeyError as exc:
        raise KeyError(
            f"the demo organisations have no {name!r} (see reference_data/actors.csv)"
        ) from exc


@transaction.atomic
def load_demo_projects(organizations: dict[str, Organization]) -> None:
    """Create or update the projects of the seed page, their target groups, places, partners,
    funding and services. `organizations` maps the names of reference_data/actors.csv to rows."""
    hubs = load_demo_hubs()
    groups = {}
    for code, (label, label_en) in TARGET_GROUPS.items():
        groups[code], _created = TargetGroup.objects.update_or_create(
            code=code, defaults={"label": label, "label_en": label_en}
        )
    municipalities = {
        m.name: m for m in Municipality.objects.filter(name__in=CONSORTIUM_MUNICIPALITIES)
    }
    projects: dict[str, Project] = {}
    for demo in PROJECTS:
        project, _created = Project.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "parent": projects[demo.parent] if demo.parent else None,
                "position": demo.position,
                "status": demo.status,
                "summary": demo.summary,
                "summary_en": demo.summary_en,
                "description": demo.description,
                "description_en": demo.description_en,
                "eligibility": demo.eligibility,
                "eligibility_en": demo.eligibility_en,
                "start_date": demo.start_date,
                "end_date": demo.end_date,
                "website": demo.website,
                "is_public": True,
            },
        )
        projects[demo.slug] = project
        project.target_groups.set([groups[code] for code in demo.target_groups])
        project.municipalities.set([municipalities[name] for name in demo.municipalities])
        project.hubs.set([hubs[name] for name in demo.hubs])
        for name, role in demo.partners:
            ProjectPartner.objects.get_or_create(
                project=project, organization=_organization(organizations, name), role=role
            )
        for call, funder in demo.funding:
            FundingSource.objects.update_or_create(
                project=project,
                name=call,
                defaults={"funder": _organization(organizations, funder)},
            )
        for position, service in enumerate(demo.services, start=1):
            Service.objects.update_or_create(
                project=project,
                name=service.name,
                defaults={"name_en": service.name_en, "position": position},
            )
