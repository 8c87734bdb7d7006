"""People, households and casework events at the sizes of DESIGN.md §6 (tier S: 20,000
persons, 8,000 households, 200,000 casework events; tier M: 500,000 / 200,000 / 5,000,000).

"Casework events" are the rows of what happened to people: listening sessions, the steps of
referrals, the actions of support plans and their reviews, appointments. Their number is the
tier's, split as a hub's work splits (mostly listening, then referrals, then plans).

Rows are written as plain tuples with explicit ids, streamed in chunks: `COPY … FROM STDIN` on
PostgreSQL (tens of millions of rows at M would take an hour through the ORM), `executemany`
on SQLite. Memory stays flat whatever the tier: nothing but the id ranges and a few small
lists is kept between chunks.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice

from django.db import connection
from django.db.models import Max, Model
from django.utils import timezone

from trama.accounts.models import User
from trama.casework.models import (
    ActionStatus,
    Appointment,
    AppointmentStatus,
    Channel,
    ListeningSession,
    Need,
    PlanAction,
    PlanReview,
    PlanStatus,
    Referral,
    ReferralEvent,
    ReferralState,
    SupportPlan,
)
from trama.organizations.models import Organization
from trama.people.demo import (
    ABROAD,
    FEMALE_ABROAD,
    FEMALE_NAMES,
    MALE_NAMES,
    STREETS,
    SURNAMES,
    fiscal_code_for,
)
from trama.people.models import (
    FamilyNetwork,
    Household,
    HouseholdMember,
    Housing,
    IseeDeclaration,
    Person,
    Relationship,
)
from trama.people.names import person_search_name
from trama.projects.models import Project
from trama.territory.models import Hub, HubKind

CHUNK = 20_000
# Shares of the casework events (they sum to 1).
REFERRAL_EVENT_SHARE = 0.25
PLAN_ACTION_SHARE = 0.10
PLAN_REVIEW_SHARE = 0.05
APPOINTMENT_SHARE = 0.05
APPOINTMENT_DAYS = (-180, 30)  # from half a year ago to a month ahead
# Steps of a referral by its state (after "sent").
REFERRAL_PATHS = (
    (ReferralState.SENT, (), 3),
    (ReferralState.ACCEPTED, (ReferralState.ACCEPTED,), 2),
    (ReferralState.DECLINED, (ReferralState.DECLINED,), 1),
    (ReferralState.IN_PROGRESS, (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS), 3),
    (
        ReferralState.COMPLETED,
        (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS, ReferralState.COMPLETED),
        4,
    ),
    (ReferralState.DROPPED, (ReferralState.ACCEPTED, ReferralState.DROPPED), 1),
)
HISTORY_DAYS = 3 * 365


@dataclass(frozen=True)
class Sizes:
    persons: int
    households: int
    events: int


# --- writing rows -----------------------------------------------------------------------------


def _columns(model: type[Model], names: Sequence[str]) -> list[str]:
    return [model._meta.get_field(name).column for name in names]


def _sqlite_value(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def write_rows(table: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
    """Stream `rows` into `table`; returns how many."""
    names = ", ".join(columns)
    written = 0
    iterator = iter(rows)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in iterator:
                    copy.write_row(row)
                    written += 1
            return written
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
        while chunk := list(islice(iterator, CHUNK)):
            cursor.executemany(sql, [tuple(_sqlite_value(v) for v in row) for row in chunk])
            written += len(chunk)
    return written


def write_model(model: type[Model], fields: Sequence[str], rows: Iterable[tuple]) -> int:
    return write_rows(model._meta.db_table, _columns(model, fields), rows)


def _next_id(model: type[Model]) -> int:
    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def reset_sequences(models: Iterable[type[Model]]) -> None:
    """After explicit ids, PostgreSQL's identity sequences must start past them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
            )


# --- the rows ---------------------------------------------------------------------------------

PERSON_FIELDS = (
    "id", "first_name", "last_name", "birth_date", "sex", "fiscal_code", "phone", "email",
    "address", "municipality", "citizenship", "languages", "lives_alone", "family_network",
    "in_charge_uvg", "other_services", "reference_hub", "search_name", "version", "created_at",
    "updated_at",
)  # fmt: skip


@dataclass(frozen=True)
class _Place:
    hub_id: int
    municipality_id: int
    cadastral_code: str
    kind: str


def _places() -> tuple[list[_Place], list[float]]:
    """Hubs that follow people, weighted by the population they serve."""
    hubs = Hub.objects.filter(
        kind__in=(HubKind.ANCORE_SPACE, HubKind.SOCIAL_GROCERY, HubKind.ATC_BUILDING),
        is_active=True,
    ).select_related("municipality")
    places, weights = [], []
    for hub in hubs.order_by("pk"):
        places.append(
            _Place(hub.pk, hub.municipality_id, hub.municipality.cadastral_code or "L219", hub.kind)
        )
        weights.append(float(hub.municipality.population or 1_000))
    return places, weights


def _person_rows(
    rng: random.Random,
    number: int,
    first_id: int,
    today: datetime.date,
    now: datetime.datetime,
    births: list[datetime.date | None],
) -> Iterator[tuple]:
    """`number` persons; their birth dates are kept in `births` (households need them). The
    queries run now, not when the rows are drawn: on PostgreSQL the rows are drawn while COPY
    holds the connection."""
    places, weights = _places()
    taken: set[str] = set(
        Person.objects.exclude(fiscal_code="").values_list("fiscal_code", flat=True)
    )
    return _draw_persons(rng, number, first_id, today, now, births, places, weights, taken)


def _draw_persons(
    rng: random.Random,
    number: int,
    first_id: int,
    today: datetime.date,
    now: datetime.datetime,
    births: list[datetime.date | None],
    places: list[_Place],
    weights: list[float],
    taken: set[str],
) -> Iterator[tuple]:
    networks = (FamilyNetwork.STRONG, FamilyNetwork.WEAK, FamilyNetwork.NONE, FamilyNetwork.UNKNOWN)
    for offset in range(number):
        place = rng.choices(places, weights)[0]
        sex = "F" if rng.random() < 0.55 else "M"
        abroad = ABROAD[rng.randrange(len(ABROAD))] if rng.random() < 0.1 else None
        if abroad:
            first_name = rng.choice([n for n in abroad[3] if (n in FEMALE_ABROAD) == (sex == "F")])
            last_name = rng.choice(abroad[4])
        else:
            first_name = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
            last_name = rng.choice(SURNAMES)
        roll = rng.random()
        age = (
            rng.randint(65, 99)
            if roll < 0.5
            else rng.randint(0, 17)
            if roll < 0.7
            else rng.randint(18, 64)
        )
        birth = today - datetime.timedelta(days=age * 365 + rng.randint(0, 364))
        if rng.random() < 0.03:
            birth = None
        births.append(birth)
        code = ""
        if birth and rng.random() < 0.7:
            code = fiscal_code_for(
                first_name, last_name, birth, sex, abroad[2] if abroad else place.cadastral_code
            )
            if code in taken:
                code = ""
            else:
                taken.add(code)
        elder = age >= 65
        yield (
            first_id + offset,
            first_name,
            last_name,
            birth,
            sex,
            code,
            f"+39 3{rng.randint(20, 49)} {rng.randint(1_000_000, 9_999_999)}",
            "",
            f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
            place.municipality_id,
            abroad[0] if abroad else "italiana",
            abroad[1] if abroad else "italiano",
            (rng.random() < 0.5) if elder else None,
            rng.choices(networks, (3, 4, 2, 2))[0],
            (rng.random() < 0.15) if elder and rng.random() < 0.85 else None,
            "",
            place.hub_id,
            person_search_name(first_name, last_name),
            1,
            now,
            now,
        )


def _households(
    rng: random.Random,
    sizes: Sizes,
    first_person: int,
    births: list[datetime.date | None],
    today: datetime.date,
    now: datetime.datetime,
) -> dict[str, int]:
    """Households of one to five consecutive persons (the person rows were drawn at random, so
    neighbours are strangers: only the shape matters here), ISEE for most."""
    household_id, member_id, isee_id = (
        _next_id(Household),
        _next_id(HouseholdMember),
        _next_id(IseeDeclaration),
    )
    places, weights = _places()
    households, members, declarations = [], [], []
    person = 0
    housings = (
        Housing.OWNER,
        Housing.PRIVATE_RENT,
        Housing.ATC_TENANT,
        Housing.HOSTED,
        Housing.UNKNOWN,
    )
    for number in range(sizes.households):
        size = rng.choices((1, 2, 3, 4, 5), (30, 30, 18, 14, 8))[0]
        size = min(size, len(births) - person)
        if size <= 0:
            break
        place = rng.choices(places, weights)[0]
        hid = household_id + number
        housing = (
            Housing.ATC_TENANT
            if place.kind == HubKind.ATC_BUILDING
            else rng.choices(housings, (5, 4, 3, 1, 1))[0]
        )
        households.append(
            (hid, f"Nucleo {hid}", "", place.municipality_id, housing, place.hub_id, now, now)
        )
        for position in range(size):
            relationship = Relationship.HEAD if position == 0 else Relationship.CHILD
            members.append((member_id, hid, first_person + person, relationship, now))
            member_id += 1
            person += 1
        roll = rng.random()
        if roll < 0.7:
            value = Decimal(rng.randint(1_500, 40_000))
            if roll < 0.14:  # expired: the operator must ask for a new one
                issued = today - datetime.timedelta(days=rng.randint(400, 900))
                expires = issued + datetime.timedelta(days=rng.randint(200, 365))
            else:
                issued = today - datetime.timedelta(days=rng.randint(1, 300))
                expires = issued + datetime.timedelta(days=rng.randint(330, 400))
                expires = max(expires, today + datetime.timedelta(days=1))
            declarations.append((isee_id, hid, value, issued, expires, now))
            isee_id += 1
    write_model(
        Household,
        (
            "id",
            "label",
            "address",
            "municipality",
            "housing",
            "reference_hub",
            "created_at",
            "updated_at",
        ),
        households,
    )
    write_model(
        HouseholdMember, ("id", "household", "person", "relationship", "created_at"), members
    )
    write_model(
        IseeDeclaration,
        ("id", "household", "value", "issued_on", "expires_on", "created_at"),
        declarations,
    )
    return {"households": len(households), "members": len(members), "isee": len(declarations)}


def _at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=datetime.UTC
    )


def _casework(
    rng: random.Random,
    sizes: Sizes,
    person_ids: range,
    person_hubs: dict[int, int] | None,
    operator_id: int,
    today: datetime.date,
    now: datetime.datetime,
) -> dict[str, int]:
    """Listening sessions (with needs), referrals with their steps, plans with actions and
    reviews: `sizes.events` events in all."""
    need_ids = list(Need.objects.order_by("position").values_list("pk", flat=True))
    need_weights = [6, 6, 5, 4, 5, 3, 4, 2, 2, 1, 1, 1, 1, 1][: len(need_ids)]
    need_weights += [1] * (len(need_ids) - len(need_weights))
    organizations = list(Organization.objects.order_by("pk").values_list("pk", flat=True)[:200])
    projects = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    hubs = [place.hub_id for place in _places()[0]]

    def hub_of(person_id: int) -> int:
        return person_hubs[person_id] if person_hubs else rng.choice(hubs)

    counts: dict[str, int] = {}
    # Referrals and their steps.
    referral_events_target = int(sizes.events * REFERRAL_EVENT_SHARE)
    paths = [(state, steps) for state, steps, _w in REFERRAL_PATHS]
    path_weights = [w for *_s, w in REFERRAL_PATHS]
    referral_id, event_id = _next_id(Referral), _next_id(ReferralEvent)
    referrals: list[tuple] = []
    events: list[tuple] = []
    produced = 0
    while produced < referral_events_target:
        state, steps = rng.choices(paths, path_weights)[0]
        room = max(0, referral_events_target - produced - 1)
        if len(steps) > room:  # the last referral fills the count exactly
            steps = steps[:room]
            state = steps[-1] if steps else ReferralState.SENT
        person_id = rng.choice(person_ids)
        # Unanswered referrals are recent (a few overdue); answered ones span the history.
        days_ago = rng.randint(0, 30) if not steps else rng.randint(0, HISTORY_DAYS)
        sent_at = now - datetime.timedelta(days=days_ago, minutes=rng.randint(0, 600))
        answered = closed = None
        at = sent_at
        events.append((event_id, referral_id, "", ReferralState.SENT, operator_id, "", sent_at))
        event_id += 1
        previous = ReferralState.SENT
        for step in steps:
            at = min(at + datetime.timedelta(days=rng.randint(1, 10)), now)
            if previous == ReferralState.SENT:
                answered = at
            if step in (ReferralState.DECLINED, ReferralState.COMPLETED, ReferralState.DROPPED):
                closed = at
            events.append((event_id, referral_id, previous, step, operator_id, "Riscontro.", at))
            event_id += 1
            previous = step
        referrals.append(
            (
                referral_id,
                person_id,
                operator_id,
                hub_of(person_id),
                rng.choice(organizations),
                rng.choice(projects) if rng.random() < 0.6 else None,
                "",
                "Persona segnalata dallo Spazio per un primo colloquio.",
                state,
                sent_at,
                answered,
                closed,
                1,
            )
        )
        produced += 1 + len(steps)
        referral_id += 1
        if len(events) >= CHUNK:
            _flush_referrals(referrals, events)
            counts["referrals"] = counts.get("referrals", 0) + len(referrals)
            referrals, events = [], []
    _flush_referrals(referrals, events)
    counts["referrals"] = counts.get("referrals", 0) + len(referrals)
    counts["referral events"] = produced

    # Plans, their actions and reviews.
    actions_target = int(sizes.events * PLAN_ACTION_SHARE)
    reviews_target = int(sizes.events * PLAN_REVIEW_SHARE)
    plan_id, action_id, review_id = (
        _next_id(SupportPlan),
        _next_id(PlanAction),
        _next_id(PlanReview),
    )
    plans, actions, reviews = [], [], []
    made_actions = made_reviews = made_plans = 0
    while made_actions < actions_target or made_reviews < reviews_target:
        person_id = rng.choice(person_ids)
        active = rng.random() < 0.6
        created = now - datetime.timedelta(days=rng.randint(0, HISTORY_DAYS))
        plans.append(
            (
                plan_id,
                person_id,
                hub_of(person_id),
                operator_id,
                "Ridurre l'isolamento e accompagnare ai servizi del territorio.",
                PlanStatus.ACTIVE if active else PlanStatus.CLOSED,
                today + datetime.timedelta(days=rng.randint(-10, 90)),
                created,
                1,
            )
        )
        for _ in range(min(rng.randint(2, 4), actions_target - made_actions)):
            due = today + datetime.timedelta(days=rng.randint(-60, 60))
            done = (not active or due < today) and rng.random() < 0.7
            actions.append(
                (
                    action_id,
                    plan_id,
                    "Accompagnare alla visita e verificare l'esito",
                    None,
                    "Operatore dello Spazio",
                    due,
                    ActionStatus.DONE if done else ActionStatus.PLANNED,
                    _at(due, rng) if done else None,
                )
            )
            action_id += 1
            made_actions += 1
        for _ in range(min(rng.randint(1, 2), reviews_target - made_reviews)):
            reviews.append(
                (
                    review_id,
                    plan_id,
                    min((created + datetime.timedelta(days=rng.randint(20, 120))).date(), today),
                    operator_id,
                    "Verifica periodica: percorso regolare.",
                    created,
                )
            )
            review_id += 1
            made_reviews += 1
        plan_id += 1
        made_plans += 1
        if len(actions) >= CHUNK:
            _flush_plans(plans, actions, reviews)
            plans, actions, reviews = [], [], []
    _flush_plans(plans, actions, reviews)
    counts.update(
        {"support plans": made_plans, "plan actions": made_actions, "plan reviews": made_reviews}
    )

    # Appointments at the hubs, past (held, missed, cancelled) and to come (planned).
    appointments_target = int(sizes.events * APPOINTMENT_SHARE)
    appointment_id = _next_id(Appointment)
    appointments = []
    past_statuses = (AppointmentStatus.HELD, AppointmentStatus.MISSED, AppointmentStatus.CANCELLED)
    for number in range(appointments_target):
        person_id = rng.choice(person_ids)
        day = today + datetime.timedelta(days=rng.randint(*APPOINTMENT_DAYS))
        starts_at = _at(day, rng)
        status = (
            AppointmentStatus.PLANNED if day >= today else rng.choices(past_statuses, (8, 1, 1))[0]
        )
        appointments.append(
            (
                appointment_id + number,
                person_id,
                hub_of(person_id),
                operator_id,
                starts_at,
                rng.choice((30, 45, 60)),
                rng.choices(Channel.values, (6, 3, 1))[0],
                "Colloquio di ascolto",
                status,
                operator_id,
                now,
            )
        )
        if len(appointments) >= CHUNK:
            _flush_appointments(appointments)
            appointments = []
    _flush_appointments(appointments)
    counts["appointments"] = appointments_target

    # Listening sessions: the rest of the events.
    sessions_target = sizes.events - produced - made_actions - made_reviews - appointments_target
    session_id = _next_id(ListeningSession)
    NeedLink = ListeningSession.needs.through
    link_id = _next_id(NeedLink)
    sessions, links = [], []
    channels = Channel.values
    for number in range(sessions_target):
        person_id = rng.choice(person_ids)
        held_on = today - datetime.timedelta(days=rng.randint(0, HISTORY_DAYS))
        sid = session_id + number
        sessions.append(
            (
                sid,
                person_id,
                hub_of(person_id),
                operator_id,
                held_on,
                rng.choice((20, 30, 45, 60)),
                rng.choices(channels, (6, 3, 1))[0],
                "",
                "",
                _at(held_on, rng),
            )
        )
        for need in {rng.choices(need_ids, need_weights)[0] for _ in range(rng.randint(1, 2))}:
            links.append((link_id, sid, need))
            link_id += 1
        if len(sessions) >= CHUNK:
            _flush_sessions(sessions, links)
            sessions, links = [], []
    _flush_sessions(sessions, links)
    counts["listening sessions"] = sessions_target
    counts["casework events"] = (
        sessions_target + produced + made_actions + made_reviews + appointments_target
    )
    return counts


def _flush_referrals(referrals: list[tuple], events: list[tuple]) -> None:
    write_model(
        Referral,
        (
            "id", "person", "from_user", "from_hub", "to_organization", "to_project", "reason",
            "shared_summary", "state", "sent_at", "answered_at", "closed_at", "version",
        ),
        referrals,
    )  # fmt: skip
    write_model(
        ReferralEvent, ("id", "referral", "from_state", "to_state", "by", "feedback", "at"), events
    )


def _flush_plans(plans: list[tuple], actions: list[tuple], reviews: list[tuple]) -> None:
    write_model(
        SupportPlan,
        (
            "id", "person", "hub", "created_by", "goals", "status", "next_review_on",
            "created_at", "version",
        ),
        plans,
    )  # fmt: skip
    write_model(
        PlanAction,
        ("id", "plan", "description", "owner", "owner_text", "due_on", "status", "done_at"),
        actions,
    )
    write_model(PlanReview, ("id", "plan", "reviewed_on", "by", "notes", "at"), reviews)


def _flush_appointments(appointments: list[tuple]) -> None:
    write_model(
        Appointment,
        (
            "id", "person", "hub", "operator", "starts_at", "duration_minutes", "channel",
            "purpose", "status", "created_by", "created_at",
        ),
        appointments,
    )  # fmt: skip


def _flush_sessions(sessions: list[tuple], links: list[tuple]) -> None:
    write_model(
        ListeningSession,
        (
            "id", "person", "hub", "operator", "held_on", "duration_minutes", "channel",
            "notes", "suggested_services", "created_at",
        ),
        sessions,
    )  # fmt: skip
    NeedLink = ListeningSession.needs.through
    write_model(NeedLink, ("id", "listeningsession", "need"), links)


def generate_people_and_casework(
    rng: random.Random, sizes: Sizes, operator: User
) -> dict[str, int]:
    """Persons, households (members, ISEE) and casework events up to `sizes`."""
    today = timezone.localdate()
    now = timezone.now()
    first_person = _next_id(Person)
    number = sizes.persons - Person.objects.count()
    births: list[datetime.date | None] = []
    write_model(Person, PERSON_FIELDS, _person_rows(rng, number, first_person, today, now, births))
    person_ids = range(first_person, first_person + number)
    counts = _households(rng, sizes, first_person, births, today, now)
    del births
    # Sessions and referrals happen at the person's reference hub.
    hubs = dict(Person.objects.filter(pk__gte=first_person).values_list("pk", "reference_hub_id"))
    counts |= _casework(rng, sizes, person_ids, hubs, operator.pk, today, now)
    del hubs
    NeedLink = ListeningSession.needs.through
    reset_sequences(
        (
            Person, Household, HouseholdMember, IseeDeclaration, Referral, ReferralEvent,
            SupportPlan, PlanAction, PlanReview, ListeningSession, NeedLink, Appointment,
        )
    )  # fmt: skip
    return counts


def row_counts() -> dict[str, int]:
    return {
        "persons": Person.objects.count(),
        "households": Household.objects.count(),
        "household members": HouseholdMember.objects.count(),
        "ISEE declarations": IseeDeclaration.objects.count(),
        "listening sessions": ListeningSession.objects.count(),
        "referrals": Referral.objects.count(),
        "referral events": ReferralEvent.objects.count(),
        "support plans": SupportPlan.objects.count(),
        "plan actions": PlanAction.objects.count(),
        "plan reviews": PlanReview.objects.count(),
        "appointments": Appointment.objects.count(),
    }
