"""Reads of proposals, scoped by the user's roles (issue 5, points 3 and 8).

- An ETS member sees the proposals its organisations lead, and those they are invited to
  join as partners (to confirm them).
- The coordinator sees every proposal once it has been submitted (a draft is the
  applicant's work in progress).
- Nobody else reads proposals here (evaluators read them through the evaluation area).
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.calls.capabilities import OVERSEE_PROPOSALS, TAKE_PART
from trama.calls.models import (
    BudgetLine,
    Call,
    CallState,
    Proposal,
    ProposalActivity,
    ProposalAttachment,
    ProposalPartner,
    ProposalState,
)
from trama.calls.requirements import RequirementResult, check_requirements
from trama.calls.workflows import EDITABLE
from trama.core.deadlines import deadline_open
from trama.organizations.models import ActivitySector, Organization
from trama.projects.models import TargetGroup
from trama.territory.models import Municipality


def member_organization_ids(user: User) -> set[int]:
    """The organisations `user` acts for as an ETS member."""
    if not user.is_authenticated:
        return set()
    return user.scope_ids(Role.ETS_MEMBER, ScopeKind.ORGANIZATION)


def _visible(user: User) -> QuerySet[Proposal]:
    if not user.is_authenticated:
        raise PermissionDenied
    visible = Q(pk__in=[])
    readable = False
    if OVERSEE_PROPOSALS.allows(user):
        visible |= Q(submitted_at__isnull=False)
        readable = True
    if user.has_any_role(Role.ETS_MEMBER):
        organizations = member_organization_ids(user)
        invited = ProposalPartner.objects.filter(organization_id__in=organizations).values(
            "proposal_id"
        )
        visible |= Q(lead_id__in=organizations) | Q(pk__in=invited)
        readable = True
    if not readable:
        raise PermissionDenied
    return Proposal.objects.filter(visible)


def _with_everything(queryset: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """Every related row a proposal page, the snapshot or the API shows, in a fixed number of
    queries whatever the number of proposals."""
    return queryset.select_related("call", "lead", "created_by").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("label")),
        Prefetch(
            "activities",
            queryset=ProposalActivity.objects.select_related("target_group").order_by(
                "position", "id"
            ),
        ),
        "indicators",
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("position", "id")),
        Prefetch(
            "partners",
            queryset=ProposalPartner.objects.select_related("organization").order_by(
                "organization__name", "id"
            ),
        ),
        Prefetch("attachments", queryset=ProposalAttachment.objects.order_by("uploaded_at", "id")),
    )


def proposal_list(*, user: User) -> QuerySet[Proposal]:
    """The proposals `user` may see, newest call first."""
    return (
        _visible(user)
        .select_related("call", "lead")
        .order_by("-call__proposals_deadline", "call_id", "title", "id")
    )


def proposal_list_detailed(*, user: User) -> QuerySet[Proposal]:
    """As `proposal_list`, with every section (API)."""
    return _with_everything(proposal_list(user=user))


def proposal_get(*, user: User, pk: int) -> Proposal:
    """One proposal with all its sections; DoesNotExist when outside the user's scope."""
    return _with_everything(_visible(user)).get(pk=pk)


def proposal_list_for_call(*, user: User, call: Call) -> QuerySet[Proposal]:
    """The submitted proposals of a call, for the coordinator's list."""
    OVERSEE_PROPOSALS.require(user)
    return (
        Proposal.objects.filter(call=call, submitted_at__isnull=False)
        .select_related("lead")
        .order_by("submitted_at", "id")
    )


def call_for_proposals(*, user: User, pk: int) -> Call:
    """A call as the proposal pages need it (with its requirements); the coordinator sees
    any call, an ETS member only those past the draft."""
    if not user.is_authenticated:
        raise PermissionDenied
    queryset = Call.objects.prefetch_related("required_sectors")
    if OVERSEE_PROPOSALS.allows(user):
        return queryset.get(pk=pk)
    if user.has_any_role(Role.ETS_MEMBER):
        return queryset.exclude(state=CallState.DRAFT).get(pk=pk)
    raise PermissionDenied


def is_lead_member(*, user: User, proposal: Proposal) -> bool:
    return proposal.lead_id in member_organization_ids(user)


def can_edit_proposal(*, user: User, proposal: Proposal) -> bool:
    return proposal.state in EDITABLE and is_lead_member(user=user, proposal=proposal)


def can_read_receipt(*, user: User, proposal: Proposal) -> bool:
    """The receipt is for the lead's members and the coordinator, once submitted."""
    if not proposal.submitted_at or not user.is_authenticated:
        return False
    return is_lead_member(user=user, proposal=proposal) or OVERSEE_PROPOSALS.allows(user)


def can_read_attachments(*, user: User, proposal: Proposal) -> bool:
    if not user.is_authenticated:
        return False
    if is_lead_member(user=user, proposal=proposal):
        return True
    return proposal.submitted_at is not None and OVERSEE_PROPOSALS.allows(user)


def partner_organizations(*, proposal: Proposal) -> QuerySet[Organization]:
    """The organisations the lead may invite: every other one in the registry, not yet in."""
    taken = ProposalPartner.objects.filter(proposal=proposal).values("organization_id")
    return (
        Organization.objects.exclude(pk=proposal.lead_id)
        .exclude(pk__in=taken)
        .order_by("search_name", "id")
    )


def applicant_organizations(*, user: User) -> QuerySet[Organization]:
    """The organisations `user` may apply for, with what the requirements check reads."""
    return (
        Organization.objects.filter(pk__in=member_organization_ids(user))
        .select_related("municipality", "runts_section")
        .prefetch_related(
            "sectors",
            Prefetch("municipalities_served", queryset=Municipality.objects.all()),
        )
        .order_by("search_name", "id")
    )


# The ETS portal ------------------------------------------------------------------------


@dataclass
class PortalEntry:
    """One published call seen by one of the user's organisations."""

    call: Call
    organization: Organization
    requirements: list[RequirementResult]
    proposal: Proposal | None  # the organisation's live proposal for the call, if any
    open: bool  # before the deadline

    @property
    def eligible(self) -> bool:
        return all(result.met for result in self.requirements)

    @property
    def reasons(self) -> list[str]:
        return [result.reason for result in self.requirements if not result.met]

    @property
    def can_apply(self) -> bool:
        return self.open and self.eligible and self.proposal is None


@dataclass
class Portal:
    organizations: list[Organization]
    entries: list[PortalEntry] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)  # led by the user's organisations
    invitations: list[ProposalPartner] = field(default_factory=list)  # to confirm


def portal(*, user: User, now=None) -> Portal:
    """What an ETS member's portal shows, in a fixed number of queries whatever the number
    of calls, proposals and invitations."""
    TAKE_PART.require(user)
    now = now or timezone.now()
    organizations = list(applicant_organizations(user=user))
    ids = [organization.pk for organization in organizations]
    calls = list(
        Call.objects.filter(state=CallState.PUBLISHED)
        .prefetch_related(Prefetch("required_sectors", queryset=ActivitySector.objects.all()))
        .order_by("proposals_deadline", "title", "id")
    )
    proposals = list(
        Proposal.objects.filter(lead_id__in=ids)
        .select_related("call", "lead")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=ProposalPartner.objects.select_related("organization"),
            )
        )
        .order_by("-created_at", "-id")
    )
    live = {
        (proposal.call_id, proposal.lead_id): proposal
        for proposal in proposals
        if proposal.state != ProposalState.WITHDRAWN
    }
    entries = [
        PortalEntry(
            call=call,
            organization=organization,
            requirements=check_requirements(call, organization),
            proposal=live.get((call.pk, organization.pk)),
            open=deadline_open(call.proposals_deadline, now),
        )
        for call in calls
        for organization in organizations
    ]
    invitations = list(
        ProposalPartner.objects.filter(
            organization_id__in=ids,
            confirmed_at__isnull=True,
            proposal__state__in=EDITABLE,
        )
        .select_related("proposal", "proposal__call", "proposal__lead", "organization")
        .order_by("proposal__call__proposals_deadline", "id")
    )
    return Portal(
        organizations=organizations, entries=entries, proposals=proposals, invitations=invitations
    )
