"""Reads of the evaluation, scoped: the coordinator sees every call's committee and
progress; an evaluator sees the calls whose committee they sit on, the proposals they
declared no conflict with, and only their own points until the committee has finished.
Nobody else opens these pages (403)."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.calls.capabilities import EVALUATE, MANAGE_CALLS, READ_EVALUATION
from trama.calls.models import (
    Call,
    CallState,
    CommitteeMember,
    ConflictDeclaration,
    Criterion,
    Proposal,
    Score,
)
from trama.calls.services.evaluation import (
    EVALUATED_STATES,
    SCORING_ROLES,
    evaluation_progress,
)

# Calls with something to evaluate or already evaluated.
EVALUATION_CALL_STATES = (
    CallState.CLOSED,
    CallState.EVALUATION,
    CallState.RANKED,
    CallState.CO_DESIGN,
    CallState.CONCLUDED,
)
RANKED_STATES = frozenset({CallState.RANKED, CallState.CO_DESIGN, CallState.CONCLUDED})


def _require_role(user: User) -> None:
    READ_EVALUATION.require(user)


def committee_call_ids(user: User) -> set[int]:
    """The calls whose committee the user sits on, with the evaluator role on that call."""
    scoped = user.scope_ids(Role.EVALUATOR, ScopeKind.CALL)
    if not scoped:
        return set()
    return set(
        CommitteeMember.objects.filter(user=user, call_id__in=scoped).values_list(
            "call_id", flat=True
        )
    )


def evaluation_call_list(*, user: User) -> QuerySet[Call]:
    """Coordinator: every call past its draft; evaluator: the calls they evaluate."""
    _require_role(user)
    calls = Call.objects.exclude(state=CallState.DRAFT).order_by("-proposals_deadline", "title")
    if MANAGE_CALLS.allows(user):
        return calls
    return calls.filter(pk__in=committee_call_ids(user))


def evaluation_call_get(*, user: User, pk: int) -> Call:
    """A call the user may look at as coordinator or committee member (DoesNotExist → 404)."""
    return evaluation_call_list(user=user).get(pk=pk)


def managed_call_get(*, user: User, pk: int) -> Call:
    """A call whose evaluation the coordinator manages (403 for everybody else)."""
    MANAGE_CALLS.require(user)
    return Call.objects.get(pk=pk)


def committee_list(*, call: Call) -> list[CommitteeMember]:
    return list(
        CommitteeMember.objects.filter(call=call)
        .select_related("user")
        .order_by("role", "user__last_name", "user__username")
    )


def committee_member_get(*, user: User, call: Call, pk: int) -> CommitteeMember:
    MANAGE_CALLS.require(user)
    return CommitteeMember.objects.select_related("user", "call").get(call=call, pk=pk)


def committee_candidates() -> QuerySet[User]:
    """Who may be named: active users."""
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


@dataclass(frozen=True)
class EvaluatorRow:
    proposal: Proposal
    declaration: ConflictDeclaration | None
    scored: int  # criteria scored by the evaluator


def evaluator_proposal_rows(*, user: User, call: Call) -> list[EvaluatorRow]:
    """The proposals under evaluation of a call, as the evaluator sees them in the list:
    title and lead only until they declare; those they declared a conflict with are gone."""
    if call.pk not in committee_call_ids(user):
        return []
    declarations = {
        d.proposal_id: d
        for d in ConflictDeclaration.objects.filter(proposal__call=call, evaluator=user)
    }
    scored = defaultdict(int)
    for proposal_id in Score.objects.filter(proposal__call=call, evaluator=user).values_list(
        "proposal_id", flat=True
    ):
        scored[proposal_id] += 1
    rows = []
    proposals = (
        Proposal.objects.filter(call=call, state__in=EVALUATED_STATES)
        .select_related("lead")
        .order_by("title", "pk")
    )
    for proposal in proposals:
        declaration = declarations.get(proposal.pk)
        if declaration is not None and declaration.has_conflict:
            continue
        rows.append(EvaluatorRow(proposal, declaration, scored[proposal.pk]))
    return rows


def evaluator_proposal_get(*, user: User, pk: int) -> tuple[Proposal, ConflictDeclaration | None]:
    """A proposal of a call the user evaluates (DoesNotExist → 404), with their declaration.
    A declared conflict hides it for good (404). The proposal's content may be shown only
    when the declaration is there."""
    EVALUATE.require(user)
    proposal = Proposal.objects.select_related("call", "lead").get(
        pk=pk, call_id__in=committee_call_ids(user), state__in=EVALUATED_STATES
    )
    if not CommitteeMember.objects.filter(
        call=proposal.call, user=user, role__in=SCORING_ROLES
    ).exists():
        raise Proposal.DoesNotExist
    declaration = ConflictDeclaration.objects.filter(proposal=proposal, evaluator=user).first()
    if declaration is not None and declaration.has_conflict:
        raise Proposal.DoesNotExist
    return proposal, declaration


def proposal_for_reading(*, proposal: Proposal) -> Proposal:
    """The proposal with what the read-only page shows (partners, activities, budget)."""
    return (
        Proposal.objects.select_related("lead", "call")
        .prefetch_related(
            "partners__organization",
            "activities__target_group",
            "indicators",
            "budget_lines",
            "target_groups",
        )
        .get(pk=proposal.pk)
    )


def criteria_of(call: Call) -> list[Criterion]:
    return list(call.criteria.order_by("position", "pk"))


def own_scores(*, user: User, proposal: Proposal) -> dict[int, Score]:
    """The evaluator's own scores of a proposal, by criterion."""
    return {s.criterion_id: s for s in Score.objects.filter(proposal=proposal, evaluator=user)}


def scores_visible_to_all(call: Call) -> bool:
    """Independence: everyone's points become visible once the committee has finished."""
    return call.state in RANKED_STATES or evaluation_progress(call).complete


def committee_scores(*, user: User, proposal: Proposal) -> list[Score]:
    """Every evaluator's scores of a proposal, for a committee member or the coordinator,
    and only once the whole committee has scored (empty before)."""
    call = proposal.call
    if not MANAGE_CALLS.allows(user) and call.pk not in committee_call_ids(user):
        raise PermissionDenied
    if not scores_visible_to_all(call):
        return []
    return list(
        Score.objects.filter(proposal=proposal)
        .select_related("criterion", "evaluator")
        .order_by("criterion__position", "criterion_id", "evaluator__last_name", "evaluator_id")
    )


def ranking_rows(*, user: User, call: Call) -> list[Proposal]:
    """The ranked proposals of a call, best first (coordinator, or committee members once
    ranked)."""
    if not MANAGE_CALLS.allows(user) and call.pk not in committee_call_ids(user):
        raise PermissionDenied
    return list(
        Proposal.objects.filter(call=call, rank__isnull=False)
        .select_related("lead")
        .order_by("rank")
    )


def minutes_data_queryset(call: Call) -> QuerySet[Proposal]:
    return (
        Proposal.objects.filter(call=call, state__in=EVALUATED_STATES)
        .select_related("lead")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=Score.objects.select_related("evaluator", "criterion").order_by(
                    "criterion__position", "criterion_id", "evaluator__last_name", "evaluator_id"
                ),
            ),
            Prefetch(
                "conflict_declarations",
                queryset=ConflictDeclaration.objects.select_related("evaluator").order_by(
                    "evaluator__last_name", "evaluator_id"
                ),
            ),
        )
        .order_by("rank", "title")
    )


def may_download_minutes(user: User, call: Call) -> bool:
    return MANAGE_CALLS.allows(user) or call.pk in committee_call_ids(user)
