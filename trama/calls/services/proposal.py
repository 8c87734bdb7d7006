"""Writes to proposals (issue 5, point 3): the lead's draft and its sections, partners who
confirm themselves, PDF attachments, the submission that freezes the proposal and proves
what was submitted, withdrawal, and the workflow steps after submission.

Every service runs in one transaction, locks the proposal row, writes the access log and
refuses a change to a proposal that is no longer a draft.

The fingerprint of a submission
-------------------------------
On submission the proposal's content is written to `Proposal.submitted_content` as a JSON
object (see `proposal_snapshot`; amounts are decimal strings with two places, times are
ISO 8601 in UTC, attachments are listed with their title, size in bytes and SHA-256).
`Proposal.fingerprint` is the SHA-256, in lowercase hex, of that object serialised as

    json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        .encode("utf-8")

so anyone holding the JSON (API, receipt) can recompute it with any language's JSON
library: keys sorted, no spaces, non-ASCII characters kept as UTF-8. Because the JSON
names each attachment's SHA-256, the fingerprint also covers the attachments' bytes.
"""

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.defaultfilters import filesizeformat
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.accounts.roles import Role
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.models import (
    BudgetLine,
    Call,
    CallState,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalIndicator,
    ProposalPartner,
    ProposalState,
)
from trama.calls.notifications import members_of, notify
from trama.calls.pdf import render_pdf, upload_facts
from trama.calls.requirements import check_requirements
from trama.calls.selectors.proposal import (
    PROPOSAL_OVERSEERS,
    can_read_attachments,
    can_read_receipt,
    member_organization_ids,
)
from trama.calls.workflows import EDITABLE, check_proposal_transition
from trama.core.deadlines import deadline_moment, deadline_passed, local_moment
from trama.core.errors import DomainError, StaleObjectError
from trama.organizations.models import Organization
from trama.projects.models import TargetGroup

CENT = Decimal("0.01")
ZERO = Decimal("0")
SNAPSHOT_FORMAT = "trama.calls.proposal/1"
# Calls in which the coordinator checks admissibility: the proposals are in.
ADMISSIBILITY_CALL_STATES = frozenset({CallState.CLOSED, CallState.EVALUATION})


def attachment_max_bytes() -> int:
    return int(getattr(settings, "TRAMA_PROPOSAL_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


# Formatting for messages ---------------------------------------------------------------


def euro(value: Decimal) -> str:
    return formats.number_format(value, 2, use_l10n=True, force_grouping=True) + " €"


def percent(value: Decimal) -> str:
    return formats.number_format(value.quantize(CENT), 2, use_l10n=True) + "%"


def volunteer_value(hours: Decimal, rate: Decimal) -> Decimal:
    """Volunteer hours valued at the call's hourly rate, to the cent."""
    return (hours * rate).quantize(CENT, rounding=ROUND_HALF_UP)


# Budget arithmetic (plain data; the submission and the pages use it) --------------------


@dataclass(frozen=True)
class BudgetFigures:
    total: Decimal  # the proposal's declared total
    lines_total: Decimal
    consortium: Decimal
    cash: Decimal
    in_kind: Decimal
    volunteer: Decimal  # valued hours

    @property
    def cofunding(self) -> Decimal:
        return self.cash + self.in_kind + self.volunteer

    def cofunding_percent(self) -> Decimal:
        if not self.total:
            return ZERO
        return (self.cofunding * 100 / self.total).quantize(CENT, rounding=ROUND_HALF_UP)


def budget_figures(proposal: Proposal, lines: Iterable[BudgetLine], rate: Decimal) -> BudgetFigures:
    lines = list(lines)
    return BudgetFigures(
        total=proposal.total_budget,
        lines_total=sum((line.amount for line in lines), ZERO),
        consortium=sum((line.consortium_share for line in lines), ZERO),
        cash=sum((line.cofunding_cash for line in lines), ZERO),
        in_kind=sum((line.cofunding_in_kind for line in lines), ZERO),
        volunteer=sum((volunteer_value(line.volunteer_hours, rate) for line in lines), ZERO),
    )


def budget_problems(
    *,
    total: Decimal,
    lines: Sequence[BudgetLine],
    rate: Decimal,
    min_cofunding_percent: Decimal,
) -> list[str]:
    """What is wrong with a budget, one message per problem (empty when it is right):
    each line's shares must add up to its amount, the lines to the total, and the
    co-funding must reach the call's minimum share of the total."""
    problems = []
    if not lines:
        problems.append(_("The budget has no lines: add at least one cost item."))
    for number, line in enumerate(lines, start=1):
        valued = volunteer_value(line.volunteer_hours, rate)
        shares = line.consortium_share + line.cofunding_cash + line.cofunding_in_kind + valued
        if shares != line.amount:
            problems.append(
                _(
                    "Budget line %(number)d (“%(item)s”): the shares add up to %(shares)s "
                    "(consortium %(consortium)s + cash %(cash)s + in kind %(kind)s + "
                    "%(hours)s volunteer hours × %(rate)s = %(valued)s), not to the amount "
                    "%(amount)s."
                )
                % {
                    "number": number,
                    "item": line.description,
                    "shares": euro(shares),
                    "consortium": euro(line.consortium_share),
                    "cash": euro(line.cofunding_cash),
                    "kind": euro(line.cofunding_in_kind),
                    "hours": formats.number_format(line.volunteer_hours, 2, use_l10n=True),
                    "rate": euro(rate),
                    "valued": euro(valued),
                    "amount": euro(line.amount),
                }
            )
    lines_total = sum((line.amount for line in lines), ZERO)
    if lines and lines_total != total:
        problems.append(
            _(
                "The budget lines add up to %(lines)s but the proposal's total is %(total)s: "
                "correct the lines or the total."
            )
            % {"lines": euro(lines_total), "total": euro(total)}
        )
    cofunding = sum(
        (
            line.cofunding_cash
            + line.cofunding_in_kind
            + volunteer_value(line.volunteer_hours, rate)
            for line in lines
        ),
        ZERO,
    )
    required = (total * min_cofunding_percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    if total and cofunding < required:
        share = (cofunding * 100 / total).quantize(CENT, rounding=ROUND_HALF_UP)
        problems.append(
            _(
                "The co-funding is %(cofunding)s (%(share)s of the total %(total)s): the call "
                "asks for at least %(minimum)s, that is %(required)s."
            )
            % {
                "cofunding": euro(cofunding),
                "share": percent(share),
                "total": euro(total),
                "minimum": percent(min_cofunding_percent),
                "required": euro(required),
            }
        )
    if total <= 0:
        problems.append(_("The proposal's total budget must be greater than zero."))
    return problems


# Locking and checks ---------------------------------------------------------------------


def _is_member(actor: User, organization_id: int) -> bool:
    return organization_id in member_organization_ids(actor)


def not_editable_message(proposal: Proposal) -> str:
    return _(
        "This proposal is “%(state)s”: it can no longer be changed. Only drafts can be edited."
    ) % {"state": proposal.get_state_display()}


def _lock_draft(*, actor: User, proposal: Proposal, version: int | None = None) -> Proposal:
    """The proposal row, locked, after checking the actor leads it, it is still a draft and,
    when given, that nobody saved it after `version`."""
    current = (
        Proposal.objects.select_for_update().select_related("call", "lead").get(pk=proposal.pk)
    )
    if not _is_member(actor, current.lead_id):
        raise PermissionDenied
    if current.state not in EDITABLE:
        raise DomainError(not_editable_message(current), code="frozen")
    if version is not None and current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this proposal while you were editing it. Reload the page "
                "and apply your changes again."
            )
        )
    return current


def _bump(proposal: Proposal) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    proposal.refresh_from_db(fields=["version", "updated_at"])


def _log(actor: User, proposal: Proposal, action: str, what: str, **details) -> None:
    access_log_append(actor=actor, action=action, obj=proposal, details={"what": what, **details})


def _deadline_problem(call: Call, now) -> str | None:
    if call.state != CallState.PUBLISHED:
        return _("The call “%(call)s” is not open: it is “%(state)s”.") % {
            "call": call.title,
            "state": call.get_state_display(),
        }
    if deadline_passed(call.proposals_deadline, now):
        return _(
            "The deadline for proposals was %(deadline)s (Italian time); it is now %(now)s: "
            "the call no longer accepts proposals."
        ) % {"deadline": deadline_moment(call.proposals_deadline), "now": local_moment(now)}
    return None


def _requirements_problems(call: Call, organization: Organization) -> list[str]:
    return [
        _("%(organization)s does not meet a requirement of the call: %(reason)s")
        % {"organization": organization.name, "reason": result.reason}
        for result in check_requirements(call, organization)
        if not result.met
    ]


# Draft ----------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *,
    actor: User,
    call: Call,
    lead: Organization,
    title: str,
    summary: str,
    now=None,
) -> Proposal:
    """A draft proposal of `lead` for `call`, by one of the lead's ETS members, while the
    call is published and before its deadline, if the lead meets the requirements."""
    now = now or timezone.now()
    if not actor.has_any_role(Role.ETS_MEMBER) or not _is_member(actor, lead.pk):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    problem = _deadline_problem(call, now)
    if problem:
        raise DomainError(problem, code="closed")
    lead = (
        Organization.objects.select_related("municipality", "runts_section")
        .prefetch_related("sectors", "municipalities_served")
        .get(pk=lead.pk)
    )
    problems = _requirements_problems(call, lead)
    if problems:
        raise ValidationError(problems)
    title, summary = title.strip(), summary.strip()
    if not title:
        raise DomainError(_("Give the proposal a title."), field="title")
    existing = (
        Proposal.objects.filter(call=call, lead=lead).exclude(state=ProposalState.WITHDRAWN).first()
    )
    if existing:
        raise DomainError(
            _("%(organization)s already has a proposal for this call: “%(title)s”.")
            % {"organization": lead.name, "title": existing.title}
        )
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                call=call, lead=lead, title=title, summary=summary, created_by=actor
            )
    except IntegrityError as exc:  # two members of the lead created one at the same moment
        raise DomainError(
            _("%(organization)s already has a proposal for this call.")
            % {"organization": lead.name}
        ) from exc
    _log(actor, proposal, Action.CREATE, "proposal")
    return proposal


@transaction.atomic
def proposal_update(
    *,
    actor: User,
    proposal: Proposal,
    version: int,
    title: str,
    summary: str,
    expected_beneficiaries: int,
    total_budget: Decimal,
    target_groups: Iterable[TargetGroup],
) -> Proposal:
    """The general section of a draft."""
    current = _lock_draft(actor=actor, proposal=proposal, version=version)
    title = title.strip()
    if not title:
        raise DomainError(_("Give the proposal a title."), field="title")
    if total_budget is None or total_budget < 0:
        raise DomainError(_("The total budget cannot be negative."), field="total_budget")
    if expected_beneficiaries is None or expected_beneficiaries < 0:
        raise DomainError(
            _("The number of beneficiaries cannot be negative."), field="expected_beneficiaries"
        )
    current.title = title
    current.summary = summary.strip()
    current.expected_beneficiaries = expected_beneficiaries
    current.total_budget = total_budget
    current.version = F("version") + 1
    current.save()
    current.target_groups.set(list(target_groups))
    current.refresh_from_db()
    _log(actor, current, Action.UPDATE, "general")
    return current


@dataclass(frozen=True)
class ActivityData:
    title: str
    description: str = ""
    target_group: TargetGroup | None = None
    expected_number: int = 0


@dataclass(frozen=True)
class IndicatorData:
    name: str
    target: Decimal
    unit: str = ""


@dataclass(frozen=True)
class BudgetLineData:
    description: str
    amount: Decimal
    consortium_share: Decimal = ZERO
    cofunding_cash: Decimal = ZERO
    cofunding_in_kind: Decimal = ZERO
    volunteer_hours: Decimal = ZERO


def _refuse_negative(values: dict[str, Decimal | int], number: int, section: str) -> None:
    for name, value in values.items():
        if value is None or value < 0:
            raise DomainError(
                _("%(section)s, row %(number)d: “%(field)s” cannot be negative.")
                % {"section": section, "number": number, "field": name}
            )


@transaction.atomic
def proposal_set_activities(
    *, actor: User, proposal: Proposal, version: int, activities: Sequence[ActivityData]
) -> Proposal:
    """Replace the draft's activities with `activities`, in that order."""
    current = _lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(activities, start=1):
        if not item.title.strip():
            raise DomainError(
                _("Activities, row %(number)d: give the activity a title.") % {"number": number}
            )
        _refuse_negative(
            {_("expected number of people"): item.expected_number}, number, _("Activities")
        )
    current.activities.all().delete()
    ProposalActivity.objects.bulk_create(
        ProposalActivity(
            proposal=current,
            position=position,
            title=item.title.strip(),
            description=item.description.strip(),
            target_group=item.target_group,
            expected_number=item.expected_number,
        )
        for position, item in enumerate(activities)
    )
    _bump(current)
    _log(actor, current, Action.UPDATE, "activities", count=len(activities))
    return current


@transaction.atomic
def proposal_set_indicators(
    *, actor: User, proposal: Proposal, version: int, indicators: Sequence[IndicatorData]
) -> Proposal:
    """Replace the draft's indicators with `indicators`."""
    current = _lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(indicators, start=1):
        if not item.name.strip():
            raise DomainError(
                _("Indicators, row %(number)d: give the indicator a name.") % {"number": number}
            )
        _refuse_negative({_("target"): item.target}, number, _("Indicators"))
    current.indicators.all().delete()
    ProposalIndicator.objects.bulk_create(
        ProposalIndicator(
            proposal=current, name=item.name.strip(), unit=item.unit.strip(), target=item.target
        )
        for item in indicators
    )
    _bump(current)
    _log(actor, current, Action.UPDATE, "indicators", count=len(indicators))
    return current


@transaction.atomic
def proposal_set_budget_lines(
    *, actor: User, proposal: Proposal, version: int, lines: Sequence[BudgetLineData]
) -> Proposal:
    """Replace the draft's budget lines. Lines whose shares do not add up yet are kept (a
    draft may be incomplete); the submission refuses them, and the budget page says so."""
    current = _lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(lines, start=1):
        if not item.description.strip():
            raise DomainError(_("Budget, row %(number)d: name the cost item.") % {"number": number})
        _refuse_negative(
            {
                _("amount"): item.amount,
                _("consortium's share"): item.consortium_share,
                _("co-funding in cash"): item.cofunding_cash,
                _("co-funding in kind"): item.cofunding_in_kind,
                _("volunteer hours"): item.volunteer_hours,
            },
            number,
            _("Budget"),
        )
    current.budget_lines.all().delete()
    BudgetLine.objects.bulk_create(
        BudgetLine(
            proposal=current,
            position=position,
            description=item.description.strip(),
            amount=item.amount,
            consortium_share=item.consortium_share,
            cofunding_cash=item.cofunding_cash,
            cofunding_in_kind=item.cofunding_in_kind,
            volunteer_hours=item.volunteer_hours,
        )
        for position, item in enumerate(lines)
    )
    _bump(current)
    _log(actor, current, Action.UPDATE, "budget", count=len(lines))
    return current


# Partners -------------------------------------------------------------------------------


@transaction.atomic
def proposal_partner_add(
    *, actor: User, proposal: Proposal, organization: Organization, role: str
) -> ProposalPartner:
    """Invite another organisation of the registry; its members are told to confirm."""
    current = _lock_draft(actor=actor, proposal=proposal)
    role = role.strip()
    if organization.pk == current.lead_id:
        raise DomainError(
            _("The lead organisation cannot be its own partner."), field="organization"
        )
    if not role:
        raise DomainError(_("Say what the partner will do in the proposal."), field="role")
    if ProposalPartner.objects.filter(proposal=current, organization=organization).exists():
        raise DomainError(
            _("%(organization)s is already a partner of this proposal.")
            % {"organization": organization.name},
            field="organization",
        )
    partner = ProposalPartner.objects.create(proposal=current, organization=organization, role=role)
    _bump(current)
    _log(actor, current, Action.UPDATE, "partner_added", organization=organization.pk)
    lead_name, title, call_title = current.lead.name, current.title, current.call.title
    notify(
        members_of([organization]),
        subject=lambda: _("Invitation to a proposal: %(title)s") % {"title": title},
        body=lambda: (
            _(
                "%(lead)s has named %(organization)s as a partner of its proposal “%(title)s” for "
                "the call “%(call)s”. A member of %(organization)s must confirm the participation "
                "from the portal before the proposal can be submitted."
            )
            % {
                "lead": lead_name,
                "organization": organization.name,
                "title": title,
                "call": call_title,
            }
        ),
        url_name="calls:portal",
    )
    return partner


@transaction.atomic
def proposal_partner_remove(*, actor: User, partner: ProposalPartner) -> None:
    current = _lock_draft(actor=actor, proposal=partner.proposal)
    organization_id = partner.organization_id
    ProposalPartner.objects.filter(pk=partner.pk, proposal=current).delete()
    _bump(current)
    _log(actor, current, Action.UPDATE, "partner_removed", organization=organization_id)


@transaction.atomic
def proposal_partner_confirm(*, actor: User, partner: ProposalPartner, now=None) -> ProposalPartner:
    """A member of the partner organisation confirms its participation (draft only)."""
    now = now or timezone.now()
    partner = (
        ProposalPartner.objects.select_for_update()
        .select_related("proposal", "proposal__lead", "organization")
        .get(pk=partner.pk)
    )
    if not _is_member(actor, partner.organization_id):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=partner.proposal_id)
    if proposal.state not in EDITABLE:
        raise DomainError(not_editable_message(proposal), code="frozen")
    if partner.confirmed_at:
        raise DomainError(
            _("%(organization)s already confirmed its participation on %(when)s.")
            % {
                "organization": partner.organization.name,
                "when": local_moment(partner.confirmed_at),
            }
        )
    partner.confirmed_at = now
    partner.confirmed_by = actor
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    _log(actor, proposal, Action.UPDATE, "partner_confirmed", organization=partner.organization_id)
    organization_name, title = partner.organization.name, proposal.title
    notify(
        members_of([partner.proposal.lead]),
        subject=lambda: _("A partner confirmed: %(title)s") % {"title": title},
        body=lambda: (
            _("%(organization)s confirmed its participation in the proposal “%(title)s”.")
            % {"organization": organization_name, "title": title}
        ),
        url_name="calls:proposal_detail",
        url_args=[proposal.pk],
    )
    return partner


# Attachments ----------------------------------------------------------------------------


@transaction.atomic
def proposal_attachment_add(
    *, actor: User, proposal: Proposal, title: str, upload
) -> ProposalAttachment:
    """Attach a PDF (recognised by its first bytes, `%PDF-`, not by its name) of at most
    TRAMA_PROPOSAL_ATTACHMENT_MAX_BYTES; its size and SHA-256 are stored."""
    current = _lock_draft(actor=actor, proposal=proposal)
    limit = attachment_max_bytes()
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise DomainError(_too_large(declared, limit), field="file")
    facts = upload_facts(upload)
    size, sha256 = facts.size, facts.sha256
    if size > limit:
        raise DomainError(_too_large(size, limit), field="file")
    if not facts.is_pdf:
        raise DomainError(
            _("“%(name)s” is not a PDF file: attachments must be PDF documents.")
            % {"name": getattr(upload, "name", "") or _("the file")},
            field="file",
        )
    title = (
        title.strip() or (getattr(upload, "name", "") or "").rsplit(".", 1)[0] or _("Attachment")
    )
    attachment = ProposalAttachment(
        proposal=current, title=title[:200], size=size, sha256=sha256, uploaded_by=actor
    )
    attachment.file.save(f"proposta-{current.pk}.pdf", upload, save=False)
    attachment.save()
    _bump(current)
    _log(actor, current, Action.UPDATE, "attachment_added", sha256=sha256, size=size)
    return attachment


def _too_large(size: int, limit: int) -> str:
    return _("The file is %(size)s: attachments can be at most %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": filesizeformat(limit),
    }


@transaction.atomic
def proposal_attachment_remove(*, actor: User, attachment: ProposalAttachment) -> None:
    current = _lock_draft(actor=actor, proposal=attachment.proposal)
    file_name, sha256 = attachment.file.name, attachment.sha256
    ProposalAttachment.objects.filter(pk=attachment.pk, proposal=current).delete()
    _bump(current)
    _log(actor, current, Action.UPDATE, "attachment_removed", sha256=sha256)
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(file_name))


@transaction.atomic
def proposal_attachment_open(*, actor: User, attachment: ProposalAttachment):
    """The attachment's file, opened for reading; the read is logged."""
    if not can_read_attachments(user=actor, proposal=attachment.proposal):
        raise PermissionDenied
    access_log_append(
        actor=actor,
        action=Action.READ,
        obj=attachment.proposal,
        details={"what": "attachment", "sha256": attachment.sha256},
    )
    return attachment.file.open("rb")


# Submission -----------------------------------------------------------------------------


def _load(pk: int) -> Proposal:
    return (
        Proposal.objects.select_related("call", "lead")
        .prefetch_related(
            "target_groups",
            "activities__target_group",
            "indicators",
            "budget_lines",
            "partners__organization",
            "attachments",
        )
        .get(pk=pk)
    )


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def proposal_snapshot(proposal: Proposal, *, submitted_at) -> dict:
    """Everything the lead submits, as plain JSON data (see the module's docstring)."""
    call = proposal.call
    rate = call.volunteer_hour_rate
    lines = sorted(proposal.budget_lines.all(), key=lambda line: (line.position, line.pk))
    figures = budget_figures(proposal, lines, rate)
    return {
        "format": SNAPSHOT_FORMAT,
        "proposal_id": proposal.pk,
        "submitted_at": submitted_at.astimezone(ZoneInfo("UTC")).isoformat(),
        "call": {
            "id": call.pk,
            "title": call.title,
            "proposals_deadline": call.proposals_deadline.astimezone(ZoneInfo("UTC")).isoformat(),
            "volunteer_hour_rate": _money(rate),
            "min_cofunding_percent": _money(call.min_cofunding_percent),
        },
        "lead": {
            "id": proposal.lead.pk,
            "name": proposal.lead.name,
            "fiscal_code": proposal.lead.fiscal_code,
        },
        "title": proposal.title,
        "summary": proposal.summary,
        "target_groups": sorted(group.code for group in proposal.target_groups.all()),
        "expected_beneficiaries": proposal.expected_beneficiaries,
        "activities": [
            {
                "title": activity.title,
                "description": activity.description,
                "target_group": activity.target_group.code if activity.target_group else None,
                "expected_number": activity.expected_number,
            }
            for activity in sorted(proposal.activities.all(), key=lambda a: (a.position, a.pk))
        ],
        "indicators": [
            {"name": indicator.name, "unit": indicator.unit, "target": _money(indicator.target)}
            for indicator in sorted(proposal.indicators.all(), key=lambda i: i.pk)
        ],
        "budget": {
            "total": _money(proposal.total_budget),
            "consortium_share": _money(figures.consortium),
            "cofunding_cash": _money(figures.cash),
            "cofunding_in_kind": _money(figures.in_kind),
            "cofunding_volunteer_value": _money(figures.volunteer),
            "lines": [
                {
                    "description": line.description,
                    "amount": _money(line.amount),
                    "consortium_share": _money(line.consortium_share),
                    "cofunding_cash": _money(line.cofunding_cash),
                    "cofunding_in_kind": _money(line.cofunding_in_kind),
                    "volunteer_hours": _money(line.volunteer_hours),
                    "volunteer_value": _money(volunteer_value(line.volunteer_hours, rate)),
                }
                for line in lines
            ],
        },
        "partners": [
            {
                "id": partner.organization.pk,
                "name": partner.organization.name,
                "fiscal_code": partner.organization.fiscal_code,
                "role": partner.role,
                "confirmed_at": partner.confirmed_at.astimezone(ZoneInfo("UTC")).isoformat()
                if partner.confirmed_at
                else None,
            }
            for partner in sorted(
                proposal.partners.all(), key=lambda p: (p.organization.name, p.organization.pk)
            )
        ],
        "attachments": [
            {"title": attachment.title, "size": attachment.size, "sha256": attachment.sha256}
            for attachment in sorted(
                proposal.attachments.all(), key=lambda a: (a.uploaded_at, a.pk)
            )
        ],
    }


def canonical_json(content: dict) -> bytes:
    """The one serialisation the fingerprint is computed on (module docstring)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_fingerprint(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def submission_problems(proposal: Proposal, *, now) -> list[str]:
    """Why `proposal` cannot be submitted now (empty when it can). `proposal` should come
    with its sections prefetched. The submit page shows the same list before the button."""
    call = proposal.call
    problems = []
    deadline = _deadline_problem(call, now)
    if deadline:
        problems.append(deadline)
    if proposal.state not in EDITABLE:
        problems.append(not_editable_message(proposal))
    if not proposal.summary.strip():
        problems.append(_("Write a summary of the proposal."))
    lines = sorted(proposal.budget_lines.all(), key=lambda line: (line.position, line.pk))
    problems += budget_problems(
        total=proposal.total_budget,
        lines=lines,
        rate=call.volunteer_hour_rate,
        min_cofunding_percent=call.min_cofunding_percent,
    )
    unconfirmed = [p.organization.name for p in proposal.partners.all() if not p.confirmed_at]
    if unconfirmed:
        problems.append(
            _("These partners have not confirmed their participation yet: %(names)s.")
            % {"names": ", ".join(sorted(unconfirmed))}
        )
    lead = (
        Organization.objects.select_related("municipality", "runts_section")
        .prefetch_related("sectors", "municipalities_served")
        .get(pk=proposal.lead_id)
    )
    problems += _requirements_problems(call, lead)
    return problems


@transaction.atomic
def proposal_submit(
    *, actor: User, proposal: Proposal, version: int | None = None, now=None
) -> Proposal:
    """Submit the draft: every check passes or nothing changes. The time is the server's;
    the content is frozen as JSON with its SHA-256 fingerprint; the lead's members get an
    e-mail with the link to the receipt."""
    now = now or timezone.now()
    current = _lock_draft(actor=actor, proposal=proposal, version=version)
    Call.objects.select_for_update().filter(pk=current.call_id).first()
    current = _load(current.pk)
    problems = submission_problems(current, now=now)
    if problems:
        raise ValidationError(problems, code="not_submittable")
    check_proposal_transition(current.state, ProposalState.SUBMITTED)
    content = proposal_snapshot(current, submitted_at=now)
    fingerprint = content_fingerprint(content)
    Proposal.objects.filter(pk=current.pk).update(
        state=ProposalState.SUBMITTED,
        submitted_at=now,
        submitted_content=content,
        fingerprint=fingerprint,
        version=F("version") + 1,
        updated_at=now,
    )
    current.refresh_from_db()
    _log(actor, current, Action.UPDATE, "submitted", fingerprint=fingerprint)
    title, call_title, when = current.title, current.call.title, local_moment(now)
    notify(
        members_of([current.lead]),
        subject=lambda: _("Proposal submitted: %(title)s") % {"title": title},
        body=lambda: (
            _(
                "The proposal “%(title)s” for the call “%(call)s” was submitted on %(when)s "
                "(Italian time). Its SHA-256 fingerprint is %(fingerprint)s. The receipt (PDF) can "
                "be downloaded from the proposal's page."
            )
            % {"title": title, "call": call_title, "when": when, "fingerprint": fingerprint}
        ),
        url_name="calls:proposal_detail",
        url_args=[current.pk],
    )
    return current


@transaction.atomic
def proposal_withdraw(*, actor: User, proposal: Proposal, now=None) -> Proposal:
    """The lead withdraws its draft or submitted proposal, before the deadline."""
    now = now or timezone.now()
    current = (
        Proposal.objects.select_for_update().select_related("call", "lead").get(pk=proposal.pk)
    )
    if not _is_member(actor, current.lead_id):
        raise PermissionDenied
    check_proposal_transition(current.state, ProposalState.WITHDRAWN)
    if deadline_passed(current.call.proposals_deadline, now):
        raise DomainError(
            _(
                "The deadline for proposals was %(deadline)s (Italian time): after it a "
                "proposal can no longer be withdrawn."
            )
            % {"deadline": deadline_moment(current.call.proposals_deadline)},
            code="closed",
        )
    previous = current.state
    Proposal.objects.filter(pk=current.pk).update(
        state=ProposalState.WITHDRAWN, version=F("version") + 1, updated_at=now
    )
    current.refresh_from_db()
    _log(actor, current, Action.UPDATE, "withdrawn", previous=previous)
    _tell_lead(current, _withdrawn_subject, _withdrawn_body)
    return current


def _withdrawn_subject(title: str) -> str:
    return _("Proposal withdrawn: %(title)s") % {"title": title}


def _withdrawn_body(title: str, note: str) -> str:
    return _("The proposal “%(title)s” has been withdrawn.") % {"title": title}


def _tell_lead(proposal: Proposal, subject, body, note: str = "") -> None:
    title = proposal.title
    notify(
        members_of([proposal.lead]),
        subject=lambda: subject(title),
        body=lambda: body(title, note),
        url_name="calls:proposal_detail",
        url_args=[proposal.pk],
    )


# Receipt --------------------------------------------------------------------------------


def render_receipt(proposal: Proposal) -> bytes:
    """The receipt as PDF (WeasyPrint, local files only), from the submitted content: what
    it shows is what the fingerprint covers."""
    content = proposal.submitted_content or {}
    submitted_at = proposal.submitted_at
    return render_pdf(
        "calls/proposal/receipt_pdf.html",
        {
            "proposal": proposal,
            "content": content,
            "submitted_at_rome": local_moment(submitted_at) if submitted_at else "",
            "fingerprint": proposal.fingerprint,
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
            "budget": {
                key: Decimal(value)
                for key, value in content.get("budget", {}).items()
                if key != "lines"
            },
        },
        stylesheet="calls/proposal/receipt_pdf.css",
    )


def proposal_receipt_pdf(*, actor: User, proposal: Proposal) -> bytes:
    """The submission receipt, rendered from the frozen content; the download is logged."""
    if not can_read_receipt(user=actor, proposal=proposal):
        raise PermissionDenied
    pdf = render_receipt(proposal)
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=proposal,
        details={"what": "receipt", "fingerprint": proposal.fingerprint},
    )
    return pdf


# After submission: admissibility and the later steps -------------------------------------


def _require_coordinator(actor: User) -> None:
    if not actor.is_authenticated or not actor.has_any_role(*PROPOSAL_OVERSEERS):
        raise PermissionDenied


def _move(
    *,
    actor: User,
    proposal: Proposal,
    target: str,
    what: str,
    changes: dict | None = None,
) -> Proposal:
    current = (
        Proposal.objects.select_for_update().select_related("call", "lead").get(pk=proposal.pk)
    )
    check_proposal_transition(current.state, target)
    previous = current.state
    Proposal.objects.filter(pk=current.pk).update(
        state=target, version=F("version") + 1, updated_at=timezone.now(), **(changes or {})
    )
    current.refresh_from_db()
    _log(actor, current, Action.UPDATE, what, previous=previous, state=target)
    state_label = current.get_state_display()
    _tell_lead(
        current,
        lambda title: (
            _("Your proposal “%(title)s” is now “%(state)s”")
            % {"title": title, "state": state_label}
        ),
        lambda title, note: (
            _("The proposal “%(title)s” moved to “%(state)s”.")
            % {"title": title, "state": state_label}
            + (f"\n\n{note}" if note else "")
        ),
        note=(changes or {}).get("admissibility_note", ""),
    )
    return current


def _check_call_closed(proposal: Proposal) -> None:
    call = Call.objects.get(pk=proposal.call_id)
    if call.state not in ADMISSIBILITY_CALL_STATES:
        raise DomainError(
            _(
                "Admissibility is checked once the call is closed; the call “%(call)s” is "
                "“%(state)s”."
            )
            % {"call": call.title, "state": call.get_state_display()},
            code="invalid_transition",
        )


@transaction.atomic
def proposal_mark_admissible(*, actor: User, proposal: Proposal, note: str = "") -> Proposal:
    """The coordinator admits a submitted proposal to the evaluation (call closed)."""
    _require_coordinator(actor)
    _check_call_closed(proposal)
    return _move(
        actor=actor,
        proposal=proposal,
        target=ProposalState.ADMISSIBLE,
        what="admissible",
        changes={"admissibility_note": note.strip()},
    )


@transaction.atomic
def proposal_mark_not_admissible(*, actor: User, proposal: Proposal, note: str) -> Proposal:
    """The coordinator excludes a submitted proposal; the reason is required and sent to
    the lead."""
    _require_coordinator(actor)
    if not note or not note.strip():
        raise DomainError(
            _("Say why the proposal is not admissible: the lead will read it."), field="note"
        )
    _check_call_closed(proposal)
    return _move(
        actor=actor,
        proposal=proposal,
        target=ProposalState.NOT_ADMISSIBLE,
        what="not_admissible",
        changes={"admissibility_note": note.strip()},
    )


# The steps below are driven by the evaluation, the ranking and the co-design (other areas
# of this app): they check the workflow and log; the caller decides who may call them.


@transaction.atomic
def proposal_mark_evaluated(*, actor: User, proposal: Proposal) -> Proposal:
    return _move(actor=actor, proposal=proposal, target=ProposalState.EVALUATED, what="evaluated")


@transaction.atomic
def proposal_select(*, actor: User, proposal: Proposal) -> Proposal:
    return _move(actor=actor, proposal=proposal, target=ProposalState.SELECTED, what="selected")


@transaction.atomic
def proposal_reject(*, actor: User, proposal: Proposal) -> Proposal:
    return _move(
        actor=actor, proposal=proposal, target=ProposalState.NOT_SELECTED, what="not_selected"
    )


@transaction.atomic
def proposal_start_codesign(*, actor: User, proposal: Proposal) -> Proposal:
    return _move(
        actor=actor, proposal=proposal, target=ProposalState.IN_CODESIGN, what="in_codesign"
    )


@transaction.atomic
def proposal_mark_agreed(*, actor: User, proposal: Proposal) -> Proposal:
    return _move(actor=actor, proposal=proposal, target=ProposalState.AGREED, what="agreed")
