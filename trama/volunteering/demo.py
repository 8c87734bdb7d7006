"""Demo volunteers for `make run`: candidates at every step of the path, one with an expired
criminal-record certificate (the supervisor's flag); the elders the casework demo referred
and the project accepted, with their profiles, one matching run and the pairing chosen from
it — all written through the audited services by the demo supervisor. Idempotent: nothing is
added once volunteers exist."""

import datetime
from decimal import Decimal

from django.utils import timezone

from trama.accounts.demo import DEMO_EMAIL_DOMAIN
from trama.accounts.models import User
from trama.core.errors import DomainError
from trama.territory.models import Municipality
from trama.volunteering import selectors, services
from trama.volunteering.models import Volunteer
from trama.volunteering.models import VolunteerState as V

# (first name, last name, municipality, slots, languages, interests, means, final state)
VOLUNTEERS = [
    ("Lucia", "Barbero", "Collegno", ["mon-am", "wed-am"], ["italiano"], ["carte"], [], V.APPLIED),
    (
        "Giorgio",
        "Vietti",
        "Grugliasco",
        ["tue-pm"],
        ["italiano"],
        ["passeggiate"],
        ["auto"],
        V.INTERVIEW_SCHEDULED,
    ),
    (
        "Ioana",
        "Popescu",
        "Rivoli",
        ["thu-am", "fri-am"],
        ["italiano", "rumeno"],
        ["cucina"],
        ["autobus"],
        V.INTERVIEWED,
    ),
    ("Franca", "Audisio", "Rosta", ["mon-pm"], ["italiano"], ["lettura"], [], V.NOT_APPROVED),
    (
        "Mario",
        "Giordano",
        "Collegno",
        ["sat-am", "sun-am"],
        ["italiano", "piemontese"],
        ["orto", "carte"],
        ["auto"],
        V.TRAINED,
    ),
    (
        "Sara",
        "Bertola",
        "Grugliasco",
        ["mon-am", "tue-am", "wed-pm"],
        ["italiano", "inglese"],
        ["musica"],
        ["auto", "bicicletta"],
        V.AVAILABLE,
    ),
    (
        "Ahmed",
        "Benali",
        "Rivoli",
        ["wed-pm", "fri-pm"],
        ["italiano", "arabo", "francese"],
        ["passeggiate"],
        ["autobus"],
        V.AVAILABLE,
    ),
    ("Teresa", "Cravero", "Collegno", ["thu-pm"], ["italiano"], ["cucito"], [], V.PAUSED),
]
PATH = [
    V.INTERVIEW_SCHEDULED, V.INTERVIEWED, V.APPROVED, V.TRAINED, V.AVAILABLE, V.PAIRED, V.PAUSED,
]  # fmt: skip


def _walk(supervisor: User, volunteer: Volunteer, target: str) -> None:
    now = timezone.now()
    steps = {
        V.INTERVIEW_SCHEDULED: lambda: services.volunteer_schedule_interview(
            actor=supervisor, volunteer=volunteer, at=now + datetime.timedelta(days=3)
        ),
        V.INTERVIEWED: lambda: services.volunteer_record_interview(
            actor=supervisor, volunteer=volunteer, notes="Colloquio positivo, buona motivazione."
        ),
        V.APPROVED: lambda: services.volunteer_approve(actor=supervisor, volunteer=volunteer),
        V.TRAINED: lambda: services.volunteer_mark_trained(actor=supervisor, volunteer=volunteer),
        V.AVAILABLE: lambda: services.volunteer_make_available(
            actor=supervisor, volunteer=volunteer
        ),
        V.PAIRED: lambda: services.volunteer_mark_paired(actor=supervisor, volunteer=volunteer),
        V.PAUSED: lambda: services.volunteer_pause(
            actor=supervisor, volunteer=volunteer, note="Pausa per motivi familiari."
        ),
    }
    if target == V.NOT_APPROVED:
        for step in PATH[:2]:
            steps[step]()
        services.volunteer_reject(
            actor=supervisor, volunteer=volunteer, note="Disponibilità non compatibile."
        )
        return
    for step in PATH[: PATH.index(target) + 1] if target != V.APPLIED else []:
        steps[step]()


def load_demo_volunteers(supervisor: User, *, password: str) -> None:
    if Volunteer.objects.exists():
        return
    today = timezone.localdate()
    for first, last, town, slots, languages, interests, means, target in VOLUNTEERS:
        volunteer = services.volunteer_apply(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}{DEMO_EMAIL_DOMAIN}".lower(),
            municipality=Municipality.objects.get(name=town),
            slots=slots,
            consent=True,
            languages=languages,
            interests=interests,
            means=means,
        )
        _walk(supervisor, volunteer, target)
        volunteer.refresh_from_db()
        if volunteer.user_id:
            # Approved volunteers got their access: the demo's password, like every demo login.
            volunteer.user.set_password(password)
            volunteer.user.save(update_fields=["password"])
        if target in (V.TRAINED, V.AVAILABLE, V.PAUSED):
            # Mario's certificate has run out: the flag the supervisor sees.
            expired = first == "Mario"
            services.document_add(
                actor=supervisor,
                volunteer=volunteer,
                kind="criminal_record",
                issued_on=today - datetime.timedelta(days=400 if expired else 30),
                expires_on=today - datetime.timedelta(days=35 if expired else -335),
            )
    load_demo_elders(supervisor)


# What the demo elders ask for, in turn: (slots, needs, interests).
ELDER_WISHES = (
    (["mon-am", "wed-am"], ["company", "walks"], ["carte"]),
    (["tue-am", "thu-am"], ["company", "phone_calls"], ["cucina"]),
    (["wed-pm", "sat-am"], ["company", "errands"], ["orto"]),
)


def load_demo_elders(supervisor: User) -> None:
    """Profiles for the accepted people of 65 or over (the others stay listed, refused by
    the service with its reason), a matching over them and the first proposal started."""
    today = timezone.localdate()
    profiled = 0
    for person in selectors.elder_candidates(supervisor):
        slots, needs, interests = ELDER_WISHES[profiled % len(ELDER_WISHES)]
        try:
            services.elder_profile_create(
                actor=supervisor, person=person, slots=slots, needs=needs, interests=interests
            )
        except DomainError:
            continue  # under 65, or without a municipality: the page says why
        profiled += 1
    if not profiled or not selectors.matchable_volunteers(supervisor, today).exists():
        return
    run = services.matching_run(actor=supervisor)
    first = run.proposals.order_by("-score", "pk").first()
    if first is None:
        return
    pairing = services.pairing_choose(actor=supervisor, proposal=first)
    pairing = services.pairing_introduce(
        actor=supervisor, pairing=pairing, on=today - datetime.timedelta(days=30)
    )
    services.agreement_save(
        actor=supervisor,
        pairing=pairing,
        objectives="Compagnia due pomeriggi a settimana, passeggiate e piccole commissioni; "
        "aiuto a tenere i contatti con il medico di famiglia.",
        months=6,
        review_dates=[
            today - datetime.timedelta(days=30) + datetime.timedelta(days=days)
            for days in (60, 150)
        ],
        monthly_reimbursement=Decimal("30.00"),
        social_worker="Laura Greco",
    )
    pairing = services.pairing_activate(
        actor=supervisor, pairing=pairing, on=today - datetime.timedelta(days=28)
    )
    # The volunteer's visits since, logged from their own page.
    volunteer_user = pairing.volunteer.user
    for days, minutes, activities, concern in DEMO_VISITS:
        services.visit_log(
            actor=volunteer_user,
            pairing=pairing,
            on=today - datetime.timedelta(days=days),
            minutes=minutes,
            activities=activities,
            concern=concern,
        )


# (days ago, minutes, what they did, anything worrying) of the demo pairing's visits.
DEMO_VISITS = (
    (25, 90, "Caffè e due chiacchiere, sfogliato l'album di famiglia.", ""),
    (18, 120, "Passeggiata fino al mercato, spesa leggera.", ""),
    (11, 60, "Telefonata al medico per prenotare la visita.", ""),
    (4, 90, "Tombola con la vicina.", "Ha saltato il pranzo due volte questa settimana."),
)
