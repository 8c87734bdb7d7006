"""Writes to proposals (issue 5, point 3): the lead's draft, its submission and withdrawal.
The sections of a draft are in `proposal_content`, what a submission freezes and proves in
`proposal_receipt`, the budget's rules in `proposal_budget` (on the plain `trama.budget`),
the steps after submission in `proposal_review`.

Every service runs in one transaction, locks the proposal row, writes the access log and
refuses a change to a proposal that is no longer a draft.
"""

from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.calls.capabilities import TAKE_PART
from trama.calls.errors import CallErrors
from trama.calls.models import (
    Call,
    CallState,
    Proposal,
    ProposalState,
)
from trama.calls.requirements import check_requirements
from trama.calls.services.proposal_budget import budget_problems
from trama.calls.services.proposal_common import (
    is_lead_member,
    lock_draft,
    log_proposal,
    not_editable_message,
    tell_lead,
)
from trama.calls.services.proposal_receipt import content_fingerprint, proposal_snapshot
from trama.calls.workflows import EDITABLE, PROPOSAL_WORKFLOW
from trama.core.deadlines import deadline_moment, deadline_passed, local_moment
from trama.core.errors import DomainError
from trama.core.notifications import notify
from trama.core.workflow import move
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.projects.models import TargetGroup


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
    if not TAKE_PART.allows(actor) or not is_lead_member(actor, lead.pk):
        raise PermissionDenied
    call = Call.objects.select_for_update().get(pk=call.pk)
    problem = _deadline_problem(call, now)
    if problem:
        raise DomainError(problem, code=CallErrors.CLOSED)
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
        raise DomainError(
            _("Give the proposal a title."), field="title", code=CallErrors.TITLE_REQUIRED
        )
    existing = (
        Proposal.objects.filter(call=call, lead=lead).exclude(state=ProposalState.WITHDRAWN).first()
    )
    if existing:
        raise DomainError(
            _("%(organization)s already has a proposal for this call: “%(title)s”.")
            % {"organization": lead.name, "title": existing.title},
            code=CallErrors.PROPOSAL_EXISTS,
        )
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                call=call, lead=lead, title=title, summary=summary, created_by=actor
            )
    except IntegrityError as exc:  # two members of the lead created one at the same moment
        raise DomainError(
            _("%(organization)s already has a proposal for this call.")
            % {"organization": lead.name},
            code=CallErrors.PROPOSAL_EXISTS,
        ) from exc
    log_proposal(actor, proposal, Action.CREATE, "proposal")
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
    current = lock_draft(actor=actor, proposal=proposal, version=version)
    title = title.strip()
    if not title:
        raise DomainError(
            _("Give the proposal a title."), field="title", code=CallErrors.TITLE_REQUIRED
        )
    if total_budget is None or total_budget < 0:
        raise DomainError(
            _("The total budget cannot be negative."),
            field="total_budget",
            code=CallErrors.NEGATIVE,
        )
    if expected_beneficiaries is None or expected_beneficiaries < 0:
        raise DomainError(
            _("The number of beneficiaries cannot be negative."),
            field="expected_beneficiaries",
            code=CallErrors.NEGATIVE,
        )
    current.title = title
    current.summary = summary.strip()
    current.expected_beneficiaries = expected_beneficiaries
    current.total_budget = total_budget
    current.version = F("version") + 1
    current.save()
    current.target_groups.set(list(target_groups))
    current.refresh_from_db()
    log_proposal(actor, current, Action.UPDATE, "general")
    return current


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
    current = lock_draft(actor=actor, proposal=proposal, version=version)
    Call.objects.select_for_update().filter(pk=current.call_id).first()
    current = _load(current.pk)
    problems = submission_problems(current, now=now)
    if problems:
        raise ValidationError(problems, code="not_submittable")
    PROPOSAL_WORKFLOW.check(current.state, ProposalState.SUBMITTED)
    content = proposal_snapshot(current, submitted_at=now)
    fingerprint = content_fingerprint(content)
    current = move(
        PROPOSAL_WORKFLOW,
        current,
        ProposalState.SUBMITTED,
        actor=actor,
        changes={
            "submitted_at": now,
            "submitted_content": content,
            "fingerprint": fingerprint,
            "updated_at": now,
        },
        details={"what": "submitted", "fingerprint": fingerprint},
    )
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
    if not is_lead_member(actor, current.lead_id):
        raise PermissionDenied
    PROPOSAL_WORKFLOW.check(current.state, ProposalState.WITHDRAWN)
    if deadline_passed(current.call.proposals_deadline, now):
        raise DomainError(
            _(
                "The deadline for proposals was %(deadline)s (Italian time): after it a "
                "proposal can no longer be withdrawn."
            )
            % {"deadline": deadline_moment(current.call.proposals_deadline)},
            code=CallErrors.CLOSED,
        )
    current = move(
        PROPOSAL_WORKFLOW,
        current,
        ProposalState.WITHDRAWN,
        actor=actor,
        changes={"updated_at": now},
        details={"what": "withdrawn", "previous": current.state},
    )
    tell_lead(current, _withdrawn_subject, _withdrawn_body)
    return current


def _withdrawn_subject(title: str) -> str:
    return _("Proposal withdrawn: %(title)s") % {"title": title}


def _withdrawn_body(title: str, note: str) -> str:
    return _("The proposal “%(title)s” has been withdrawn.") % {"title": title}


# The steps below are driven by the evaluation, the ranking and the co-design (other areas
# of this app): they check the workflow and log; the caller decides who may call them.
