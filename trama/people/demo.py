"""Demo people for `make run`: a few dozen synthetic persons per hub that follows people, in
households with their ISEE, with consents, and the demo access rules of the seed's projects.

Everything is drawn from one seeded `random.Random`, so every run builds the same people.
Nobody here is real: names are common Italian ones combined at random, codici fiscali are
computed from those made-up data (valid in form, belonging to nobody we know of), addresses
are generic. Rows go through the audited services, as an operator would enter them, so the
access log tells the same story as the data; the only exception is expired ISEE declarations,
which the service rightly refuses (an expired ISEE is the past, not something to enter now).

Idempotent: a person already present (same name, birth date and hub) is left alone, and only
the households of people created in this run are built, so a second run adds nothing.
"""

from __future__ import annotations

import datetime
import random
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.it import codicefiscale

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.eligibility.rules import (
    AgeBetween,
    All,
    Any,
    AtcTenant,
    HouseholdWithMinors,
    IseeAtMost,
    LivesAloneOrWeakNetwork,
    NotInChargeOfUvg,
    ResidentIn,
    Rule,
)
from trama.people import services
from trama.people.models import (
    ConsentPurpose,
    FamilyNetwork,
    Household,
    Housing,
    IseeDeclaration,
    Person,
    PrivacyNotice,
    Relationship,
    Sex,
)
from trama.people.names import person_search_name
from trama.projects.models import Project, ProjectEligibility
from trama.projects.services import project_eligibility_set
from trama.territory.models import Hub, HubKind, Municipality

SEED = 4_2026
# "A few dozen per hub": the households drawn per hub; each brings one to five people.
HOUSEHOLDS_PER_HUB = 14

# One line per group of words reads better than one word per line.
# fmt: off
FEMALE_NAMES = (
    "Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia", "Carmela",
    "Caterina", "Francesca", "Antonietta", "Carla", "Elena", "Margherita", "Franca", "Luigia",
    "Bruna", "Rita", "Graziella", "Vincenza", "Adriana", "Silvana", "Lidia", "Ornella", "Marisa",
    "Piera", "Domenica", "Nicoletta", "Paola", "Laura", "Chiara", "Sara", "Giulia", "Federica",
    "Valentina", "Martina", "Alessia", "Elisa", "Simona", "Ilaria", "Noemi",
)
MALE_NAMES = (
    "Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi", "Francesco", "Angelo", "Vincenzo",
    "Pietro", "Salvatore", "Carlo", "Franco", "Domenico", "Bruno", "Paolo", "Michele", "Giorgio",
    "Aldo", "Sergio", "Renato", "Gianni", "Piero", "Ugo", "Ettore", "Luciano", "Nicolò", "Niccolò",
    "Marco", "Andrea", "Luca", "Matteo", "Stefano", "Davide", "Simone", "Alessandro", "Lorenzo",
    "Tommaso", "Riccardo", "Gabriele", "Edoardo",
)
SURNAMES = (
    "Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
    "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
    "Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
    "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale", "Serra",
    "Coppola", "D'Angelo", "Bertolotto", "Giacometto", "Chiabrando", "Gribaudo", "Perotti",
    "Bosio", "Cravero", "Rosso", "Ghione", "Tosco", "Audisio", "Rolando", "Fassino", "Sacco",
    "Cena", "Bertola", "Ferrero", "Druetta", "Vottero", "Nicolò", "Zanetti", "Musso", "Operti",
)
# People born abroad: (citizenship, language, Belfiore code of the country, names).
ABROAD = (
    ("Romania", "romeno, italiano", "Z129", ("Ioana", "Elena", "Mihai", "Ion"), ("Popescu", "Ionescu", "Dumitru")),
    ("Marocco", "arabo, francese", "Z330", ("Fatima", "Khadija", "Mohamed", "Youssef"), ("El Amrani", "Benali", "Bouzid")),
    ("Albania", "albanese, italiano", "Z100", ("Elira", "Anila", "Arben", "Ilir"), ("Hoxha", "Kola", "Shehu")),
    ("Perù", "spagnolo", "Z611", ("Rosa", "Carmen", "Luis", "Jorge"), ("Quispe", "Flores", "Huamán")),
)
FEMALE_ABROAD = {"Elira", "Rosa", "Carmen", "Anila", "Elena", "Fatima", "Khadija", "Ioana"}
STREETS = (
    "Via Roma", "Corso Francia", "Via Torino", "Via Garibaldi", "Via Mazzini", "Via Cavour",
    "Via Lupo", "Via Leonardo da Vinci", "Piazza Matteotti", "Via Martiri XXX Aprile",
    "Via San Rocco", "Via Tiziano Lanza", "Corso Allamano", "Via Rivalta", "Via Gramsci",
)
# fmt: on
OTHER_SERVICES = (
    "Assistenza domiciliare del Consorzio",
    "Centro di salute mentale ASL TO3",
    "Servizio di pasti a domicilio",
    "SerD ASL TO3",
)
MONTH_LETTERS = "ABCDEHLMPRST"
NOTICE_VERSION = "2025.1"
NOTICE_TEXT = (
    "Il Consorzio tratta i dati personali delle persone che si rivolgono agli Spazi AnCoRe per "
    "l'ascolto, l'orientamento e l'accompagnamento ai servizi del territorio, nel rispetto del "
    "Regolamento (UE) 2016/679. (Testo dimostrativo.)"
)


# --- codice fiscale ---------------------------------------------------------------------------


def _letters(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in decomposed.upper() if "A" <= ch <= "Z")


def _split(value: str) -> tuple[str, str]:
    letters = _letters(value)
    consonants = "".join(ch for ch in letters if ch not in "AEIOU")
    vowels = "".join(ch for ch in letters if ch in "AEIOU")
    return consonants, vowels


def _surname_part(last_name: str) -> str:
    consonants, vowels = _split(last_name)
    return (consonants + vowels + "XXX")[:3]


def _name_part(first_name: str) -> str:
    consonants, vowels = _split(first_name)
    if len(consonants) >= 4:
        return consonants[0] + consonants[2] + consonants[3]
    return (consonants + vowels + "XXX")[:3]


def fiscal_code_for(
    first_name: str, last_name: str, birth_date: datetime.date, sex: str, place_code: str
) -> str:
    """The codice fiscale of these data (DM 12/03/1974), without the omocodia variants: the
    check character comes from python-stdnum."""
    day = birth_date.day + (40 if sex == Sex.FEMALE else 0)
    body = (
        _surname_part(last_name)
        + _name_part(first_name)
        + f"{birth_date.year % 100:02d}"
        + MONTH_LETTERS[birth_date.month - 1]
        + f"{day:02d}"
        + place_code
    )
    return body + codicefiscale.calc_check_digit(body)


# --- the people -------------------------------------------------------------------------------


@dataclass
class DemoPeople:
    """What the casework demo builds on: the people created in this run, by hub, and who
    works at each hub."""

    created: dict[int, list[Person]] = field(default_factory=dict)
    operators: dict[int, User] = field(default_factory=dict)
    coordinator: User | None = None
    # The password of the demo logins, for the users the casework demo adds.
    password: str = ""


def _birth_date(rng: random.Random, today: datetime.date, low: int, high: int) -> datetime.date:
    age_days = rng.randint(low * 365 + 30, high * 365 + 300)
    return today - datetime.timedelta(days=age_days)


def _hub_operators(hubs: list[Hub], password: str) -> dict[int, User]:
    """The operator who works at each hub: the demo's `operatore` and `mediatrice` where they
    are granted, one more demo operator (with the demo logins' `password`) elsewhere."""
    operators: dict[int, User] = {}
    for grant in RoleGrant.objects.filter(
        role__in=(Role.OPERATOR, Role.MEDIATOR),
        scope_kind=ScopeKind.HUB,
        scope_id__in=[hub.pk for hub in hubs],
        revoked_at__isnull=True,
        user__username__in=("operatore", "mediatrice"),
    ).select_related("user"):
        operators.setdefault(grant.scope_id, grant.user)
    for hub in hubs:
        if hub.pk in operators:
            continue
        role = Role.MEDIATOR if hub.kind == HubKind.ATC_BUILDING else Role.OPERATOR
        prefix = "mediatrice" if role == Role.MEDIATOR else "operatore"
        place = hub.municipality.name.lower()
        username = f"{prefix}_{'emporio' if hub.kind == HubKind.SOCIAL_GROCERY else place}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@demo.trama.invalid",
                "first_name": prefix.capitalize(),
                "last_name": hub.municipality.name,
            },
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        RoleGrant.objects.get_or_create(
            user=user,
            role=role,
            scope_kind=ScopeKind.HUB,
            scope_id=hub.pk,
            revoked_at__isnull=True,
        )
        operators[hub.pk] = User.objects.get(pk=user.pk)  # fresh: grants are cached
    return operators


def _place_of_birth(rng: random.Random, municipalities: list[Municipality]) -> str:
    """Mostly born here or in Torino (L219), a few in the South, where many came from."""
    roll = rng.random()
    if roll < 0.55:
        return rng.choice(
            [m.cadastral_code for m in municipalities if m.cadastral_code] or ["L219"]
        )
    if roll < 0.8:
        return "L219"
    return rng.choice(("F839", "H501", "A662", "C351", "G273", "D086"))


@dataclass
class _Draft:
    fields: dict
    relationship: str


def _person_fields(
    rng: random.Random,
    *,
    hub: Hub,
    today: datetime.date,
    age: tuple[int, int],
    sex: str,
    last_name: str,
    municipalities: list[Municipality],
    taken_codes: set[str],
    abroad: tuple | None,
    address: str,
) -> dict:
    if abroad:
        citizenship, languages, place, names, _surnames = abroad
        choices = [n for n in names if (n in FEMALE_ABROAD) == (sex == Sex.FEMALE)]
        first_name = rng.choice(choices)
    else:
        citizenship, languages, place = "italiana", "italiano", None
        first_name = rng.choice(FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES)
    birth_date = _birth_date(rng, today, *age)
    fiscal_code = ""
    # Many fragile people arrive without their codice fiscale; foreigners more often.
    if rng.random() < (0.45 if abroad else 0.75):
        code = fiscal_code_for(
            first_name,
            last_name,
            birth_date,
            sex,
            place or _place_of_birth(rng, municipalities),
        )
        if code not in taken_codes:
            taken_codes.add(code)
            fiscal_code = code
    elder = age[0] >= 65
    lives_alone = None
    if elder:
        lives_alone = rng.random() < 0.55
    network = rng.choices(
        (FamilyNetwork.STRONG, FamilyNetwork.WEAK, FamilyNetwork.NONE, FamilyNetwork.UNKNOWN),
        (3, 4, 2, 2) if elder else (5, 3, 1, 2),
    )[0]
    uvg = None
    if elder:
        uvg = rng.random() < 0.15 if rng.random() < 0.85 else None
    return {
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth_date if rng.random() < 0.97 else None,
        "sex": sex,
        "fiscal_code": fiscal_code,
        "phone": f"+39 3{rng.randint(20, 49)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        if rng.random() < 0.8
        else "",
        "address": address,
        "municipality": hub.municipality,
        "citizenship": citizenship,
        "languages": languages,
        "lives_alone": lives_alone,
        "family_network": network,
        "in_charge_uvg": uvg,
        "other_services": rng.choice(OTHER_SERVICES) if elder and rng.random() < 0.2 else "",
        "reference_hub": hub,
    }


def _household_drafts(
    rng: random.Random,
    *,
    hub: Hub,
    today: datetime.date,
    municipalities: list[Municipality],
    taken_codes: set[str],
) -> tuple[list[_Draft], str]:
    """One household: an elder alone, an elderly couple, an elder with an adult child, or a
    family with minors (more of those where the hub is a grocery or an ATC building)."""
    families_first = hub.kind in (HubKind.SOCIAL_GROCERY, HubKind.ATC_BUILDING)
    shape = rng.choices(
        ("alone", "couple", "with_child", "family"),
        (3, 2, 1, 4) if families_first else (6, 3, 2, 2),
    )[0]
    abroad = rng.choice(ABROAD) if rng.random() < (0.3 if shape == "family" else 0.08) else None
    last_name = rng.choice(abroad[4]) if abroad else rng.choice(SURNAMES)
    address = f"{rng.choice(STREETS)} {rng.randint(1, 150)}"
    common = {
        "hub": hub,
        "today": today,
        "municipalities": municipalities,
        "taken_codes": taken_codes,
        "abroad": abroad,
        "address": address,
    }

    def person(age, sex, surname=last_name, relationship=Relationship.HEAD):
        fields = _person_fields(rng, age=age, sex=sex, last_name=surname, **common)
        return _Draft(fields, relationship)

    sex = rng.choice((Sex.FEMALE, Sex.FEMALE, Sex.MALE))
    if shape == "alone":
        drafts = [person((66, 95), sex)]
        drafts[0].fields["lives_alone"] = True
    elif shape == "couple":
        drafts = [
            person((68, 92), Sex.MALE),
            person((65, 90), Sex.FEMALE, rng.choice(SURNAMES), Relationship.SPOUSE),
        ]
        for draft in drafts:
            draft.fields["lives_alone"] = False
    elif shape == "with_child":
        drafts = [
            person((75, 96), sex),
            person((45, 64), rng.choice(Sex.values), last_name, Relationship.CHILD),
        ]
        drafts[0].fields["lives_alone"] = False
    else:
        parent_sex = rng.choice(Sex.values)
        drafts = [person((28, 52), parent_sex)]
        if rng.random() < 0.6:
            other = Sex.FEMALE if parent_sex == Sex.MALE else Sex.MALE
            drafts.append(person((28, 55), other, rng.choice(SURNAMES), Relationship.SPOUSE))
        for _ in range(rng.randint(1, 3)):
            drafts.append(person((2, 17), rng.choice(Sex.values), last_name, Relationship.CHILD))
    return drafts, shape


def _household_housing(rng: random.Random, hub: Hub) -> str:
    if hub.kind == HubKind.ATC_BUILDING:
        return Housing.ATC_TENANT
    return rng.choices(
        (Housing.OWNER, Housing.PRIVATE_RENT, Housing.ATC_TENANT, Housing.HOSTED, Housing.UNKNOWN),
        (5, 4, 3, 1, 1),
    )[0]


def _existing(fields: dict) -> bool:
    return Person.objects.filter(
        search_name=person_search_name(fields["first_name"], fields["last_name"]),
        birth_date=fields["birth_date"],
        reference_hub=fields["reference_hub"],
    ).exists()


def _notice(actor: User) -> PrivacyNotice:
    notice = PrivacyNotice.objects.filter(version=NOTICE_VERSION).first()
    return notice or services.privacy_notice_create(
        actor=actor,
        version=NOTICE_VERSION,
        title="Informativa sul trattamento dei dati personali",
        text=NOTICE_TEXT,
        valid_from=datetime.date(2025, 1, 1),
    )


def _isee(rng: random.Random, actor: User, household: Household, today: datetime.date) -> None:
    """A valid ISEE (through the service) for most, an expired one for some: the operator must
    ask for a new one, and the eligibility says so."""
    roll = rng.random()
    if roll < 0.25:
        return
    value = Decimal(rng.randint(2_500, 32_000)).quantize(Decimal("1.00"))
    if roll < 0.4:
        issued = today - datetime.timedelta(days=rng.randint(420, 700))
        last_valid_day = issued.replace(month=12, day=31)
        if issued == last_valid_day:  # the database wants the expiry after the issue
            issued -= datetime.timedelta(days=1)
        IseeDeclaration.objects.create(
            household=household, value=value, issued_on=issued, expires_on=last_valid_day
        )
        return
    issued = today - datetime.timedelta(days=rng.randint(5, 200))
    # Valid through 31 December of the year filed (kept valid a while longer near New Year).
    expires = max(issued.replace(month=12, day=31), today + datetime.timedelta(days=30))
    services.isee_add(
        actor=actor, household=household, value=value, issued_on=issued, expires_on=expires
    )


@transaction.atomic
def load_demo_people(*, coordinator: User, hubs: list[Hub], password: str) -> DemoPeople:
    """A few dozen people for each of `hubs`, in households; returns those created now."""
    today = timezone.localdate()
    municipalities = list(Municipality.objects.filter(in_consortium=True).order_by("istat_code"))
    taken_codes = set(Person.objects.exclude(fiscal_code="").values_list("fiscal_code", flat=True))
    result = DemoPeople(
        coordinator=coordinator, operators=_hub_operators(hubs, password), password=password
    )
    notice = _notice(coordinator)
    consent_time = timezone.now() - datetime.timedelta(days=30)
    for hub in hubs:
        actor = result.operators[hub.pk]
        created: list[Person] = []
        for number in range(HOUSEHOLDS_PER_HUB):
            # One generator per household: a household skipped on a second run (already
            # there) does not shift the draws of the next ones.
            rng = random.Random(f"{SEED}:{hub.name}:{number}")
            drafts, shape = _household_drafts(
                rng, hub=hub, today=today, municipalities=municipalities, taken_codes=taken_codes
            )
            housing = _household_housing(rng, hub)
            with_isee = rng.random()
            if any(_existing(d.fields) for d in drafts):
                continue  # loaded by an earlier run
            members = []
            for draft in drafts:
                person = services.person_create(actor=actor, **draft.fields)
                members.append((person, draft.relationship))
                for purpose in (ConsentPurpose.NOTICE, ConsentPurpose.SENSITIVE_DATA):
                    services.consent_record(
                        actor=actor,
                        person=person,
                        notice=notice,
                        purpose=purpose,
                        given_at=consent_time,
                    )
            created.extend(p for p, _r in members)
            head = members[0][0]
            # Elders met at the hub are not always registered with their household yet.
            if shape == "alone" and with_isee < 0.2:
                continue
            household = services.household_create(
                actor=actor,
                label=f"Nucleo {head.last_name} – {head.address}",
                reference_hub=hub,
                address=head.address,
                municipality=hub.municipality,
                housing=housing,
            )
            for person, relationship in members:
                services.household_member_add(
                    actor=actor, household=household, person=person, relationship=relationship
                )
            _isee(rng, actor, household, today)
        result.created[hub.pk] = created
    return result


# --- the projects' access rules ----------------------------------------------------------------


def demo_rules(municipalities: dict[str, str]) -> dict[str, Rule]:
    """Access rules for the seed's projects, as a coordinator would write them from their
    eligibility text. `municipalities` maps names to ISTAT codes."""
    consortium = ResidentIn(frozenset(municipalities.values()))
    collegno_grugliasco = ResidentIn(
        frozenset(municipalities[name] for name in ("Collegno", "Grugliasco"))
    )
    low_isee = IseeAtMost(Decimal("15000"))
    return {
        # "anziani ultra 65enni soli o con reti familiari fragili, non in carico alla UVG"
        "mi-affido-a-te": All(
            (AgeBetween(min_age=65), consortium, LivesAloneOrWeakNetwork(), NotInChargeOfUvg())
        ),
        # "cittadini over 65 e persone in condizione di fragilità"
        "ancore-well-fare-fare-bene": All(
            (consortium, Any((AgeBetween(min_age=65), LivesAloneOrWeakNetwork(), low_isee)))
        ),
        "solidarieta-alimentare": All((consortium, low_isee)),
        "top-metro-fa-bene": All((consortium, low_isee)),
        "food-pride-xl": All((consortium, IseeAtMost(Decimal("20000")), HouseholdWithMinors())),
        "ri-abitare-la-citta": All((collegno_grugliasco, AtcTenant())),
        "cittadella-del-welfare": All(
            (ResidentIn(frozenset({municipalities["Grugliasco"]})), AgeBetween(min_age=18))
        ),
    }


def load_demo_rules(*, coordinator: User) -> int:
    """Give the seed's projects their demo access rules, where the coordinator has not set
    any (a rule edited in the form is kept). Returns how many were set now."""
    municipalities = dict(
        Municipality.objects.filter(in_consortium=True).values_list("name", "istat_code")
    )
    rules = demo_rules(municipalities)
    with_rules = set(ProjectEligibility.objects.values_list("project__slug", flat=True))
    count = 0
    for project in Project.objects.filter(slug__in=rules).exclude(slug__in=with_rules):
        project_eligibility_set(actor=coordinator, project=project, rule=rules[project.slug])
        count += 1
    return count
