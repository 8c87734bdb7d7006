"""The evaluation pages. Coordinator: the committee, the progress, the ranking, the minutes.
Evaluator: the calls to evaluate, and per proposal the declaration first, then the proposal
(read only) with the scoring form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.capabilities import EVALUATE, MANAGE_CALLS, READ_EVALUATION
from trama.calls.forms.evaluation import (
    CommitteeMemberForm,
    ConfirmForm,
    ConflictDeclarationForm,
    ScoresForm,
)
from trama.calls.models import Call, CallState, ProposalState
from trama.calls.selectors import evaluation as selectors
from trama.calls.services import evaluation as services
from trama.calls.services.evaluation_minutes import minutes_export
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404


def _managed_call(request, pk: int) -> Call:
    return get_or_404(selectors.managed_call_get, user=request.user, pk=pk)


@capability_required(READ_EVALUATION)
def evaluation_calls(request):
    """Coordinator: the calls and their evaluation; evaluator: my calls to evaluate."""
    calls = list(selectors.evaluation_call_list(user=request.user))
    return render(
        request,
        "calls/evaluation/calls.html",
        {"calls": calls, "is_coordinator": MANAGE_CALLS.allows(request.user)},
    )


@capability_required(MANAGE_CALLS)
def committee(request, pk: int):
    call = _managed_call(request, pk)
    form = CommitteeMemberForm(request.POST or None, candidates=selectors.committee_candidates())
    if request.method == "POST" and form.is_valid():
        try:
            services.committee_member_add(
                actor=request.user,
                call=call,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Committee member named."))
            return redirect("calls:evaluation_committee", pk=call.pk)
    return render(
        request,
        "calls/evaluation/committee.html",
        {"call": call, "members": selectors.committee_list(call=call), "form": form},
    )


@capability_required(MANAGE_CALLS)
def committee_remove(request, pk: int, member_pk: int):
    call = _managed_call(request, pk)
    member = get_or_404(selectors.committee_member_get, user=request.user, call=call, pk=member_pk)
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})
    try:
        services.committee_member_remove(actor=request.user, member=member)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Committee member removed."))
    return redirect("calls:evaluation_committee", pk=call.pk)


@capability_required(MANAGE_CALLS)
def progress(request, pk: int):
    """The coordinator's view of the evaluation: who has declared and scored how much
    (never anybody's points before the committee finishes), and the ranking button."""
    call = _managed_call(request, pk)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_rank(actor=request.user, call=call)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Ranking computed; the applicants have been notified."))
            return redirect("calls:evaluation_ranking", pk=call.pk)
    return render(
        request,
        "calls/evaluation/progress.html",
        {
            "call": call,
            "progress": services.evaluation_progress(call),
            "form": form,
            "can_rank": call.state == CallState.EVALUATION,
        },
    )


@capability_required(MANAGE_CALLS)
def ranking(request, pk: int):
    call = _managed_call(request, pk)
    rows = selectors.ranking_rows(user=request.user, call=call)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            pdf = minutes_export(actor=request.user, call=call)
            services.minutes_publish(actor=request.user, call=call, pdf=pdf)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Minutes published among the call's documents."))
            return redirect("calls:evaluation_ranking", pk=call.pk)
    return render(
        request,
        "calls/evaluation/ranking.html",
        {
            "call": call,
            "rows": rows,
            "form": form,
            "ranked": call.state in selectors.RANKED_STATES,
            "published": call.documents.filter(kind="minutes").exists(),
        },
    )


@capability_required(READ_EVALUATION)
def minutes_pdf(request, pk: int):
    call = get_or_404(selectors.evaluation_call_get, user=request.user, pk=pk)
    if not selectors.may_download_minutes(request.user, call):
        raise PermissionDenied
    if call.state not in selectors.RANKED_STATES:
        raise Http404
    pdf = minutes_export(actor=request.user, call=call)
    return attachment(pdf, filename=f"verbale-avviso-{call.pk}.pdf", content_type="application/pdf")


@capability_required(EVALUATE)
def evaluator_call(request, pk: int):
    """An evaluator's list of the proposals of one call (no content before declaring)."""
    if pk not in selectors.committee_call_ids(request.user):
        raise Http404
    call = Call.objects.get(pk=pk)
    rows = selectors.evaluator_proposal_rows(user=request.user, call=call)
    criteria_count = call.criteria.count()
    return render(
        request,
        "calls/evaluation/evaluator_call.html",
        {
            "call": call,
            "rows": rows,
            "criteria_count": criteria_count,
            "seat": services.scoring_seat(request.user, call),
        },
    )


def _evaluator_proposal(request, pk: int):
    return get_or_404(selectors.evaluator_proposal_get, user=request.user, pk=pk)


@capability_required(EVALUATE)
def proposal_evaluate(request, pk: int):
    """Declaration first; then the proposal, read only, and the scoring form."""
    proposal, declaration = _evaluator_proposal(request, pk)
    if declaration is None:
        form = ConflictDeclarationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.conflict_declare(
                    actor=request.user,
                    proposal=proposal,
                    has_conflict=form.has_conflict,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                if form.has_conflict:
                    messages.success(
                        request, _("Conflict declared: you abstain from this proposal.")
                    )
                    return redirect("calls:evaluation_evaluator_call", pk=proposal.call_id)
                messages.success(request, _("Declaration recorded."))
                return redirect("calls:evaluation_proposal", pk=proposal.pk)
        return render(
            request,
            "calls/evaluation/declaration.html",
            {"proposal": proposal, "call": proposal.call, "form": form},
        )

    call = proposal.call
    criteria = selectors.criteria_of(call)
    scores = selectors.own_scores(user=request.user, proposal=proposal)
    form = ScoresForm(request.POST or None, criteria=criteria, scores=scores)
    if request.method == "POST" and form.is_valid():
        try:
            services.scores_save(actor=request.user, proposal=proposal, entries=form.entries())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Scores saved."))
            return redirect("calls:evaluation_proposal", pk=proposal.pk)
    access_log_append(actor=request.user, action=Action.READ, obj=proposal)
    return render(
        request,
        "calls/evaluation/proposal.html",
        {
            "proposal": selectors.proposal_for_reading(proposal=proposal),
            "call": call,
            "form": form,
            "scoring_open": call.state == CallState.EVALUATION
            and proposal.state == ProposalState.ADMISSIBLE,
            "committee_scores": selectors.committee_scores(user=request.user, proposal=proposal),
        },
    )
