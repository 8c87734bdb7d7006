"""The evaluation of a call (issue 5, point 4): the committee, the evaluators' declarations of
conflict of interest, their scores, the ranking and the minutes.

Rules kept here, once:
- the coordinator names the committee; a seat carries the `evaluator` role scoped to the
  call (granted on naming, revoked on removal);
- an evaluator (president or member; a secretary does not score) declares, for each proposal
  under evaluation, a conflict of interest or none, before seeing it; a declared conflict
  hides the proposal from them for good and the declaration cannot be changed;
- scores: 0..the criterion's maximum, with a justification, one per (proposal, criterion,
  evaluator), only while the call is under evaluation; editable until the ranking is
  computed (which moves the call on, closing the scoring);
- the ranking runs `trama.ranking` on the loaded scores once every expected score is in.
"""

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.services import role_grant, role_revoke
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls import workflows
from trama.calls.capabilities import MANAGE_CALLS
from trama.calls.errors import CallErrors
from trama.calls.models import (
    BudgetLine,
    Call,
    CallDocument,
    CallState,
    CommitteeMember,
    CommitteeRole,
    ConflictDeclaration,
    Criterion,
    DocumentKind,
    Proposal,
    ProposalState,
    Score,
)
from trama.calls.services.call import call_mark_ranked
from trama.core import notifications
from trama.core.errors import DomainError
from trama.core.workflow import lock_many, move_many
from trama.ranking import (
    Aggregate,
    CriterionInput,
    ProposalInput,
    RankedProposal,
    RankingConfig,
    ScoreInput,
    TieBreak,
    rank_proposals,
)

ZERO = Decimal("0")
# The committee may be named until the ranking closes the evaluation.
COMMITTEE_OPEN_STATES = frozenset(
    {CallState.DRAFT, CallState.PUBLISHED, CallState.CLOSED, CallState.EVALUATION}
)
# Declarations can be made as soon as the proposals are admitted, before the scoring opens.
DECLARATION_STATES = frozenset({CallState.CLOSED, CallState.EVALUATION})
SCORING_ROLES = frozenset({CommitteeRole.PRESIDENT, CommitteeRole.MEMBER})
# Proposals the committee looks at (once ranked they move on to selected / not selected).
EVALUATED_STATES = frozenset(
    {
        ProposalState.ADMISSIBLE,
        ProposalState.EVALUATED,
        ProposalState.SELECTED,
        ProposalState.NOT_SELECTED,
        ProposalState.IN_CODESIGN,
        ProposalState.AGREED,
    }
)


def _lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


# --- the committee ------------------------------------------------------------------------


def _active_evaluator_grant(user: User, call: Call) -> RoleGrant | None:
    return RoleGrant.objects.filter(
        user=user,
        role=Role.EVALUATOR,
        scope_kind=ScopeKind.CALL,
        scope_id=call.pk,
        revoked_at__isnull=True,
    ).first()


@transaction.atomic
def committee_member_add(*, actor: User, call: Call, user: User, role: str) -> CommitteeMember:
    """Seat `user` on the call's committee with `role`, granting them the evaluator role on
    the call (unless they hold it already)."""
    MANAGE_CALLS.require(actor)
    call = _lock_call(call)
    if call.state not in COMMITTEE_OPEN_STATES:
        raise DomainError(
            _("The committee cannot change once the ranking is computed."),
            code=CallErrors.COMMITTEE_LOCKED,
        )
    if role not in CommitteeRole.values:
        raise DomainError(
            _("Choose a role in the committee."), field="role", code=CallErrors.BAD_ROLE
        )
    if not user.is_active:
        raise DomainError(
            _("This user is not active."), field="user", code=CallErrors.INACTIVE_USER
        )
    if CommitteeMember.objects.filter(call=call, user=user).exists():
        raise DomainError(
            _("This person already sits on the committee."),
            field="user",
            code=CallErrors.ALREADY_ON_COMMITTEE,
        )
    if (
        role == CommitteeRole.PRESIDENT
        and CommitteeMember.objects.filter(call=call, role=CommitteeRole.PRESIDENT).exists()
    ):
        raise DomainError(
            _("The committee already has a president."),
            field="role",
            code=CallErrors.PRESIDENT_EXISTS,
        )
    try:
        with transaction.atomic():
            member = CommitteeMember.objects.create(call=call, user=user, role=role)
    except IntegrityError as exc:  # a concurrent naming of the same person or president
        raise DomainError(
            _("This person already sits on the committee."),
            field="user",
            code=CallErrors.ALREADY_ON_COMMITTEE,
        ) from exc
    if _active_evaluator_grant(user, call) is None:
        role_grant(
            actor=actor, user=user, role=Role.EVALUATOR, scope_kind=ScopeKind.CALL, scope_id=call.pk
        )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=member, details={"call": call.pk, "role": role}
    )
    return member


@transaction.atomic
def committee_member_remove(*, actor: User, member: CommitteeMember) -> None:
    """Take a seat away (and the evaluator role on the call). Refused once the member has
    scored: the minutes must show who scored what."""
    MANAGE_CALLS.require(actor)
    call = _lock_call(member.call)
    if call.state not in COMMITTEE_OPEN_STATES:
        raise DomainError(
            _("The committee cannot change once the ranking is computed."),
            code=CallErrors.COMMITTEE_LOCKED,
        )
    if Score.objects.filter(proposal__call=call, evaluator_id=member.user_id).exists():
        raise DomainError(
            _("This member has already scored proposals and cannot be removed."),
            code=CallErrors.MEMBER_HAS_SCORED,
        )
    grant = _active_evaluator_grant(member.user, call)
    if grant is not None:
        role_revoke(actor=actor, grant=grant)
    access_log_append(
        actor=actor,
        action=Action.DELETE,
        obj=member,
        details={"call": call.pk, "role": member.role},
    )
    member.delete()


# --- declarations and scores --------------------------------------------------------------


def scoring_seat(user: User, call: Call) -> CommitteeMember | None:
    """The user's scoring seat on the call's committee (president or member) with an active
    evaluator role on the call, or None."""
    if not user.is_authenticated or call.pk not in user.scope_ids(Role.EVALUATOR, ScopeKind.CALL):
        return None
    return CommitteeMember.objects.filter(call=call, user=user, role__in=SCORING_ROLES).first()


def _require_scoring_seat(actor: User, call: Call) -> None:
    if scoring_seat(actor, call) is None:
        raise DomainError(
            _("Only the members of this call's committee who score can do this."),
            code=CallErrors.NOT_A_SCORER,
        )


@transaction.atomic
def conflict_declare(
    *, actor: User, proposal: Proposal, has_conflict: bool, note: str = ""
) -> ConflictDeclaration:
    """Declare, once and before seeing the proposal, a conflict of interest with its
    applicants or none. A conflict needs a note saying what it is."""
    _require_scoring_seat(actor, proposal.call)
    if proposal.call.state not in DECLARATION_STATES:
        raise DomainError(
            _("Declarations are made while the proposals are being evaluated."),
            code=CallErrors.DECLARATIONS_NOT_OPEN,
        )
    if proposal.state not in workflows.UNDER_EVALUATION:
        raise DomainError(
            _("This proposal is not under evaluation."), code=CallErrors.NOT_UNDER_EVALUATION
        )
    note = (note or "").strip()
    if has_conflict and not note:
        raise DomainError(
            _("Say briefly what the conflict of interest is (e.g. a role in the applicant)."),
            field="note",
            code=CallErrors.CONFLICT_NOTE_REQUIRED,
        )
    if ConflictDeclaration.objects.filter(proposal=proposal, evaluator=actor).exists():
        raise DomainError(
            _("You have already made your declaration about this proposal."),
            code=CallErrors.ALREADY_DECLARED,
        )
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                proposal=proposal,
                evaluator=actor,
                has_conflict=has_conflict,
                note=note,
                declared_at=timezone.now(),
            )
    except IntegrityError as exc:
        raise DomainError(
            _("You have already made your declaration about this proposal."),
            code=CallErrors.ALREADY_DECLARED,
        ) from exc
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=declaration,
        details={"proposal": proposal.pk, "has_conflict": has_conflict},
    )
    return declaration


@dataclass(frozen=True)
class ScoreEntry:
    criterion_id: int
    points: object  # Decimal, or the raw text a form or the API sent
    justification: str


def _points_field(criterion_id: int) -> str:
    return f"points_{criterion_id}"


def _justification_field(criterion_id: int) -> str:
    return f"justification_{criterion_id}"


def _clean_points(raw: object, criterion: Criterion) -> Decimal:
    field = _points_field(criterion.pk)
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise DomainError(
            _("Give the points for “%(criterion)s”.") % {"criterion": criterion.title},
            field=field,
            code=CallErrors.POINTS_REQUIRED,
        )
    try:
        points = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(
            _("Enter the points as a number."), field=field, code=CallErrors.POINTS_NOT_A_NUMBER
        ) from exc
    if not points.is_finite():
        raise DomainError(
            _("Enter the points as a number."), field=field, code=CallErrors.POINTS_NOT_A_NUMBER
        )
    if points < 0:
        raise DomainError(_("Points cannot be negative."), field=field, code=CallErrors.NEGATIVE)
    if points > criterion.max_points:
        raise DomainError(
            _("At most %(max)s points for “%(criterion)s”.")
            % {"max": number_format(criterion.max_points), "criterion": criterion.title},
            field=field,
            code=CallErrors.POINTS_ABOVE_MAX,
        )
    if points != points.quantize(Decimal("0.01")):
        raise DomainError(
            _("Use at most two decimal places."), field=field, code=CallErrors.POINTS_TOO_PRECISE
        )
    return points


@transaction.atomic
def scores_save(*, actor: User, proposal: Proposal, entries: Sequence[ScoreEntry]) -> list[Score]:
    """Save the evaluator's scores of some criteria of one proposal, all or none. Every
    message names the field of the criterion it is about (`points_<id>`,
    `justification_<id>`)."""
    call = _lock_call(proposal.call)
    proposal.call = call
    _require_scoring_seat(actor, call)
    if call.state != CallState.EVALUATION:
        raise DomainError(
            _("Scores can be given only while the call is under evaluation."),
            code=CallErrors.SCORING_NOT_OPEN,
        )
    if proposal.state != ProposalState.ADMISSIBLE:
        raise DomainError(
            _("This proposal is not under evaluation."), code=CallErrors.NOT_UNDER_EVALUATION
        )
    declaration = ConflictDeclaration.objects.filter(proposal=proposal, evaluator=actor).first()
    if declaration is None:
        raise DomainError(
            _("Declare first whether you have a conflict of interest with this proposal."),
            code=CallErrors.NOT_DECLARED,
        )
    if declaration.has_conflict:
        raise DomainError(
            _("You declared a conflict of interest with this proposal: you cannot score it."),
            code=CallErrors.CONFLICT_OF_INTEREST,
        )
    if not entries:
        raise DomainError(_("Give at least one score."), code=CallErrors.NO_SCORES)
    criteria = {c.pk: c for c in call.criteria.all()}
    errors: dict[str, list[str]] = defaultdict(list)
    cleaned: list[tuple[Criterion, Decimal, str]] = []
    for entry in entries:
        criterion = criteria.get(entry.criterion_id)
        if criterion is None:
            raise DomainError(
                _("This criterion is not one of the call's."), code=CallErrors.UNKNOWN_CRITERION
            )
        justification = (entry.justification or "").strip()
        try:
            points = _clean_points(entry.points, criterion)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors[field].extend(messages)
            points = None
        if not justification:
            errors[_justification_field(criterion.pk)].append(
                _("Justify the points given for “%(criterion)s”.") % {"criterion": criterion.title}
            )
        if points is not None and justification:
            cleaned.append((criterion, points, justification))
    if errors:
        raise ValidationError(dict(errors))
    now = timezone.now()
    saved = []
    for criterion, points, justification in cleaned:
        score, created = Score.objects.update_or_create(
            proposal=proposal,
            criterion=criterion,
            evaluator=actor,
            defaults={"points": points, "justification": justification, "scored_at": now},
        )
        saved.append(score)
        access_log_append(
            actor=actor,
            action=Action.CREATE if created else Action.UPDATE,
            obj=score,
            details={"proposal": proposal.pk, "criterion": criterion.pk, "points": str(points)},
        )
    return saved


# --- completion ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberProgress:
    member: CommitteeMember
    proposals_expected: int  # proposals they may score (no conflict declared)
    proposals_done: int  # of those, scored on every criterion
    conflicts: int
    undeclared: int

    @property
    def complete(self) -> bool:
        return self.undeclared == 0 and self.proposals_done == self.proposals_expected


@dataclass(frozen=True)
class EvaluationProgress:
    members: list[MemberProgress]
    proposals: int
    criteria: int

    @property
    def complete(self) -> bool:
        """Every scoring member has declared on every proposal and scored every criterion of
        each one they may score; and there is something to rank."""
        return (
            self.proposals > 0
            and self.criteria > 0
            and bool(self.members)
            and all(m.complete for m in self.members)
        )


def evaluation_progress(call: Call) -> EvaluationProgress:
    """How far the committee is, without anybody's points (a fixed number of queries)."""
    members = list(
        CommitteeMember.objects.filter(call=call, role__in=SCORING_ROLES)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )
    proposal_ids = set(
        Proposal.objects.filter(call=call, state__in=EVALUATED_STATES).values_list("pk", flat=True)
    )
    criteria_count = call.criteria.count()
    declarations = defaultdict(dict)
    for proposal_id, evaluator_id, has_conflict in ConflictDeclaration.objects.filter(
        proposal__call=call
    ).values_list("proposal_id", "evaluator_id", "has_conflict"):
        declarations[evaluator_id][proposal_id] = has_conflict
    scored = defaultdict(lambda: defaultdict(int))
    for proposal_id, evaluator_id in Score.objects.filter(
        proposal__call=call, criterion__call=call
    ).values_list("proposal_id", "evaluator_id"):
        scored[evaluator_id][proposal_id] += 1
    rows = []
    for member in members:
        mine = declarations.get(member.user_id, {})
        conflicts = {p for p, has in mine.items() if has and p in proposal_ids}
        undeclared = proposal_ids - set(mine)
        may_score = proposal_ids - conflicts
        done = sum(
            1 for p in may_score if p in mine and scored[member.user_id].get(p, 0) >= criteria_count
        )
        rows.append(
            MemberProgress(
                member=member,
                proposals_expected=len(may_score),
                proposals_done=done,
                conflicts=len(conflicts),
                undeclared=len(undeclared),
            )
        )
    return EvaluationProgress(members=rows, proposals=len(proposal_ids), criteria=criteria_count)


# --- the ranking --------------------------------------------------------------------------


def cofunding_shares(proposal_ids: Iterable[int], hour_rate: Decimal) -> dict[int, Decimal]:
    """Each proposal's co-funding (cash + in kind + volunteer hours × the call's rate) as a
    share of its budget lines' total, in one query."""
    shares = {}
    rows = (
        BudgetLine.objects.filter(proposal_id__in=list(proposal_ids))
        .values("proposal_id")
        .annotate(
            amount=Sum("amount"),
            cash=Sum("cofunding_cash"),
            in_kind=Sum("cofunding_in_kind"),
            hours=Sum("volunteer_hours"),
        )
    )
    for row in rows:
        cofunding = (
            (row["cash"] or ZERO) + (row["in_kind"] or ZERO) + (row["hours"] or ZERO) * (hour_rate)
        )
        amount = row["amount"] or ZERO
        shares[row["proposal_id"]] = cofunding / amount if amount else ZERO
    return shares


def ranking_inputs(
    call: Call,
) -> tuple[list[CriterionInput], list[ProposalInput], list[ScoreInput], RankingConfig]:
    """The algorithm's plain input, loaded in a fixed number of queries."""
    criteria = [
        CriterionInput(id=c.pk, position=c.position, max_points=c.max_points, weight=c.weight)
        for c in call.criteria.all()
    ]
    rows = list(
        Proposal.objects.filter(call=call, state__in=workflows.UNDER_EVALUATION).values_list(
            "pk", "submitted_at"
        )
    )
    shares = cofunding_shares([pk for pk, _at in rows], call.volunteer_hour_rate)
    proposals = [
        ProposalInput(id=pk, cofunding_share=shares.get(pk, ZERO), submitted_at=at)
        for pk, at in rows
    ]
    scores = [
        ScoreInput(proposal_id=p, criterion_id=c, evaluator_id=e, points=points)
        for p, c, e, points in Score.objects.filter(
            proposal__call=call,
            proposal__state__in=workflows.UNDER_EVALUATION,
            criterion__call=call,
        ).values_list("proposal_id", "criterion_id", "evaluator_id", "points")
    ]
    config = RankingConfig(
        aggregate=Aggregate(call.score_aggregate),
        threshold=call.admission_threshold,
        tie_break=TieBreak(call.tie_break),
    )
    return criteria, proposals, scores, config


@transaction.atomic
def call_rank(*, actor: User, call: Call) -> list[RankedProposal]:
    """Compute the ranking once every expected score is in: store each proposal's committee
    total and rank, move the proposals admissible → evaluated → selected (admitted) or not
    selected, the call evaluation → ranked, and tell the applicants."""
    MANAGE_CALLS.require(actor)
    call = _lock_call(call)
    workflows.CALL_WORKFLOW.check(call.state, CallState.RANKED)
    progress = evaluation_progress(call)
    if progress.proposals == 0:
        raise DomainError(
            _("No proposal is under evaluation: there is nothing to rank."),
            code=CallErrors.NOTHING_TO_RANK,
        )
    if progress.criteria == 0:
        raise DomainError(_("The call has no evaluation criteria."), code=CallErrors.NO_CRITERIA)
    if not progress.members:
        raise DomainError(_("The committee has no member who scores."), code=CallErrors.NO_SCORERS)
    if not progress.complete:
        raise DomainError(
            _("The ranking can be computed only when every committee member has scored."),
            code=CallErrors.SCORING_INCOMPLETE,
        )
    criteria, proposals, scores, config = ranking_inputs(call)
    ranked = rank_proposals(criteria, proposals, scores, config)
    # Admissible → evaluated → selected or not selected, each proposal locked and logged.
    proposals = lock_many(Proposal.objects.all(), [row.proposal_id for row in ranked])
    targets = {
        row.proposal_id: ProposalState.SELECTED if row.admitted else ProposalState.NOT_SELECTED
        for row in ranked
    }
    move_many(
        workflows.PROPOSAL_WORKFLOW,
        proposals,
        targets,
        actor=actor,
        through=ProposalState.EVALUATED,
        changes={r.proposal_id: {"committee_score": r.total, "rank": r.rank} for r in ranked},
        details={
            r.proposal_id: {"what": "ranked", "total": str(r.total), "rank": r.rank} for r in ranked
        },
    )
    call_mark_ranked(actor=actor, call=call)
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=call,
        details={
            "ranking": [
                {
                    "proposal": r.proposal_id,
                    "total": str(r.total),
                    "rank": r.rank,
                    "admitted": r.admitted,
                }
                for r in ranked
            ],
            "aggregate": config.aggregate.value,
            "threshold": str(config.threshold),
            "tie_break": config.tie_break.value,
        },
    )
    _notify_applicants(call, ranked)
    return ranked


def _notify_applicants(call: Call, ranked: list[RankedProposal]) -> None:
    """One message per proposal to its lead's members: the result, total and rank. The
    members of every lead are read in one query."""
    lead_of = dict(
        Proposal.objects.filter(pk__in=[r.proposal_id for r in ranked]).values_list("pk", "lead_id")
    )
    members: dict[int, list[User]] = defaultdict(list)
    grants = RoleGrant.objects.filter(
        role=Role.ETS_MEMBER,
        scope_kind=ScopeKind.ORGANIZATION,
        scope_id__in=set(lead_of.values()),
        revoked_at__isnull=True,
        user__is_active=True,
    ).select_related("user")
    for grant in grants:
        members[grant.scope_id].append(grant.user)
    title = call.title
    for row in ranked:
        recipients = members.get(lead_of[row.proposal_id], [])
        if not recipients:
            continue
        total, rank, admitted = row.total, row.rank, row.admitted

        def body(total=total, rank=rank, admitted=admitted) -> str:
            outcome = (
                _("Your proposal is selected for the co-design.")
                if admitted
                else _("Your proposal is not selected: its total is below the admission threshold.")
            )
            return (
                _(
                    "The committee has ranked the proposals of the call “%(call)s”. "
                    "Your proposal scored %(total)s points and ranks %(rank)s."
                )
                % {"call": title, "total": total, "rank": rank}
                + " "
                + outcome
            )

        notifications.notify(
            recipients,
            subject=lambda: _("Ranking of the call “%(call)s”") % {"call": title},
            body=body,
            url_name="core:dashboard",
        )


# --- the minutes --------------------------------------------------------------------------


@transaction.atomic
def minutes_publish(*, actor: User, call: Call, pdf: bytes):
    """Publish the minutes as a public document of the call (kind `minutes`)."""
    MANAGE_CALLS.require(actor)
    if call.state in (CallState.DRAFT, CallState.PUBLISHED, CallState.CLOSED, CallState.EVALUATION):
        raise DomainError(
            _("The minutes can be published once the ranking is computed."),
            code=CallErrors.NOT_RANKED,
        )
    if call.state == CallState.CANCELLED:
        raise DomainError(_("The call is cancelled."), code=CallErrors.CANCELLED)
    title = _("Minutes of the evaluation committee")
    document = CallDocument(
        call=call,
        kind=DocumentKind.MINUTES,
        title=title,
        size=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        uploaded_by=actor,
    )
    document.file.save(f"verbale-avviso-{call.pk}.pdf", ContentFile(pdf), save=False)
    document.save()
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=document,
        details={"call": call.pk, "kind": "minutes"},
    )
    return document
