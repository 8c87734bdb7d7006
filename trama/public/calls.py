"""The public pages of the calls (avvisi e bandi), as a public body publishes them: open and
past calls, each with its terms, criteria, timeline, documents, the answers to questions
(never who asked), the ranking once ranked and the agreement once concluded. No draft is
ever shown. Each page runs a fixed number of queries, whatever the number of proposals."""

from django.shortcuts import render

from trama.calls.models import CallState
from trama.calls.selectors.call import (
    SELECTED_PROPOSAL_STATES,
    criteria_totals,
    public_agreement,
    public_answers,
    public_call_get,
    public_call_list,
    public_document_get,
    public_ranking,
)
from trama.calls.views.call import serve_document
from trama.core.deadlines import deadline_open
from trama.core.shortcuts import get_or_404


def call_list(request):
    calls = list(public_call_list())
    open_calls = [c for c in calls if c.state == CallState.PUBLISHED]
    past_calls = [c for c in calls if c.state != CallState.PUBLISHED]
    return render(
        request,
        "calls/call/public_list.html",
        {"open_calls": open_calls, "past_calls": past_calls},
    )


def call_detail(request, pk: int):
    call = get_or_404(public_call_get, pk=pk)
    criteria = list(call.criteria.all())
    ranking = public_ranking(call)
    for proposal in ranking:
        proposal.is_selected = proposal.state in SELECTED_PROPOSAL_STATES
    context = {
        "call": call,
        "criteria": criteria,
        "totals": criteria_totals(criteria),
        "documents": call.documents.all(),
        "answers": public_answers(call),
        "ranking": ranking,
        "agreement": public_agreement(call),
        "proposals_open": deadline_open(call.proposals_deadline),
    }
    return render(request, "calls/call/public_detail.html", context)


def call_document(request, pk: int):
    document = get_or_404(public_document_get, pk=pk)
    return serve_document(document)
