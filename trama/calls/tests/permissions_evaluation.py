"""Permission rows of the evaluation pages and endpoints (coordinator; committee members
holding the evaluator role on `world.call_own`)."""

from tests.permissions import Case, once, only
from trama.calls.tests.evaluation_setup import admissible_proposal, ranked_call, to_evaluation
from trama.calls.tests.factories import CallFactory, CommitteeMemberFactory

COORDINATOR = ["coordinator"]
EVALUATOR = ["evaluator"]


def _call(world) -> dict:
    return {"pk": world.call_own.pk}


def _under_evaluation(world):
    """world.call_own under evaluation with two criteria and two admissible proposals."""
    return once(world, "evaluation_data", lambda: to_evaluation(world.call_own))


def _own_proposal(world):
    return _under_evaluation(world)[1][0]


def _other_proposal(world):
    """An admissible proposal of a call the evaluator does not sit on."""
    return once(world, "evaluation_other", lambda: admissible_proposal(CallFactory()))


def _ranked(world):
    return once(world, "evaluation_ranked", lambda: ranked_call(world))


def _seat(world):
    return once(world, "evaluation_seat", lambda: CommitteeMemberFactory(call=world.call_own))


CASES = [
    Case("calls:evaluation_calls", only(COORDINATOR + EVALUATOR)),
    Case("calls:evaluation_committee", only(COORDINATOR), kwargs=_call),
    Case(
        "calls:evaluation_committee",
        only(COORDINATOR),
        kwargs=_call,
        method="post",
        note="empty form",
    ),
    Case(
        "calls:evaluation_committee_remove",
        only(COORDINATOR, allowed=405),
        kwargs=lambda w: {"pk": w.call_own.pk, "member_pk": _seat(w).pk},
    ),
    Case(
        "calls:evaluation_committee_remove",
        only(COORDINATOR, allowed=302),
        kwargs=lambda w: {"pk": w.call_own.pk, "member_pk": _seat(w).pk},
        method="post",
    ),
    Case("calls:evaluation_progress", only(COORDINATOR), kwargs=_call),
    Case(
        "calls:evaluation_progress",
        only(COORDINATOR),
        kwargs=_call,
        method="post",
        note="ranking refused, shown on the page",
    ),
    Case("calls:evaluation_ranking", only(COORDINATOR), kwargs=_call),
    Case(
        "calls:evaluation_ranking",
        only(COORDINATOR),
        kwargs=_call,
        method="post",
        note="publishing refused before the ranking",
    ),
    Case(
        "calls:evaluation_minutes",
        only(COORDINATOR + EVALUATOR),
        kwargs=lambda w: {"pk": _ranked(w).pk},
    ),
    Case(
        "calls:evaluation_minutes",
        only(COORDINATOR + EVALUATOR, allowed=404),
        kwargs=_call,
        note="not ranked yet",
    ),
    Case("calls:evaluation_evaluator_call", only(EVALUATOR), kwargs=_call),
    Case(
        "calls:evaluation_evaluator_call",
        only(EVALUATOR, allowed=404),
        kwargs=lambda w: {"pk": CallFactory().pk},
        note="not on its committee",
    ),
    Case(
        "calls:evaluation_proposal",
        only(EVALUATOR),
        kwargs=lambda w: {"pk": _own_proposal(w).pk},
    ),
    Case(
        "calls:evaluation_proposal",
        only(EVALUATOR),
        kwargs=lambda w: {"pk": _own_proposal(w).pk},
        method="post",
        note="declaration missing",
    ),
    Case(
        "calls:evaluation_proposal",
        only(EVALUATOR, allowed=404),
        kwargs=lambda w: {"pk": _other_proposal(w).pk},
        note="another call",
    ),
]

API_EVALUATOR = only(EVALUATOR, anonymous=401)
CASES += [
    Case(
        "api-1.0.0:evaluation_own_scores",
        API_EVALUATOR,
        kwargs=lambda w: {"proposal_id": _own_proposal(w).pk},
        api=True,
    ),
    Case(
        "api-1.0.0:evaluation_own_scores",
        only(EVALUATOR, allowed=404, anonymous=401),
        kwargs=lambda w: {"proposal_id": _other_proposal(w).pk},
        api=True,
        note="another call",
    ),
    Case(
        "api-1.0.0:evaluation_own_scores_save",
        only(EVALUATOR, allowed=422, anonymous=401),
        kwargs=lambda w: {"proposal_id": _own_proposal(w).pk},
        method="put",
        data=lambda w: {
            "scores": [
                {
                    "criterion_id": _under_evaluation(w)[0][0].pk,
                    "points": "10",
                    "justification": "Prova.",
                }
            ]
        },
        api=True,
        note="declaration missing",
    ),
    Case(
        "api-1.0.0:evaluation_ranking_read",
        only(COORDINATOR, anonymous=401),
        kwargs=lambda w: {"call_id": w.call_own.pk},
        api=True,
    ),
]
