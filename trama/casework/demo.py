"""Demo casework for `make run`: listening sessions with their needs, referrals to the seed's
projects and organisations in every state (overdue ones included) and support plans with
actions due, for the people `trama.people.demo` created in the same run.

Drawn from one seeded `random.Random` and written through the audited services, as operators
and the receiving organisations would: the services take the past moment a step happened
(`now=`), so the referrals' history spans the last months. Idempotent because it only works
on the people created in this run (a second run creates none).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.casework import services
from trama.casework.models import ActionStatus, Channel, Need, ReferralState
from trama.casework.needs_taxonomy import NEEDS
from trama.casework.selectors import answer_days
from trama.organizations.demo import CONSORTIUM_NAME
from trama.organizations.models import Organization
from trama.people.demo import DemoPeople
from trama.people.models import Person
from trama.projects.models import Project
from trama.screening.instruments import INSTRUMENTS
from trama.territory.models import Hub

SEED = 10_2026
ARCO_USERNAME = "gruppoarco"

ELDER_NEEDS = {
    "isolation": 6,
    "health": 4,
    "bureaucracy_digital": 4,
    "care_load": 2,
    "mobility": 3,
    "economic_hardship": 2,
    "food": 1,
    "housing": 1,
}
FAMILY_NEEDS = {
    "economic_hardship": 6,
    "food": 5,
    "housing": 3,
    "work": 4,
    "bureaucracy_digital": 2,
    "education": 2,
    "language": 2,
    "family_relations": 1,
    "legal": 1,
}
NOTES = {
    "isolation": "Vive sola da quando è rimasta vedova; esce poco e solo per la spesa.",
    "health": "Riferisce difficoltà a prenotare le visite e a ritirare i farmaci.",
    "bureaucracy_digital": "Non ha SPID: chiede aiuto per le pratiche online.",
    "care_load": "Si occupa del coniuge non autosufficiente, è molto stanca.",
    "mobility": "Non guida più; i mezzi pubblici sono lontani da casa.",
    "economic_hardship": "La pensione non basta a coprire affitto e bollette.",
    "food": "Chiede informazioni sull'emporio solidale.",
    "housing": "Ha ricevuto un sollecito per l'affitto arretrato.",
    "work": "Ha perso il lavoro da pochi mesi, cerca un impiego.",
    "education": "I figli hanno bisogno di sostegno nei compiti.",
    "language": "Vorrebbe frequentare un corso di italiano.",
    "family_relations": "Racconta tensioni in famiglia dopo la separazione.",
    "legal": "Ha un dubbio su un contratto di affitto.",
}
SERVICES = {
    "health": "Sportello CUP dell'ASL TO3",
    "bureaucracy_digital": "Punto digitale facile del Comune",
    "work": "Centro per l'Impiego",
    "legal": "Sportello legale gratuito",
    "language": "Corso di italiano del CPIA",
}
FEEDBACK = {
    ReferralState.ACCEPTED: (
        "Presa in carico: fissato un primo colloquio.",
        "Accettato, la contattiamo entro la settimana.",
    ),
    ReferralState.DECLINED: (
        "Non rientra nei requisiti del progetto: suggeriamo lo sportello del Comune.",
        "Posti esauriti per quest'anno, ci risentiamo a gennaio.",
    ),
    ReferralState.IN_PROGRESS: (
        "Abbinamento avviato, primi incontri in corso.",
        "Percorso iniziato, incontri settimanali.",
    ),
    ReferralState.COMPLETED: (
        "Percorso concluso con esito positivo.",
        "Obiettivi raggiunti, la persona resta in contatto con il gruppo.",
    ),
    ReferralState.DROPPED: (
        "La persona ha rinunciato dopo il primo incontro.",
        "Interrotto: la persona si è trasferita.",
    ),
}
# The path to each final or current state, after "sent".
PATHS = {
    ReferralState.SENT: (),
    ReferralState.ACCEPTED: (ReferralState.ACCEPTED,),
    ReferralState.DECLINED: (ReferralState.DECLINED,),
    ReferralState.IN_PROGRESS: (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS),
    ReferralState.COMPLETED: (
        ReferralState.ACCEPTED,
        ReferralState.IN_PROGRESS,
        ReferralState.COMPLETED,
    ),
    ReferralState.DROPPED: (ReferralState.ACCEPTED, ReferralState.DROPPED),
}
# Every state shows up first, an overdue "sent" included; then the usual mix.
FIRST_STATES = ("overdue", *ReferralState.values)
STATE_WEIGHTS = {
    "overdue": 2,
    ReferralState.SENT: 2,
    ReferralState.ACCEPTED: 2,
    ReferralState.DECLINED: 1,
    ReferralState.IN_PROGRESS: 3,
    ReferralState.COMPLETED: 3,
    ReferralState.DROPPED: 1,
}
PLAN_ACTIONS = (
    ("Accompagnare alla prima visita del medico di base", "Operatore dello Spazio"),
    ("Attivare la consegna della spesa a domicilio", "Volontari Auser"),
    ("Presentare la domanda di ISEE al CAF", "La persona, con la figlia"),
    ("Verificare l'attivazione dell'affido diurno", "Gruppo Arco"),
    ("Iscrizione al gruppo di cammino del quartiere", "La persona"),
    ("Chiamata di controllo dopo due settimane", ""),
)


@dataclass(frozen=True)
class Target:
    project: Project | None
    organization: Organization
    answered_by: User
    summary: str


def _receiver(organization: Organization, username: str, password: str) -> User:
    """A demo member of `organization` who answers its referrals (with the demo logins'
    `password`)."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.trama.invalid",
            "first_name": "Sara",
            "last_name": "Audisio",
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    RoleGrant.objects.get_or_create(
        user=user,
        role=Role.ETS_MEMBER,
        scope_kind=ScopeKind.ORGANIZATION,
        scope_id=organization.pk,
        revoked_at__isnull=True,
    )
    return User.objects.get(pk=user.pk)


def _targets(coordinator: User, password: str) -> dict[str, Target]:
    organizations = {
        o.name: o
        for o in Organization.objects.filter(
            name__in=(CONSORTIUM_NAME, "Gruppo Arco", "Auser Grugliasco", "ASL TO3")
        )
    }
    projects = {p.slug: p for p in Project.objects.all()}
    ets = User.objects.filter(username="ets").first() or coordinator
    partner = User.objects.filter(username="partner").first() or coordinator
    arco = _receiver(organizations["Gruppo Arco"], ARCO_USERNAME, password)
    consortium = organizations[CONSORTIUM_NAME]
    return {
        "affido": Target(
            projects.get("mi-affido-a-te"),
            organizations["Gruppo Arco"],
            arco,
            "Persona anziana che vive sola, rete familiare debole: chiede compagnia di giorno.",
        ),
        "food": Target(
            projects.get("solidarieta-alimentare"),
            consortium,
            coordinator,
            "Nucleo in difficoltà economica: chiede l'accesso all'emporio solidale.",
        ),
        "auser": Target(
            projects.get("cittadella-del-welfare"),
            organizations["Auser Grugliasco"],
            ets,
            "Chiede accompagnamento alle visite mediche e compagnia telefonica.",
        ),
        "health": Target(
            None,
            organizations["ASL TO3"],
            partner,
            "Chiede un orientamento ai servizi sanitari del distretto.",
        ),
    }


def _weighted_needs(rng: random.Random, weights: dict[str, int], needs: dict[str, Need]) -> list:
    codes = list(weights)
    chosen: dict[str, None] = {}
    for _ in range(rng.randint(1, 3)):
        chosen[rng.choices(codes, [weights[c] for c in codes])[0]] = None
    return [needs[c] for c in chosen if c in needs]


def _target_for(rng: random.Random, person: Person, needs: list[Need], elder: bool) -> str:
    codes = {n.code for n in needs}
    if elder and ("isolation" in codes or person.lives_alone):
        return "affido" if rng.random() < 0.7 else "auser"
    if codes & {"food", "economic_hardship"}:
        return "food"
    if "health" in codes:
        return "health"
    return rng.choice(("affido", "food", "auser", "health")) if elder else "food"


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, 0), tzinfo=timezone.get_current_timezone()
    )


def _refer(
    rng: random.Random,
    *,
    state: str,
    person: Person,
    hub: Hub,
    operator: User,
    target: Target,
    held_on: datetime.date,
    now: datetime.datetime,
) -> None:
    overdue_days = answer_days()
    if state == "overdue":
        sent = now - datetime.timedelta(days=rng.randint(overdue_days + 2, overdue_days + 25))
    elif state == ReferralState.SENT:
        sent = now - datetime.timedelta(days=rng.randint(0, max(0, overdue_days - 2)), hours=2)
    else:
        sent = _at(held_on, rng.randint(9, 17)) + datetime.timedelta(days=rng.randint(0, 3))
        sent = min(sent, now - datetime.timedelta(days=6))
    referral = services.referral_send(
        actor=operator,
        person=person,
        from_hub=hub,
        to_organization=target.organization,
        to_project=target.project,
        shared_summary=target.summary,
        reason="Emerso durante l'ascolto allo Spazio.",
        now=sent,
    )
    step_at = sent
    for step in PATHS.get(state, ()):
        step_at = min(step_at + datetime.timedelta(days=rng.randint(1, 5)), now)
        referral = services.TRANSITION_SERVICES[step](
            actor=target.answered_by,
            referral=referral,
            feedback=rng.choice(FEEDBACK[step]),
            now=step_at,
        )


def _plan(
    rng: random.Random, *, person: Person, hub: Hub, operator: User, today: datetime.date
) -> None:
    plan = services.plan_create(
        actor=operator,
        person=person,
        hub=hub,
        goals="Ridurre l'isolamento e accompagnare la persona ai servizi del territorio.",
        next_review_on=today + datetime.timedelta(days=rng.randint(3, 60)),
    )
    for description, owner_text in rng.sample(PLAN_ACTIONS, rng.randint(2, 4)):
        # Some overdue, some due this week, some later.
        due = today + datetime.timedelta(days=rng.choice((-12, -3, 0, 2, 5, 14, 30)))
        action = services.plan_action_add(
            actor=operator,
            plan=plan,
            description=description,
            due_on=due,
            owner=None if owner_text else operator,
            owner_text=owner_text,
        )
        if due < today and rng.random() < 0.4:
            services.plan_action_set_status(actor=operator, action=action, status=ActionStatus.DONE)
    if rng.random() < 0.5:
        services.plan_review_record(
            actor=operator,
            plan=plan,
            reviewed_on=today - datetime.timedelta(days=rng.randint(1, 20)),
            notes="Incontro di verifica: la persona partecipa volentieri alle attività.",
            next_review_on=today + datetime.timedelta(days=rng.randint(20, 90)),
        )


APPOINTMENT_HOURS = ((9, 0), (10, 30), (14, 0), (16, 0))
APPOINTMENT_PURPOSES = (
    "Colloquio di ascolto",
    "Verifica del progetto individuale",
    "Aiuto per la domanda ISEE",
    "Incontro con la famiglia",
)


def _appointments_today(rng: random.Random, persons, *, hub: Hub, operator: User, today) -> None:
    """A few appointments today at each hub, so the dashboard has a day to show."""
    adults = [p for p in persons if p.birth_date and (today - p.birth_date).days >= 18 * 365]
    chosen = rng.sample(adults, min(len(APPOINTMENT_HOURS), len(adults)))
    for (hour, minute), person in zip(APPOINTMENT_HOURS[: len(chosen)], chosen, strict=True):
        services.appointment_create(
            actor=operator,
            person=person,
            hub=hub,
            starts_at=timezone.make_aware(
                datetime.datetime.combine(today, datetime.time(hour, minute))
            ),
            duration_minutes=rng.choice((30, 45, 60)),
            channel=rng.choices(Channel.values, (6, 3, 1))[0],
            purpose=rng.choice(APPOINTMENT_PURPOSES),
        )


def _screenings(rng: random.Random, person: Person, *, hub: Hub, operator: User, today) -> None:
    """Two or three questionnaires months apart, answered at random, scored by the service."""
    for months_ago in sorted(rng.sample((1, 4, 7, 10), rng.choice((2, 3))), reverse=True):
        taken_on = today - datetime.timedelta(days=30 * months_ago)
        for instrument in INSTRUMENTS.values():
            services.screening_record(
                actor=operator,
                person=person,
                instrument=instrument.code,
                answers={i.code: rng.choice(i.options).code for i in instrument.items},
                taken_on=taken_on,
                hub=hub,
            )


@transaction.atomic
def ensure_needs_taxonomy() -> None:
    """The needs taxonomy, as data migration 0002 loads it, for a database that lost it (a
    live-server test's flush empties every table). Only adds what is missing: an edited label
    or a deactivated need stays as it is."""
    for position, (code, label, label_en) in enumerate(NEEDS, start=1):
        Need.objects.get_or_create(
            code=code, defaults={"label": label, "label_en": label_en, "position": position}
        )


def load_demo_casework(people: DemoPeople) -> None:
    """Sessions, referrals and plans for the people created in this run."""
    ensure_needs_taxonomy()
    if not any(people.created.values()):
        return
    rng = random.Random(SEED)
    today = timezone.localdate()
    now = timezone.now()
    needs = {n.code: n for n in Need.objects.filter(is_active=True)}
    targets = _targets(people.coordinator, people.password)
    suggestions = {
        "affido": [t for t in (targets["affido"].project,) if t],
        "food": [t for t in (targets["food"].project,) if t],
    }
    states = list(FIRST_STATES)
    for hub_id, persons in sorted(people.created.items()):
        operator = people.operators[hub_id]
        hub = Hub.objects.get(pk=hub_id)
        for person in persons:
            age = (today - person.birth_date).days // 365 if person.birth_date else 70
            if age < 18:
                continue
            elder = age >= 65
            weights = ELDER_NEEDS if elder else FAMILY_NEEDS
            last_session = None
            for _ in range(rng.choices((1, 2, 3), (5, 3, 2))[0]):
                chosen = _weighted_needs(rng, weights, needs)
                held_on = today - datetime.timedelta(days=rng.randint(0, 150))
                target = _target_for(rng, person, chosen, elder)
                services.session_record(
                    actor=operator,
                    person=person,
                    hub=hub,
                    held_on=held_on,
                    duration_minutes=rng.choice((20, 30, 45, 60, 90)),
                    channel=rng.choices(Channel.values, (6, 3, 1))[0],
                    needs=chosen,
                    notes=" ".join(NOTES[n.code] for n in chosen if n.code in NOTES),
                    suggested_projects=suggestions.get(target, []),
                    suggested_services="; ".join(
                        SERVICES[n.code] for n in chosen if n.code in SERVICES
                    ),
                )
                if last_session is None or held_on > last_session[0]:
                    last_session = (held_on, target)
            if last_session and rng.random() < 0.45:
                if states:
                    state = states.pop(0)
                else:
                    state = rng.choices(list(STATE_WEIGHTS), list(STATE_WEIGHTS.values()))[0]
                _refer(
                    rng,
                    state=state,
                    person=person,
                    hub=hub,
                    operator=operator,
                    target=targets[last_session[1]],
                    held_on=last_session[0],
                    now=now,
                )
            if elder and rng.random() < 0.2:
                _plan(rng, person=person, hub=hub, operator=operator, today=today)
            if elder and rng.random() < 0.3:
                _screenings(rng, person, hub=hub, operator=operator, today=today)
        _appointments_today(rng, persons, hub=hub, operator=operator, today=today)
