"""Writes to a draft's sections (issue 5, point 3): activities, indicators, budget lines,
partners who confirm themselves, PDF attachments. Each runs in one transaction on the
locked draft and writes the access log."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.budget import ZERO
from trama.calls.errors import CallErrors
from trama.calls.models import (
    BudgetLine,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalIndicator,
    ProposalPartner,
)
from trama.calls.selectors.proposal import (
    can_read_attachments,
)
from trama.calls.services.proposal_common import (
    bump_version,
    is_lead_member,
    lock_draft,
    log_proposal,
    not_editable_message,
)
from trama.calls.workflows import EDITABLE
from trama.core.deadlines import local_moment
from trama.core.errors import DomainError
from trama.core.notifications import notify
from trama.core.uploads import UploadKind, check_upload
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.projects.models import TargetGroup


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
                % {"section": section, "number": number, "field": name},
                code=CallErrors.NEGATIVE,
            )


@transaction.atomic
def proposal_set_activities(
    *, actor: User, proposal: Proposal, version: int, activities: Sequence[ActivityData]
) -> Proposal:
    """Replace the draft's activities with `activities`, in that order."""
    current = lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(activities, start=1):
        if not item.title.strip():
            raise DomainError(
                _("Activities, row %(number)d: give the activity a title.") % {"number": number},
                code=CallErrors.ROW_UNNAMED,
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
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "activities", count=len(activities))
    return current


@transaction.atomic
def proposal_set_indicators(
    *, actor: User, proposal: Proposal, version: int, indicators: Sequence[IndicatorData]
) -> Proposal:
    """Replace the draft's indicators with `indicators`."""
    current = lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(indicators, start=1):
        if not item.name.strip():
            raise DomainError(
                _("Indicators, row %(number)d: give the indicator a name.") % {"number": number},
                code=CallErrors.ROW_UNNAMED,
            )
        _refuse_negative({_("target"): item.target}, number, _("Indicators"))
    current.indicators.all().delete()
    ProposalIndicator.objects.bulk_create(
        ProposalIndicator(
            proposal=current, name=item.name.strip(), unit=item.unit.strip(), target=item.target
        )
        for item in indicators
    )
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "indicators", count=len(indicators))
    return current


@transaction.atomic
def proposal_set_budget_lines(
    *, actor: User, proposal: Proposal, version: int, lines: Sequence[BudgetLineData]
) -> Proposal:
    """Replace the draft's budget lines. Lines whose shares do not add up yet are kept (a
    draft may be incomplete); the submission refuses them, and the budget page says so."""
    current = lock_draft(actor=actor, proposal=proposal, version=version)
    for number, item in enumerate(lines, start=1):
        if not item.description.strip():
            raise DomainError(
                _("Budget, row %(number)d: name the cost item.") % {"number": number},
                code=CallErrors.ROW_UNNAMED,
            )
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
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "budget", count=len(lines))
    return current


@transaction.atomic
def proposal_partner_add(
    *, actor: User, proposal: Proposal, organization: Organization, role: str
) -> ProposalPartner:
    """Invite another organisation of the registry; its members are told to confirm."""
    current = lock_draft(actor=actor, proposal=proposal)
    role = role.strip()
    if organization.pk == current.lead_id:
        raise DomainError(
            _("The lead organisation cannot be its own partner."),
            field="organization",
            code=CallErrors.LEAD_AS_PARTNER,
        )
    if not role:
        raise DomainError(
            _("Say what the partner will do in the proposal."),
            field="role",
            code=CallErrors.PARTNER_ROLE_REQUIRED,
        )
    if ProposalPartner.objects.filter(proposal=current, organization=organization).exists():
        raise DomainError(
            _("%(organization)s is already a partner of this proposal.")
            % {"organization": organization.name},
            field="organization",
            code=CallErrors.ALREADY_A_PARTNER,
        )
    partner = ProposalPartner.objects.create(proposal=current, organization=organization, role=role)
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "partner_added", organization=organization.pk)
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
    current = lock_draft(actor=actor, proposal=partner.proposal)
    organization_id = partner.organization_id
    ProposalPartner.objects.filter(pk=partner.pk, proposal=current).delete()
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "partner_removed", organization=organization_id)


@transaction.atomic
def proposal_partner_confirm(*, actor: User, partner: ProposalPartner, now=None) -> ProposalPartner:
    """A member of the partner organisation confirms its participation (draft only)."""
    now = now or timezone.now()
    partner = (
        ProposalPartner.objects.select_for_update()
        .select_related("proposal", "proposal__lead", "organization")
        .get(pk=partner.pk)
    )
    if not is_lead_member(actor, partner.organization_id):
        raise PermissionDenied
    proposal = Proposal.objects.select_for_update().get(pk=partner.proposal_id)
    if proposal.state not in EDITABLE:
        raise DomainError(not_editable_message(proposal), code=CallErrors.FROZEN)
    if partner.confirmed_at:
        raise DomainError(
            _("%(organization)s already confirmed its participation on %(when)s.")
            % {
                "organization": partner.organization.name,
                "when": local_moment(partner.confirmed_at),
            },
            code=CallErrors.ALREADY_CONFIRMED,
        )
    partner.confirmed_at = now
    partner.confirmed_by = actor
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    log_proposal(
        actor, proposal, Action.UPDATE, "partner_confirmed", organization=partner.organization_id
    )
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


@transaction.atomic
def proposal_attachment_add(
    *, actor: User, proposal: Proposal, title: str, upload
) -> ProposalAttachment:
    """Attach a PDF (recognised by its content, not by its name) of at most
    TRAMA_UPLOAD_MAX_BYTES; its size and SHA-256 are stored."""
    current = lock_draft(actor=actor, proposal=proposal)
    facts = check_upload(upload, kind=UploadKind.PDF)
    size, sha256 = facts.size, facts.sha256
    title = (
        title.strip() or (getattr(upload, "name", "") or "").rsplit(".", 1)[0] or _("Attachment")
    )
    attachment = ProposalAttachment(
        proposal=current, title=title[:200], size=size, sha256=sha256, uploaded_by=actor
    )
    attachment.file.save(f"proposta-{current.pk}.pdf", upload, save=False)
    attachment.save()
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "attachment_added", sha256=sha256, size=size)
    return attachment


@transaction.atomic
def proposal_attachment_remove(*, actor: User, attachment: ProposalAttachment) -> None:
    current = lock_draft(actor=actor, proposal=attachment.proposal)
    file_name, sha256 = attachment.file.name, attachment.sha256
    ProposalAttachment.objects.filter(pk=attachment.pk, proposal=current).delete()
    bump_version(current)
    log_proposal(actor, current, Action.UPDATE, "attachment_removed", sha256=sha256)
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
