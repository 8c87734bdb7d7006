"""The steps of a proposal after submission: the coordinator's admissibility check, and the
moves the evaluation, the ranking and the co-design drive."""

from django.db import transaction
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.calls.capabilities import OVERSEE_PROPOSALS
from trama.calls.errors import CallErrors
from trama.calls.models import (
    Call,
    CallState,
    Proposal,
    ProposalState,
)
from trama.calls.services.proposal_common import tell_lead
from trama.calls.workflows import PROPOSAL_WORKFLOW
from trama.core.errors import DomainError
from trama.core.workflow import lock, move

# Calls in which the coordinator checks admissibility: the proposals are in.
ADMISSIBILITY_CALL_STATES = frozenset({CallState.CLOSED, CallState.EVALUATION})


def _move(
    *,
    actor: User,
    proposal: Proposal,
    target: str,
    what: str,
    changes: dict | None = None,
) -> Proposal:
    current = lock(Proposal.objects.select_related("call", "lead"), proposal.pk)
    previous = current.state
    current = move(
        PROPOSAL_WORKFLOW,
        current,
        target,
        actor=actor,
        changes=changes,
        details={"what": what, "previous": previous, "state": target},
    )
    state_label = current.get_state_display()
    tell_lead(
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
    OVERSEE_PROPOSALS.require(actor)
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
    OVERSEE_PROPOSALS.require(actor)
    if not note or not note.strip():
        raise DomainError(
            _("Say why the proposal is not admissible: the lead will read it."),
            field="note",
            code=CallErrors.REASON_REQUIRED,
        )
    _check_call_closed(proposal)
    return _move(
        actor=actor,
        proposal=proposal,
        target=ProposalState.NOT_ADMISSIBLE,
        what="not_admissible",
        changes={"admissibility_note": note.strip()},
    )


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
