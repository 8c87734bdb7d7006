"""Demo volunteers for `make run`: candidates at every step of the path, one with an expired
criminal-record certificate (the supervisor's flag), written through the audited services
by the demo supervisor. Idempotent: nothing is added once volunteers exist."""

import datetime

from django.utils import timezone

from trama.accounts.models import User
from trama.territory.models import Municipality
from trama.volunteering import services
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


def load_demo_volunteers(supervisor: User) -> None:
    if Volunteer.objects.exists():
        return
    today = timezone.localdate()
    for first, last, town, slots, languages, interests, means, target in VOLUNTEERS:
        volunteer = services.volunteer_apply(
            first_name=first,
            last_name=last,
            email=f"{first}.{last}@example.org".lower(),
            municipality=Municipality.objects.get(name=town),
            slots=slots,
            consent=True,
            languages=languages,
            interests=interests,
            means=means,
        )
        _walk(supervisor, volunteer, target)
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
