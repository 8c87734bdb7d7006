"""Demo data: the cabina di regia of the Cittadella del Welfare of Grugliasco (the seed names
the Consortium and the associations C46, Auser Grugliasco, UniTre and the cooperative Gruppo
Arco), a year of meetings with their decisions and the actions that followed. Idempotent:
nothing is added when the body exists."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from trama.accounts.models import User
from trama.organizations.models import Organization
from trama.participation import services
from trama.participation.models import ActionStatus, Decision, GovernanceBody, Majority
from trama.projects.models import Project

ROME = ZoneInfo("Europe/Rome")
BODY_NAME = "Cabina di regia della Cittadella del Welfare"
MEMBERS = (
    ("Consorzio Ovest Solidale", "Responsabile Area Coesione", "Referente del Welfare di comunità"),
    ("Comune di Grugliasco", "Assessore alle politiche sociali", "Dirigente dei servizi sociali"),
    ("Gruppo Arco", "Presidente della cooperativa", "Coordinatrice dei servizi"),
    ("Auser Grugliasco", "Presidente dell'associazione", "Vicepresidente"),
    ("UniTre Grugliasco - Università della Terza Età", "Rettrice", "Segretario"),
    ("C46", "Presidente dell'associazione", ""),
)
# (months ago, title, agenda: (item, to the vote, decision, actions: (title, owner, days, progress)))
MEETINGS = (
    (
        11,
        "Insediamento della cabina di regia",
        (
            ("Regolamento di funzionamento", True, "Il regolamento è approvato.", ()),
            (
                "Mappatura dei bisogni del quartiere",
                False,
                "Ogni ente raccoglie i bisogni che incontra entro tre mesi.",
                (
                    (
                        "Questionario ai frequentatori dei centri anziani",
                        "Auser Grugliasco",
                        90,
                        100,
                    ),
                ),
            ),
        ),
    ),
    (
        7,
        "Priorità del primo anno",
        (
            (
                "Sportello unico nella Cittadella",
                True,
                "Si apre uno sportello di orientamento comune, due mattine alla settimana.",
                (
                    ("Individuare e allestire i locali", "Comune di Grugliasco", 60, 100),
                    ("Turni di apertura con i volontari", "Auser Grugliasco", 120, 70),
                ),
            ),
            (
                "Corsi di alfabetizzazione digitale per anziani",
                True,
                "Si avvia un ciclo di corsi con UniTre.",
                (
                    (
                        "Primo ciclo di corsi",
                        "UniTre Grugliasco - Università della Terza Età",
                        150,
                        40,
                    ),
                ),
            ),
        ),
    ),
    (
        3,
        "Verifica intermedia",
        (
            (
                "Calendario condiviso delle attività",
                True,
                "Si pubblica un calendario unico delle attività degli enti.",
                (("Calendario pubblico online", "Gruppo Arco", 45, 0),),
            ),
        ),
    ),
)


def load_demo_participation(organizations: dict[str, Organization], coordinator: User) -> None:
    if GovernanceBody.objects.filter(name=BODY_NAME).exists():
        return
    body = services.body_create(
        actor=coordinator,
        name=BODY_NAME,
        description=(
            "La governance partecipata della Cittadella del Welfare di Grugliasco: il Consorzio, "
            "il Comune e gli enti del terzo settore che la co-progettano."
        ),
        project=Project.objects.filter(name="Cittadella del Welfare").first(),
        quorum_percent=50,
        majority=Majority.SIMPLE,
    )
    members = {}
    today = timezone.localdate()
    for name, representative, substitute in MEMBERS:
        organization = organizations.get(name)
        if organization is None:
            continue
        members[name] = services.member_add(
            actor=coordinator,
            body=body,
            organization=organization,
            representative=representative,
            substitute=substitute,
            joined_on=today - dt.timedelta(days=365),
        )
    for months_ago, title, agenda in MEETINGS:
        _demo_meeting(body, members, organizations, coordinator, months_ago, title, agenda)


def _demo_meeting(body, members, organizations, coordinator, months_ago, title, agenda) -> None:
    day = timezone.localdate() - dt.timedelta(days=30 * months_ago)
    start = dt.datetime.combine(day, dt.time(17, 30), tzinfo=ROME)
    meeting = services.meeting_create(
        actor=coordinator,
        body=body,
        title=title,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Cittadella del Welfare, Grugliasco",
        agenda=[(item, vote) for item, vote, _text, _actions in agenda],
    )
    meeting = services.meeting_convene(actor=coordinator, meeting=meeting)
    # All present but the last member; the Comune by its substitute.
    present = list(members.values())[:-1]
    meeting = services.meeting_record_attendance(
        actor=coordinator,
        meeting=meeting,
        present={m.pk: m.organization.name == "Comune di Grugliasco" for m in present},
        version=meeting.version,
    )
    for item, (_title, vote, text, actions) in zip(meeting.items.all(), agenda, strict=True):
        if vote:
            votes = {m.pk: "yes" for m in present}
            votes[present[-1].pk] = "abstain"
            decision = services.item_vote(actor=coordinator, item=item, votes=votes, text=text)
        else:
            decision = services.item_agree(actor=coordinator, item=item, text=text)
        Decision.objects.filter(pk=decision.pk).update(decided_at=start + dt.timedelta(hours=1))
        for action_title, owner, days, progress in actions:
            action = services.action_create(
                actor=coordinator,
                decision=decision,
                title=action_title,
                due_date=day + dt.timedelta(days=days),
                owner_organization=organizations.get(owner),
                owner_name="" if owner in organizations else owner,
            )
            if progress:
                services.action_report(
                    actor=coordinator,
                    action=action,
                    progress=progress,
                    status=ActionStatus.DONE if progress == 100 else ActionStatus.IN_PROGRESS,
                    note="Aggiornamento presentato in cabina di regia.",
                    version=action.version,
                )
    services.meeting_close(
        actor=coordinator,
        meeting=meeting,
        minutes=f"Verbale della riunione «{title}»: presenti {len(present)} enti su {len(members)}.",
    )
