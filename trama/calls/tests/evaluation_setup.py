"""Calls ready for the evaluation, shared by the evaluation tests and permission rows."""

import datetime
from decimal import Decimal

from django.utils import timezone

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import (
    CallState,
    CommitteeMember,
    CommitteeRole,
    ConflictDeclaration,
    Criterion,
    Proposal,
    ProposalState,
    Score,
)
from trama.calls.tests.factories import CallFactory, CriterionFactory, ProposalFactory
from trama.organizations.tests.factories import OrganizationFactory


def admissible_proposal(call, *, lead=None, minutes_ago: int = 60, **fields) -> Proposal:
    return ProposalFactory(
        call=call,
        lead=lead or OrganizationFactory(),
        state=ProposalState.ADMISSIBLE,
        submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **fields,
    )


def to_evaluation(call, *, criteria: int = 2, proposals: int = 2, leads=()) -> tuple:
    """Put `call` under evaluation with `criteria` criteria (max 20, weight 1) and
    `proposals` admissible proposals (the first ones led by `leads`)."""
    call.state = CallState.EVALUATION
    call.proposals_deadline = timezone.now() - datetime.timedelta(days=1)
    call.questions_deadline = call.proposals_deadline - datetime.timedelta(days=7)
    call.save()
    made_criteria = [
        CriterionFactory(call=call, position=i, title=f"Criterio {i + 1}") for i in range(criteria)
    ]
    leads = list(leads)
    made_proposals = [
        admissible_proposal(
            call, lead=leads[i] if i < len(leads) else None, title=f"Proposta {i + 1}"
        )
        for i in range(proposals)
    ]
    return made_criteria, made_proposals


def evaluator(call, *, role: str = CommitteeRole.MEMBER, **user_fields):
    user = UserFactory(**user_fields)
    grant(user, Role.EVALUATOR, ScopeKind.CALL, call.pk)
    CommitteeMember.objects.create(call=call, user=user, role=role)
    return user


def score_everything(call, evaluators, points=None) -> None:
    """Every evaluator declares no conflict and scores every criterion of every proposal
    (points: a function (evaluator index, proposal, criterion) → Decimal)."""
    now = timezone.now()
    criteria = list(Criterion.objects.filter(call=call))
    for index, user in enumerate(evaluators):
        for proposal in Proposal.objects.filter(call=call, state=ProposalState.ADMISSIBLE):
            declared = ConflictDeclaration.objects.filter(proposal=proposal, evaluator=user).first()
            if declared is None:
                ConflictDeclaration.objects.create(
                    proposal=proposal, evaluator=user, has_conflict=False, declared_at=now
                )
            elif declared.has_conflict:
                continue
            for criterion in criteria:
                value = points(index, proposal, criterion) if points else Decimal("10")
                Score.objects.update_or_create(
                    proposal=proposal,
                    criterion=criterion,
                    evaluator=user,
                    defaults={"points": value, "justification": "Motivazione.", "scored_at": now},
                )


def ranked_call(world=None, *, proposals: int = 2):
    """A call already ranked (for the minutes and ranking pages)."""
    from trama.calls.services.evaluation import call_rank

    call = world.call_own if world is not None else CallFactory()
    to_evaluation(call, proposals=proposals)
    members = [world.users.evaluator] if world is not None else [evaluator(call)]
    score_everything(call, members)
    coordinator = world.users.coordinator if world is not None else None
    if coordinator is None:
        coordinator = UserFactory()
        grant(coordinator, Role.COORDINATOR, ScopeKind.CONSORTIUM, None)
    call_rank(actor=coordinator, call=call)
    call.refresh_from_db()
    return call
