"""Reads of calls, their criteria, documents and questions (issue 5, points 1, 2, 7, 9).

Who sees which call:
- the coordinator and the administrator read every call, drafts included; only the
  coordinator writes (`CALL_MANAGERS`);
- ETS members and evaluators read the calls that are public (every state after the draft);
  an evaluator also reads the calls whose committee they sit on (scope `call`);
- everybody, anonymous included, reads the public calls through `public_call_*`, which
  never return a draft and never name who asked a question.

Every selector loads what its page shows in a fixed number of queries, whatever the number
of criteria, documents, questions or proposals.
"""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.calls.capabilities import MANAGE_CALLS, OVERSEE_CALLS, READ_CALLS
from trama.calls.models import (
    Agreement,
    Call,
    CallDocument,
    CallState,
    Criterion,
    Proposal,
    ProposalState,
    Question,
)
from trama.calls.workflows import PUBLIC_CALL_STATES
from trama.organizations.models import ActivitySector
from trama.projects.models import TargetGroup
from trama.territory.models import Municipality

# States in which the call is still open to applicants (shown first on the public list).
OPEN_STATES = (CallState.PUBLISHED,)
# Once ranked, the ranking is public.
RANKED_STATES = frozenset({CallState.RANKED, CallState.CO_DESIGN, CallState.CONCLUDED})
# The proposals shown in a public ranking: those the committee scored.
RANKED_PROPOSAL_STATES = (
    ProposalState.EVALUATED,
    ProposalState.SELECTED,
    ProposalState.NOT_SELECTED,
    ProposalState.IN_CODESIGN,
    ProposalState.AGREED,
)
SELECTED_PROPOSAL_STATES = frozenset(
    {ProposalState.SELECTED, ProposalState.IN_CODESIGN, ProposalState.AGREED}
)


@dataclass(frozen=True)
class CallFilters:
    search: str = ""
    state: str = ""
    kind: str = ""


def _visible(user: User) -> QuerySet[Call]:
    """The calls `user` may read in the back office; PermissionDenied for other roles."""
    READ_CALLS.require(user)
    if OVERSEE_CALLS.allows(user):
        return Call.objects.all()
    visible = Q(state__in=PUBLIC_CALL_STATES)
    if user.has_any_role(Role.EVALUATOR):
        visible |= Q(pk__in=user.scope_ids(Role.EVALUATOR, ScopeKind.CALL))
    return Call.objects.filter(visible)


def _with_page_data(qs: QuerySet[Call]) -> QuerySet[Call]:
    return qs.select_related("previous_cycle", "created_by").prefetch_related(
        Prefetch("target_groups", queryset=TargetGroup.objects.order_by("label")),
        Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        Prefetch("required_sectors", queryset=ActivitySector.objects.order_by("code")),
        Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id")),
        Prefetch("documents", queryset=CallDocument.objects.order_by("kind", "uploaded_at")),
        Prefetch("next_cycles", queryset=Call.objects.order_by("cycle")),
    )


def call_list(*, user: User, filters: CallFilters | None = None) -> QuerySet[Call]:
    """The calls `user` may read, newest deadline first."""
    filters = filters or CallFilters()
    qs = _visible(user)
    if filters.search:
        qs = qs.filter(Q(title__icontains=filters.search) | Q(purpose__icontains=filters.search))
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs.order_by("-proposals_deadline", "title", "pk")


def call_get(*, user: User, pk: int) -> Call:
    """One call with what its back-office page shows; DoesNotExist when not visible."""
    return _with_page_data(_visible(user)).get(pk=pk)


def call_document_get(*, user: User, pk: int) -> CallDocument:
    """A document of a call `user` may read (drafts' documents for the overseers only)."""
    return CallDocument.objects.select_related("call").get(pk=pk, call__in=_visible(user))


def criteria_totals(criteria) -> dict[str, object]:
    """The sum of the maximum points and of the weighted maximum, with each criterion's own
    weighted maximum set on it as `weighted_max` (no query on a prefetched list)."""
    items = list(criteria)
    for criterion in items:
        criterion.weighted_max = criterion.max_points * criterion.weight
    return {
        "max_points": sum((c.max_points for c in items), start=0),
        "weighted_max": sum((c.max_points * c.weight for c in items), start=0),
        "count": len(items),
    }


def question_list(*, user: User, call: Call) -> QuerySet[Question]:
    """The questions of `call` as `user` may see them: every question with its asker for the
    call's managers and overseers; an ETS member's own questions plus the answered ones."""
    READ_CALLS.require(user)
    qs = Question.objects.filter(call=call).order_by("asked_at", "pk")
    if OVERSEE_CALLS.allows(user):
        return qs.select_related("asked_by", "organization", "answered_by")
    if user.has_any_role(Role.ETS_MEMBER):
        return qs.filter(Q(asked_by=user) | Q(answered_at__isnull=False))
    return qs.filter(answered_at__isnull=False)


def question_get_for_answer(*, user: User, pk: int) -> Question:
    """A question the coordinator may answer; DoesNotExist otherwise."""
    MANAGE_CALLS.require(user)
    return Question.objects.select_related("call", "asked_by", "organization").get(pk=pk)


# Public reads ---------------------------------------------------------------------------


def public_call_list() -> QuerySet[Call]:
    """Every call past its draft: the open ones first (nearest deadline first), then the
    others (latest deadline first)."""
    open_first = Case(
        When(state__in=OPEN_STATES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    return (
        Call.objects.filter(state__in=PUBLIC_CALL_STATES)
        .prefetch_related(
            Prefetch("target_groups", queryset=TargetGroup.objects.order_by("label")),
            Prefetch("municipalities", queryset=Municipality.objects.order_by("name")),
        )
        .order_by(open_first, "-proposals_deadline", "title", "pk")
    )


def public_call_get(pk: int) -> Call:
    """One public call with everything its public page shows, in a fixed number of
    queries; DoesNotExist for a draft or an absent call."""
    return _with_page_data(Call.objects.filter(state__in=PUBLIC_CALL_STATES)).get(pk=pk)


def public_answers(call: Call) -> list[Question]:
    """The answered questions of a public call, without who asked (only the text, the
    answer and the dates are loaded)."""
    return list(
        Question.objects.filter(call=call, answered_at__isnull=False)
        .only("pk", "call_id", "text", "answer", "asked_at", "answered_at")
        .order_by("asked_at", "pk")
    )


def public_ranking(call: Call) -> list[Proposal]:
    """The ranked proposals of a call, once it is ranked (empty before): title, lead
    organisation, committee score and rank as the evaluation stored them. One query."""
    if call.state not in RANKED_STATES:
        return []
    return list(
        Proposal.objects.filter(call=call, state__in=RANKED_PROPOSAL_STATES)
        .select_related("lead")
        .only(
            "pk",
            "call_id",
            "title",
            "state",
            "rank",
            "committee_score",
            "lead__id",
            "lead__name",
        )
        .order_by(
            Case(When(rank__isnull=True, then=Value(1)), default=Value(0)),
            "rank",
            "title",
            "pk",
        )
    )


def public_agreement(call: Call) -> Agreement | None:
    """The agreement that concluded the call, with its project, once concluded."""
    if call.state != CallState.CONCLUDED:
        return None
    return Agreement.objects.select_related("project").filter(call=call).first()


def public_document_get(pk: int) -> CallDocument:
    """A document of a public call; DoesNotExist for a draft's document."""
    return CallDocument.objects.select_related("call").get(
        pk=pk, call__state__in=PUBLIC_CALL_STATES
    )
