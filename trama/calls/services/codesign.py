"""Writes of the co-design table (issue 5, points 5 and 6): opening the table, its sessions,
the shared project document in versions, and the agreement (convenzione) that closes it by
creating or updating a project of the catalog.

Each function is one transaction and writes the access log; bad input raises a
ValidationError with Italian messages and changes nothing. Who may write is explained in
`selectors/codesign.py`.
"""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.capabilities import CHAIR_TABLES
from trama.calls.errors import CallErrors
from trama.calls.models import (
    Agreement,
    AgreementPartner,
    Call,
    CallState,
    CodesignParticipant,
    CodesignSession,
    DocumentVersion,
    ProposalState,
)
from trama.calls.selectors.codesign import (
    SELECTED_STATES,
    participating_organizations,
    takes_part,
)
from trama.calls.services.call import call_conclude, call_start_codesign
from trama.calls.services.proposal_review import proposal_mark_agreed, proposal_start_codesign
from trama.core import formatting, notifications
from trama.core.errors import DomainError, StaleObjectError
from trama.core.formatting import euro
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectIndicator,
    ProjectPartner,
    ProjectStatus,
)
from trama.projects.services import project_create, project_update

ZERO = Decimal("0")


@dataclass(frozen=True)
class AgreedPartner:
    organization: Organization
    role: str  # PartnerRole
    budget_share: Decimal = ZERO


@dataclass(frozen=True)
class AgreedIndicator:
    name: str
    target: Decimal
    unit: str = ""


def _require_chair(actor: User) -> None:
    CHAIR_TABLES.require(actor)


def _locked_call(call: Call) -> Call:
    """The call row, locked for the transaction: two writers of the same table queue up."""
    return Call.objects.select_for_update().get(pk=call.pk)


def _require_in_codesign(call: Call, message: str) -> None:
    if call.state != CallState.CO_DESIGN:
        raise DomainError(
            message % {"state": call.get_state_display()}, code=CallErrors.NOT_IN_CODESIGN
        )


@transaction.atomic
def codesign_open(*, actor: User, call: Call) -> Call:
    """Open the co-design table of a ranked call: the call moves to co-design and its
    selected proposals with it; the participating organisations' members are told."""
    _require_chair(actor)
    call = _locked_call(call)
    if call.state != CallState.RANKED:
        raise DomainError(
            _("The co-design table opens for a ranked call; this call is “%(state)s”.")
            % {"state": call.get_state_display()},
            code="invalid_transition",
        )
    if not call.proposals.filter(state__in=SELECTED_STATES).exists():
        raise DomainError(
            _("No proposal of this call was selected: there is nobody to co-design with."),
            code=CallErrors.NOTHING_SELECTED,
        )
    call_start_codesign(actor=actor, call=call)
    # The call's own service may already have moved the proposals: move those left.
    for proposal in call.proposals.filter(state=ProposalState.SELECTED):
        proposal_start_codesign(actor=actor, proposal=proposal)
    call.refresh_from_db()
    title = call.title
    notifications.notify(
        members_of(participating_organizations(call)),
        subject=lambda: _("Co-design table opened: %(title)s") % {"title": title},
        body=lambda: (
            _(
                "The co-design table of the call “%(title)s” is open. Your organisation takes "
                "part in it: you will find the sessions and the project document on the page below."
            )
            % {"title": title}
        ),
        url_name="calls:codesign_table",
        url_args=[call.pk],
    )
    return call


# --- sessions ------------------------------------------------------------------------------


def _session_errors(*, held_at, agenda: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if held_at is None:
        errors["held_at"] = [_("Give the date and time of the session.")]
    if not agenda.strip():
        errors["agenda"] = [_("Write the agenda of the session.")]
    return errors


@transaction.atomic
def codesign_session_create(
    *,
    actor: User,
    call: Call,
    held_at: datetime.datetime,
    place: str,
    agenda: str,
    invited_organizations: Iterable[Organization] | None = None,
    invited_people: Iterable[str] = (),
) -> CodesignSession:
    """Schedule a session of the table. The invited organisations (by default every
    participating one) must take part in the co-design; `invited_people` are other named
    participants (e.g. "Mario Rossi, Comune di Grugliasco"). Their members are notified."""
    _require_chair(actor)
    call = _locked_call(call)
    _require_in_codesign(
        call, _("Sessions are held while the call is in co-design; this call is “%(state)s”.")
    )
    errors = _session_errors(held_at=held_at, agenda=agenda)
    participating = {o.pk: o for o in participating_organizations(call)}
    organizations = (
        list(participating.values())
        if invited_organizations is None
        else list(invited_organizations)
    )
    strangers = [o.name for o in organizations if o.pk not in participating]
    if strangers:
        errors["invited_organizations"] = [
            _("These organisations do not take part in the co-design: %(names)s.")
            % {"names": ", ".join(strangers)}
        ]
    people = [name.strip() for name in invited_people if name.strip()]
    if any(len(name) > 200 for name in people):
        errors["invited_people"] = [_("Write each name in at most 200 characters.")]
    if not organizations and not people:
        errors.setdefault("invited_organizations", []).append(
            _("Invite at least one organisation or person.")
        )
    if errors:
        raise ValidationError(errors)
    session = CodesignSession.objects.create(
        call=call,
        held_at=held_at,
        place=place.strip(),
        agenda=agenda.strip(),
        created_by=actor,
    )
    CodesignParticipant.objects.bulk_create(
        [CodesignParticipant(session=session, organization=o, name=o.name) for o in organizations]
        + [CodesignParticipant(session=session, name=name) for name in dict.fromkeys(people)]
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=session,
        details={"organizations": sorted(o.pk for o in organizations), "people": len(people)},
    )
    title, when, where = call.title, held_at, session.place

    def body() -> str:
        local = timezone.localtime(when)
        return _(
            "You are invited to a session of the co-design table of the call “%(title)s” on "
            "%(date)s at %(time)s%(place)s."
        ) % {
            "title": title,
            "date": formatting.date_short(local),
            "time": formatting.time_short(local),
            "place": f" ({where})" if where else "",
        }

    notifications.notify(
        members_of(organizations),
        subject=lambda: _("Co-design session: %(title)s") % {"title": title},
        body=body,
        url_name="calls:codesign_session_detail",
        url_args=[session.pk],
    )
    return session


@transaction.atomic
def codesign_session_update(
    *,
    actor: User,
    session: CodesignSession,
    held_at: datetime.datetime,
    place: str,
    agenda: str,
    minutes: str,
    decisions: str,
    present: Iterable[int],
) -> CodesignSession:
    """Record what happened: date, place, agenda, the minutes, the decisions, and who was
    present (`present`: ids of the session's participants)."""
    _require_chair(actor)
    call = _locked_call(session.call)
    _require_in_codesign(
        call,
        _("The sessions can be changed while the call is in co-design; this call is “%(state)s”."),
    )
    errors = _session_errors(held_at=held_at, agenda=agenda)
    participant_ids = set(session.participants.values_list("pk", flat=True))
    present_ids = set(present)
    if present_ids - participant_ids:
        errors["present"] = [_("Only the invited participants can be marked present.")]
    if errors:
        raise ValidationError(errors)
    session.held_at = held_at
    session.place = place.strip()
    session.agenda = agenda.strip()
    session.minutes = minutes.strip()
    session.decisions = decisions.strip()
    session.save(update_fields=["held_at", "place", "agenda", "minutes", "decisions"])
    session.participants.filter(pk__in=present_ids).update(present=True)
    session.participants.exclude(pk__in=present_ids).update(present=False)
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=session,
        details={"present": sorted(present_ids)},
    )
    return session


# --- the project document ------------------------------------------------------------------


@transaction.atomic
def document_version_create(
    *,
    actor: User,
    call: Call,
    title: str,
    body: str,
    note: str = "",
    based_on: int | None,
) -> DocumentVersion:
    """Save a new version of the table's project document (number + 1, its author and what
    changed). `based_on` is the version the author started from (None for the first): if
    someone saved another one meanwhile, nothing is written and StaleObjectError says so."""
    if not (CHAIR_TABLES.allows(actor) or takes_part(actor, call)):
        raise PermissionDenied
    call = _locked_call(call)
    _require_in_codesign(
        call,
        _("The project document changes while the call is in co-design; this call is “%(state)s”."),
    )
    latest = call.document_versions.order_by("-number").first()
    latest_number = latest.number if latest else None
    if based_on != latest_number:
        raise StaleObjectError(
            _(
                "Someone saved version %(number)s of the document while you were writing. "
                "Open it, compare it with your text and save again."
            )
            % {"number": latest_number}
        )
    title, body, note = title.strip(), body.strip(), note.strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("Give the document a title.")]
    if not body:
        errors["body"] = [_("The document cannot be empty.")]
    if len(note) > 300:
        errors["note"] = [_("Say what changed in at most 300 characters.")]
    if latest and not errors and latest.title == title and latest.body == body:
        errors["body"] = [
            _("Nothing changed from version %(number)d: there is no new version to save.")
            % {"number": latest.number}
        ]
    if latest and not note and "note" not in errors:
        errors["note"] = [_("Say briefly what changed from the previous version.")]
    if errors:
        raise ValidationError(errors)
    number = (call.document_versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = DocumentVersion.objects.create(
        call=call, number=number, title=title, body=body, note=note, author=actor
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=version, details={"call": call.pk, "number": number}
    )
    # The other participants hear of it (the coordinator follows the table's page).
    call_title, author_name = call.title, str(actor)
    notifications.notify(
        [user for user in members_of(participating_organizations(call)) if user.pk != actor.pk],
        subject=lambda: _("New version of the project document: %(title)s") % {"title": call_title},
        body=lambda: (
            _(
                "%(author)s saved version %(number)d of the project document of the call "
                "“%(title)s”. What changed: %(note)s"
            )
            % {"author": author_name, "number": number, "title": call_title, "note": note or "—"}
        ),
        url_name="calls:codesign_version",
        url_args=[call.pk, number],
    )
    return version


# --- the agreement -------------------------------------------------------------------------


def _agreement_errors(
    *,
    call: Call,
    project: Project | None,
    project_name: str,
    project_slug: str,
    project_summary: str,
    signed_on: datetime.date | None,
    budget: Decimal | None,
    summary: str,
    partners: Sequence[AgreedPartner],
    indicators: Sequence[AgreedIndicator],
    document_version: DocumentVersion | None,
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if project is None:
        if not project_name.strip():
            add("project_name", _("Choose an existing project or give the new project's name."))
        if not project_slug.strip():
            add("project_slug", _("Give the new project's short address."))
        elif Project.objects.filter(slug=project_slug.strip()).exists():
            add("project_slug", _("Another project already uses this short address."))
        if not project_summary.strip():
            add("project_summary", _("Give the new project's summary."))
    if signed_on is None:
        add("signed_on", _("Give the date the agreement was signed."))
    elif signed_on > timezone.localdate():
        add("signed_on", _("The signing date cannot be in the future."))
    if not summary.strip():
        add("summary", _("Summarise what the parties agreed."))
    if budget is None or budget < 0:
        add("budget", _("Give the agreed budget (zero or more euro)."))
    elif budget > call.budget_available:
        add(
            "budget",
            _(
                "The agreed budget (%(budget)s) is above the budget available in the call (%(available)s)."
            )
            % {"budget": euro(budget), "available": euro(call.budget_available)},
        )
    if document_version is not None and document_version.call_id != call.pk:
        add("document_version", _("Choose a version of this table's project document."))

    if not partners:
        add("partners", _("Name the parties to the agreement."))
    leads = [p for p in partners if p.role == PartnerRole.LEAD]
    if partners and len(leads) != 1:
        add(
            "partners",
            _("The agreement needs exactly one lead partner: there are %(count)d.")
            % {"count": len(leads)},
        )
    seen: set[int] = set()
    for partner in partners:
        if partner.role not in PartnerRole.values:
            add("partners", _("Choose each party's role from the list."))
        if partner.organization.pk in seen:
            add(
                "partners",
                _("%(name)s is named twice among the parties.")
                % {"name": partner.organization.name},
            )
        seen.add(partner.organization.pk)
        if partner.budget_share < 0:
            add("partners", _("A budget share cannot be negative."))
    shares = sum((p.budget_share for p in partners), ZERO)
    if budget is not None and budget >= 0 and shares > budget:
        add(
            "partners",
            _("The budget shares add up to %(shares)s, above the agreed budget of %(budget)s.")
            % {"shares": euro(shares), "budget": euro(budget)},
        )

    names: set[str] = set()
    for indicator in indicators:
        name = indicator.name.strip()
        if not name:
            add("indicators", _("Give each indicator a name."))
        elif name.casefold() in names:
            add("indicators", _("The indicator “%(name)s” is listed twice.") % {"name": name})
        names.add(name.casefold())
        if indicator.target < 0:
            add("indicators", _("An indicator's target cannot be negative."))
    return errors


@transaction.atomic
def agreement_conclude(
    *,
    actor: User,
    call: Call,
    project: Project | None = None,
    project_name: str = "",
    project_slug: str = "",
    project_summary: str = "",
    signed_on: datetime.date | None,
    budget: Decimal | None,
    summary: str,
    partners: Sequence[AgreedPartner],
    indicators: Sequence[AgreedIndicator] = (),
    document_version: DocumentVersion | None = None,
) -> Agreement:
    """Conclude the agreement (convenzione) that closes the co-design, in one transaction:
    the project (an existing one, or a new one from `project_name`, `project_slug`,
    `project_summary`) becomes active and public with the agreed partners, indicators and a
    funding source naming the call; the agreement and its parties are recorded; the
    proposals in co-design become agreed and the call concluded.

    Refused, with nothing changed, when the call is not in co-design or already has an
    agreement, when the budget is above the call's budget available, when the parties'
    shares add up to more than the budget, or when there is not exactly one lead."""
    _require_chair(actor)
    call = _locked_call(call)
    _require_in_codesign(
        call,
        _("An agreement closes a call in co-design; this call is “%(state)s”."),
    )
    if Agreement.objects.filter(call=call).exists():
        raise DomainError(
            _("This call already has its agreement."), code=CallErrors.AGREEMENT_EXISTS
        )
    errors = _agreement_errors(
        call=call,
        project=project,
        project_name=project_name,
        project_slug=project_slug,
        project_summary=project_summary,
        signed_on=signed_on,
        budget=budget,
        summary=summary,
        partners=partners,
        indicators=indicators,
        document_version=document_version,
    )
    if errors:
        raise ValidationError(errors)

    if project is None:
        project = project_create(
            actor=actor,
            name=project_name.strip(),
            slug=project_slug.strip(),
            summary=project_summary.strip(),
            description=summary.strip(),
            status=ProjectStatus.ACTIVE,
            is_public=True,
            start_date=signed_on,
            # The call's target groups and municipalities, so the catalog's filters find it.
            target_groups=call.target_groups.all(),
            municipalities=call.municipalities.all(),
        )
    else:
        current = Project.objects.get(pk=project.pk)
        changes: dict[str, object] = {"status": ProjectStatus.ACTIVE, "is_public": True}
        if current.start_date is None or (
            current.end_date is None and current.start_date > signed_on
        ):
            changes["start_date"] = signed_on
        project = project_update(actor=actor, project=current, version=current.version, **changes)

    ProjectPartner.objects.filter(project=project).delete()
    ProjectPartner.objects.bulk_create(
        [
            ProjectPartner(project=project, organization=p.organization, role=p.role)
            for p in partners
        ]
    )
    ProjectIndicator.objects.filter(project=project).delete()
    ProjectIndicator.objects.bulk_create(
        [
            ProjectIndicator(
                project=project,
                name=i.name.strip(),
                unit=i.unit.strip(),
                target=i.target,
                position=position,
            )
            for position, i in enumerate(indicators)
        ]
    )
    funding_name = call.title[:200]
    FundingSource.objects.update_or_create(
        project=project, name=funding_name, defaults={"amount": budget}
    )
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=project,
        details={
            "agreement_of_call": call.pk,
            "partners": [[p.organization.pk, p.role] for p in partners],
            "indicators": len(indicators),
            "funding": str(budget),
        },
    )

    agreement = Agreement.objects.create(
        call=call,
        project=project,
        signed_on=signed_on,
        budget=budget,
        summary=summary.strip(),
        document_version=document_version,
        created_by=actor,
    )
    AgreementPartner.objects.bulk_create(
        [
            AgreementPartner(
                agreement=agreement,
                organization=p.organization,
                role=p.role,
                budget_share=p.budget_share,
            )
            for p in partners
        ]
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=agreement,
        details={"project": project.pk, "budget": str(budget)},
    )

    for proposal in call.proposals.filter(state=ProposalState.SELECTED):
        proposal_start_codesign(actor=actor, proposal=proposal)
    for proposal in call.proposals.filter(state=ProposalState.IN_CODESIGN):
        proposal_mark_agreed(actor=actor, proposal=proposal)
    call_conclude(actor=actor, call=call)

    title, project_name_now = call.title, project.name
    notifications.notify(
        members_of([p.organization for p in partners]),
        subject=lambda: _("Agreement concluded: %(title)s") % {"title": title},
        body=lambda: (
            _(
                "The agreement that closes the co-design of the call “%(title)s” has been "
                "concluded: the project “%(project)s” starts with your organisation among its parties."
            )
            % {"title": title, "project": project_name_now}
        ),
        url_name="calls:agreement_detail",
        url_args=[call.pk],
    )
    return agreement
