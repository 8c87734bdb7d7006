"""Demo calls (issue 5, point 10): the past co-design call of the Cittadella del Welfare of
Grugliasco, with its proposals, committee, scores, ranking, co-design sessions and project
document, and one call open now.

The seed page says the co-design of the Cittadella is under way ("sta contribuendo alla
co-progettazione"), with the associations C46, Auser Grugliasco, UniTre and the cooperative
Gruppo Arco: so the past call's submissions, evaluation and ranking are over and its table is
still in co-design (its agreement is left for the demo user to conclude). The Auser
Grugliasco — the demo ETS member's organisation — leads the first selected proposal, so that
member sees the table and may propose versions of the document; it also meets the open
call's requirements. Every other proposal's text is fictitious.

Idempotent: a call that already exists by title is left as it is; users and grants are
found before being created. Dates are relative to the day of loading.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from trama.accounts.demo import demo_grant, demo_user
from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.calls.models import (
    BudgetLine,
    Call,
    CallKind,
    CallState,
    CodesignParticipant,
    CodesignSession,
    CommitteeMember,
    CommitteeRole,
    ConflictDeclaration,
    Criterion,
    DocumentVersion,
    Proposal,
    ProposalActivity,
    ProposalIndicator,
    ProposalPartner,
    ProposalState,
    Question,
    Score,
    TieBreak,
)
from trama.calls.services.proposal_receipt import content_fingerprint, proposal_snapshot
from trama.organizations.models import ActivitySector, Organization
from trama.projects.models import TargetGroup
from trama.territory.models import Municipality

PAST_CALL_TITLE = "Avviso di co-progettazione per la Cittadella del Welfare di Grugliasco"
OPEN_CALL_TITLE = "Avviso di co-progettazione: attività di comunità per le persone over 65"
EVALUATOR_USERNAME = "valutatore"
CONSORTIUM_MUNICIPALITIES = ("Collegno", "Grugliasco", "Rivoli", "Rosta", "Villarbasse")


@dataclass(frozen=True)
class DemoCallLogin:
    username: str
    role: str
    scope: str


@dataclass(frozen=True)
class DemoProposal:
    lead: str
    title: str
    summary: str
    partners: tuple[str, ...]
    total: Decimal
    cofunding: Decimal  # in cash
    volunteer_hours: Decimal
    points: tuple[Decimal, ...]  # one per criterion
    state: str
    rank: int
    activities: tuple[tuple[str, int], ...]
    indicators: tuple[tuple[str, str, Decimal], ...]


CRITERIA = (
    ("Qualità e coerenza della proposta con le finalità dell'avviso", Decimal("40"), Decimal("1")),
    ("Radicamento nel territorio e rete di partner", Decimal("30"), Decimal("1")),
    ("Co-finanziamento e sostenibilità nel tempo", Decimal("30"), Decimal("1")),
)

PAST_PROPOSALS = (
    DemoProposal(
        lead="Auser Grugliasco",
        title="Cabina di regia e punto di comunità della Cittadella",
        summary=(
            "Una cabina di regia partecipata con le associazioni del territorio e un punto di "
            "comunità aperto tre giorni alla settimana per accogliere, orientare e accompagnare "
            "ai servizi i cittadini in condizione di fragilità socio-economica."
        ),
        partners=("C46", "UniTre Grugliasco - Università della Terza Età"),
        total=Decimal("64000.00"),
        cofunding=Decimal("6000.00"),
        volunteer_hours=Decimal("400"),
        points=(Decimal("36"), Decimal("27"), Decimal("24")),
        state=ProposalState.IN_CODESIGN,
        rank=1,
        activities=(
            ("Cabina di regia mensile con gli ETS e i servizi", 40),
            ("Punto di comunità: accoglienza e orientamento", 300),
            ("Laboratori intergenerazionali con l'UniTre", 80),
        ),
        indicators=(
            ("Persone accolte al punto di comunità", "persone", Decimal("300")),
            ("Incontri della cabina di regia", "incontri", Decimal("10")),
        ),
    ),
    DemoProposal(
        lead="Gruppo Arco",
        title="Servizi di prossimità per cittadini fragili",
        summary=(
            "Educatori e operatori della cooperativa affiancano il punto di comunità con "
            "accompagnamenti, piccole commissioni e un servizio di ascolto a domicilio."
        ),
        partners=(),
        total=Decimal("48000.00"),
        cofunding=Decimal("7200.00"),
        volunteer_hours=Decimal("0"),
        points=(Decimal("32"), Decimal("24"), Decimal("22")),
        state=ProposalState.IN_CODESIGN,
        rank=2,
        activities=(("Accompagnamenti e commissioni", 120), ("Ascolto a domicilio", 60)),
        indicators=(("Persone accompagnate", "persone", Decimal("120")),),
    ),
    DemoProposal(
        lead="Donne in Rete Grugliasco APS",
        title="Sportello donne e famiglie alla Cittadella",
        summary=(
            "Uno sportello settimanale di informazione per donne e famiglie, con consulenze "
            "legali gratuite su appuntamento."
        ),
        partners=(),
        total=Decimal("22000.00"),
        cofunding=Decimal("2200.00"),
        volunteer_hours=Decimal("0"),
        points=(Decimal("22"), Decimal("18"), Decimal("14")),
        state=ProposalState.NOT_SELECTED,
        rank=3,
        activities=(("Sportello settimanale", 90),),
        indicators=(("Consulenze svolte", "consulenze", Decimal("60")),),
    ),
)

DOCUMENT_VERSIONS = (
    (
        "coordinatrice",
        "Prima stesura a partire dalle proposte selezionate",
        "Cittadella del Welfare di Grugliasco – documento progettuale",
        (
            "Finalità\n"
            "Sviluppare un nuovo modo di attivare i servizi insieme agli ETS del territorio.\n\n"
            "Governance\n"
            "Una cabina di regia si riunisce ogni mese con il Consorzio, il Comune e le "
            "associazioni.\n\n"
            "Attività\n"
            "Punto di comunità aperto tre giorni alla settimana.\n"
            "Accompagnamenti e commissioni per le persone fragili.\n\n"
            "Budget\n"
            "Da definire al tavolo."
        ),
    ),
    (
        "ets",
        "Orari del punto di comunità e laboratori con l'UniTre",
        "Cittadella del Welfare di Grugliasco – documento progettuale",
        (
            "Finalità\n"
            "Sviluppare un nuovo modo di attivare i servizi insieme agli ETS del territorio.\n\n"
            "Governance\n"
            "Una cabina di regia si riunisce ogni mese con il Consorzio, il Comune e le "
            "associazioni.\n\n"
            "Attività\n"
            "Punto di comunità aperto quattro giorni alla settimana, anche il sabato mattina.\n"
            "Accompagnamenti e commissioni per le persone fragili.\n"
            "Laboratori intergenerazionali con l'UniTre.\n\n"
            "Budget\n"
            "Da definire al tavolo."
        ),
    ),
    (
        "coordinatrice",
        "Budget concordato nell'incontro di novembre",
        "Cittadella del Welfare di Grugliasco – documento progettuale",
        (
            "Finalità\n"
            "Sviluppare un nuovo modo di attivare i servizi insieme agli ETS del territorio, "
            "con una governance partecipata.\n\n"
            "Governance\n"
            "Una cabina di regia si riunisce ogni mese con il Consorzio, il Comune e le "
            "associazioni C46, Auser Grugliasco, UniTre e la cooperativa Gruppo Arco.\n\n"
            "Attività\n"
            "Punto di comunità aperto quattro giorni alla settimana, anche il sabato mattina.\n"
            "Accompagnamenti e commissioni per le persone fragili.\n"
            "Laboratori intergenerazionali con l'UniTre.\n\n"
            "Budget\n"
            "100.000 € in due anni: 58.000 € alla rete guidata da Auser Grugliasco, 42.000 € "
            "al Gruppo Arco."
        ),
    ),
)

SESSIONS = (
    # days from today, agenda, minutes, decisions
    (
        -60,
        "Presentazione delle proposte selezionate e metodo di lavoro del tavolo",
        "Il Consorzio presenta la graduatoria e il calendario. Le proposte di Auser "
        "Grugliasco e del Gruppo Arco sono complementari: si lavora a un unico progetto.",
        "Un solo documento progettuale condiviso; incontri mensili.",
    ),
    (
        -30,
        "Orari del punto di comunità, ruolo della cabina di regia",
        "Le associazioni propongono l'apertura anche il sabato mattina. La cabina di regia "
        "comprende il Comune di Grugliasco.",
        "Apertura su quattro giorni; cabina di regia mensile.",
    ),
    (
        -10,
        "Budget e indicatori",
        "Si ripartisce il budget tra le due reti e si fissano gli indicatori.",
        "Budget di 100.000 € in due anni; indicatori: persone accolte, incontri della cabina.",
    ),
    (14, "Testo della convenzione", "", ""),
)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An instant in Italian time."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _organization(organizations: dict[str, Organization], name: str) -> Organization:
    return organizations.get(name) or Organization.objects.get(name=name)


def _criteria(call: Call) -> list[Criterion]:
    return [
        Criterion.objects.create(
            call=call, position=position, title=title, max_points=points, weight=weight
        )
        for position, (title, points, weight) in enumerate(CRITERIA, start=1)
    ]


def _proposal(
    call: Call,
    spec: DemoProposal,
    organizations: dict[str, Organization],
    *,
    author: User,
    submitted_at: datetime.datetime,
) -> Proposal:
    proposal = Proposal.objects.create(
        call=call,
        lead=_organization(organizations, spec.lead),
        title=spec.title,
        summary=spec.summary,
        expected_beneficiaries=sum(number for _, number in spec.activities),
        total_budget=spec.total,
        state=ProposalState.DRAFT,
        created_by=author,
    )
    proposal.target_groups.set(call.target_groups.all())
    for position, (title, number) in enumerate(spec.activities, start=1):
        ProposalActivity.objects.create(
            proposal=proposal, position=position, title=title, expected_number=number
        )
    for name, unit, target in spec.indicators:
        ProposalIndicator.objects.create(proposal=proposal, name=name, unit=unit, target=target)
    volunteer_value = spec.volunteer_hours * call.volunteer_hour_rate
    BudgetLine.objects.create(
        proposal=proposal,
        position=1,
        description="Personale e coordinamento",
        amount=spec.total,
        consortium_share=spec.total - spec.cofunding - volunteer_value,
        cofunding_cash=spec.cofunding,
        volunteer_hours=spec.volunteer_hours,
    )
    for name in spec.partners:
        ProposalPartner.objects.create(
            proposal=proposal,
            organization=_organization(organizations, name),
            role="Partner di progetto",
            confirmed_at=submitted_at - datetime.timedelta(days=2),
        )
    # Submitted as the proposal service would freeze it: content, instant and fingerprint.
    content = proposal_snapshot(
        Proposal.objects.prefetch_related(
            "target_groups", "activities", "indicators", "budget_lines", "partners__organization"
        ).get(pk=proposal.pk),
        submitted_at=submitted_at,
    )
    Proposal.objects.filter(pk=proposal.pk).update(
        state=spec.state,
        submitted_at=submitted_at,
        submitted_content=content,
        fingerprint=content_fingerprint(content),
        committee_score=sum(spec.points, Decimal("0")),
        rank=spec.rank,
    )
    proposal.refresh_from_db()
    return proposal


def _past_call(
    organizations: dict[str, Organization], *, coordinator: User, evaluator: User, member: User
) -> Call:
    today = timezone.localdate()
    call = Call.objects.filter(title=PAST_CALL_TITLE).first()
    if call is not None:
        return call
    call = Call.objects.create(
        title=PAST_CALL_TITLE,
        kind=CallKind.CO_DESIGN,
        purpose=(
            "Individuare gli Enti del Terzo Settore con cui co-progettare la “Cittadella del "
            "Welfare” di Grugliasco: un nuovo modo di attivare i servizi insieme agli ETS del "
            "territorio, con una cabina di regia per una governance partecipata, per i cittadini "
            "in condizione di fragilità socio-economica e non solo (art. 55 del Codice del "
            "Terzo Settore)."
        ),
        budget_available=Decimal("120000.00"),
        min_cofunding_percent=Decimal("10.00"),
        requires_runts=True,
        requires_local_presence=True,
        admission_threshold=Decimal("60.00"),
        tie_break=TieBreak.FIRST_CRITERION,
        publication_date=today - datetime.timedelta(days=150),
        questions_deadline=_at(today - datetime.timedelta(days=125), 12),
        proposals_deadline=_at(today - datetime.timedelta(days=120), 12),
        evaluation_by=today - datetime.timedelta(days=90),
        codesign_by=today + datetime.timedelta(days=30),
        agreement_by=today + datetime.timedelta(days=45),
        state=CallState.CO_DESIGN,
        created_by=coordinator,
    )
    call.target_groups.set(
        TargetGroup.objects.filter(code__in=("fragilita-socio-economica", "cittadinanza"))
    )
    call.municipalities.set(Municipality.objects.filter(name="Grugliasco"))
    criteria = _criteria(call)
    CommitteeMember.objects.create(call=call, user=evaluator, role=CommitteeRole.PRESIDENT)
    CommitteeMember.objects.create(call=call, user=coordinator, role=CommitteeRole.SECRETARY)
    demo_grant(evaluator, Role.EVALUATOR, ScopeKind.CALL, call.pk)
    Question.objects.create(
        call=call,
        text="Le ore di volontariato possono valere come co-finanziamento?",
        asked_by=member,
        organization=_organization(organizations, "Auser Grugliasco"),
        asked_at=_at(today - datetime.timedelta(days=140), 10),
        answer=(
            "Sì: sono valorizzate alla tariffa oraria indicata nell'avviso e contano nella "
            "quota minima di co-finanziamento."
        ),
        answered_by=coordinator,
        answered_at=_at(today - datetime.timedelta(days=138), 16),
    )

    scored_at = _at(today - datetime.timedelta(days=100), 15)
    for number, spec in enumerate(PAST_PROPOSALS):
        proposal = _proposal(
            call,
            spec,
            organizations,
            author=member,
            submitted_at=_at(today - datetime.timedelta(days=122 - number), 11, 5 * number),
        )
        ConflictDeclaration.objects.create(
            proposal=proposal,
            evaluator=evaluator,
            has_conflict=False,
            declared_at=scored_at - datetime.timedelta(hours=1),
        )
        for criterion, points in zip(criteria, spec.points, strict=True):
            Score.objects.create(
                proposal=proposal,
                criterion=criterion,
                evaluator=evaluator,
                points=points,
                justification=(
                    f"{points} punti su {criterion.max_points}: valutazione della commissione "
                    "sulla base della proposta e degli allegati."
                ),
                scored_at=scored_at,
            )

    participants = [
        _organization(organizations, name)
        for name in (
            "Auser Grugliasco",
            "C46",
            "Gruppo Arco",
            "UniTre Grugliasco - Università della Terza Età",
        )
    ]
    for days, agenda, minutes, decisions in SESSIONS:
        held_at = _at(today + datetime.timedelta(days=days), 17, 30)
        session = CodesignSession.objects.create(
            call=call,
            held_at=held_at,
            place="Comune di Grugliasco, sala consiliare",
            agenda=agenda,
            minutes=minutes,
            decisions=decisions,
            created_by=coordinator,
        )
        past = days < 0
        CodesignParticipant.objects.bulk_create(
            [
                CodesignParticipant(session=session, organization=o, name=o.name, present=past)
                for o in participants
            ]
            + [
                CodesignParticipant(
                    session=session,
                    name="Referente dei servizi sociali, Comune di Grugliasco",
                    present=past and days != -30,
                )
            ]
        )
    authors = {"coordinatrice": coordinator, "ets": member}
    for number, (author, note, title, body) in enumerate(DOCUMENT_VERSIONS, start=1):
        version = DocumentVersion.objects.create(
            call=call,
            number=number,
            title=title,
            body=body,
            note=note if number > 1 else "",
            author=authors[author],
        )
        # Versions follow the sessions: one before the first, one after each.
        DocumentVersion.objects.filter(pk=version.pk).update(
            created_at=_at(today + datetime.timedelta(days=-62 + 25 * (number - 1)), 10)
        )
    return call


def _open_call(*, coordinator: User, evaluator: User) -> Call:
    today = timezone.localdate()
    call = Call.objects.filter(title=OPEN_CALL_TITLE).first()
    if call is not None:
        return call
    call = Call.objects.create(
        title=OPEN_CALL_TITLE,
        kind=CallKind.CO_DESIGN,
        purpose=(
            "Co-progettare con gli ETS del territorio attività di comunità per le persone over "
            "65 sole o con reti familiari fragili, in collegamento con gli Spazi AnCoRe: "
            "socialità, accompagnamenti, piccoli servizi di prossimità."
        ),
        budget_available=Decimal("60000.00"),
        min_cofunding_percent=Decimal("10.00"),
        requires_runts=True,
        requires_local_presence=True,
        admission_threshold=Decimal("60.00"),
        publication_date=today - datetime.timedelta(days=10),
        questions_deadline=_at(today + datetime.timedelta(days=20), 12),
        proposals_deadline=_at(today + datetime.timedelta(days=30), 12),
        evaluation_by=today + datetime.timedelta(days=60),
        codesign_by=today + datetime.timedelta(days=120),
        agreement_by=today + datetime.timedelta(days=150),
        state=CallState.PUBLISHED,
        created_by=coordinator,
    )
    call.target_groups.set(TargetGroup.objects.filter(code="over-65"))
    call.municipalities.set(Municipality.objects.filter(name__in=CONSORTIUM_MUNICIPALITIES))
    # Sector a) of art. 5 CTS, social services: the demo ETS (Auser Grugliasco) has it.
    call.required_sectors.set(ActivitySector.objects.filter(code="a"))
    _criteria(call)
    CommitteeMember.objects.create(call=call, user=evaluator, role=CommitteeRole.PRESIDENT)
    demo_grant(evaluator, Role.EVALUATOR, ScopeKind.CALL, call.pk)
    return call


@transaction.atomic
def load_demo_calls(
    organizations: dict[str, Organization], *, password: str
) -> list[DemoCallLogin]:
    """The two demo calls and the evaluator who sits on both committees. Needs the demo
    organisations, projects' target groups and the users `coordinatrice` and `ets`."""
    coordinator = User.objects.get(username="coordinatrice")
    member = User.objects.get(username="ets")
    evaluator = demo_user(EVALUATOR_USERNAME, "Franco", "Rinaldi", password)
    past = _past_call(organizations, coordinator=coordinator, evaluator=evaluator, member=member)
    current = _open_call(coordinator=coordinator, evaluator=evaluator)
    # The grants follow the calls even when the calls were there already.
    for call in (past, current):
        demo_grant(evaluator, Role.EVALUATOR, ScopeKind.CALL, call.pk)
    return [DemoCallLogin(EVALUATOR_USERNAME, str(Role.EVALUATOR.label), current.title)]
