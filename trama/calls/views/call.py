"""Back-office pages of a call: list, detail, create and edit (drafts only), criteria,
documents, the transitions the coordinator makes, questions and answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.calls.capabilities import MANAGE_CALLS, READ_CALLS, TAKE_PART
from trama.calls.forms.call import (
    AnswerForm,
    CallEditForm,
    CallFilterForm,
    CallForm,
    CancelForm,
    CriterionForm,
    DocumentForm,
    QuestionForm,
    RemoveForm,
    TransitionForm,
)
from trama.calls.models import Call, CallDocument, CallState
from trama.calls.selectors import call as selectors
from trama.calls.services import call as services
from trama.calls.workflows import CALL_WORKFLOW
from trama.core.deadlines import deadline_open
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.core.uploads import upload_max_bytes

TRANSITIONS = {
    "publish": (services.call_publish, CallState.PUBLISHED),
    "close": (services.call_close, CallState.CLOSED),
    "start_evaluation": (services.call_start_evaluation, CallState.EVALUATION),
}
DONE_MESSAGES = {
    "publish": lambda: _("Call published: it is now on the public site."),
    "close": lambda: _("Call closed: no more proposals are accepted."),
    "start_evaluation": lambda: _("The evaluation has started."),
}


def _call_or_404(request, pk: int) -> Call:
    return get_or_404(selectors.call_get, user=request.user, pk=pk)


def _questions_open(call: Call) -> bool:
    return call.state == CallState.PUBLISHED and deadline_open(call.questions_deadline)


@capability_required(READ_CALLS)
def call_list(request):
    form = CallFilterForm(request.GET or None)
    calls = selectors.call_list(user=request.user, filters=form.filters())
    page = Paginator(calls, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "calls/call/list.html",
        {"page_obj": page, "form": form, "can_manage": MANAGE_CALLS.allows(request.user)},
    )


@capability_required(READ_CALLS)
def call_detail(request, pk: int):
    call = _call_or_404(request, pk)
    can_manage = MANAGE_CALLS.allows(request.user)
    allowed = CALL_WORKFLOW.allowed_next(call.state)
    actions = (
        [name for name, (_service, target) in TRANSITIONS.items() if target in allowed]
        if can_manage
        else []
    )
    criteria = list(call.criteria.all())
    context = {
        "call": call,
        "criteria": criteria,
        "totals": selectors.criteria_totals(criteria),
        "documents": call.documents.all(),
        "questions": list(selectors.question_list(user=request.user, call=call)),
        "can_manage": can_manage,
        "is_draft": call.state == CallState.DRAFT,
        "actions": actions,
        "can_cancel": can_manage and CallState.CANCELLED in allowed,
        "can_renew": can_manage and call.state != CallState.DRAFT and not call.next_cycles.all(),
        "can_ask": TAKE_PART.allows(request.user) and _questions_open(call),
        "is_public": call.state != CallState.DRAFT,
        # Links to the other areas: the coordinator's list of proposals, the ETS's new one
        # (whose page checks the organisation's requirements and says why when unmet).
        "can_see_proposals": can_manage and call.state != CallState.DRAFT,
        "can_apply": TAKE_PART.allows(request.user) and call.state == CallState.PUBLISHED,
        "evaluation_started": call.state
        not in (CallState.DRAFT, CallState.PUBLISHED, CallState.CANCELLED),
        "codesign_started": call.state
        in (CallState.RANKED, CallState.CO_DESIGN, CallState.CONCLUDED),
    }
    return render(request, "calls/call/detail.html", context)


@capability_required(MANAGE_CALLS)
def call_create(request):
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call = services.call_create(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Call created as a draft: add its criteria next."))
            return redirect("calls:call_detail", pk=call.pk)
    return render(request, "calls/call/form.html", {"form": form, "call": None})


@capability_required(MANAGE_CALLS)
def call_edit(request, pk: int):
    call = _call_or_404(request, pk)
    if call.state != CallState.DRAFT:
        messages.error(request, _("Only a draft call can be changed."))
        return redirect("calls:call_detail", pk=call.pk)
    initial = {**CallForm.initial_for(call), "version": call.version}
    form = CallEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        version = arguments.pop("version")
        try:
            services.call_update(actor=request.user, call=call, version=version, **arguments)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Call saved."))
            return redirect("calls:call_detail", pk=call.pk)
    return render(request, "calls/call/form.html", {"form": form, "call": call})


def _chosen_for_removal(request, related):
    """The call's criterion or document named by the "remove" button (404 otherwise)."""
    remove = RemoveForm(request.POST)
    chosen = related.filter(pk=remove.cleaned_data["remove"]).first() if remove.is_valid() else None
    if chosen is None:
        raise Http404
    return chosen


def _remove(request, remove, done: str) -> None:
    try:
        remove()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, done)


@capability_required(MANAGE_CALLS)
def call_criteria(request, pk: int):
    call = _call_or_404(request, pk)
    form = CriterionForm()
    if request.method == "POST" and "remove" in request.POST:
        criterion = _chosen_for_removal(request, call.criteria)
        _remove(
            request,
            lambda: services.criterion_remove(actor=request.user, criterion=criterion),
            _("Criterion removed."),
        )
        return redirect("calls:call_criteria", pk=call.pk)
    if request.method == "POST":
        form = CriterionForm(request.POST)
        if form.is_valid():
            try:
                services.criterion_add(actor=request.user, call=call, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Criterion added."))
                return redirect("calls:call_criteria", pk=call.pk)
    criteria = list(call.criteria.all())
    return render(
        request,
        "calls/call/criteria.html",
        {
            "call": call,
            "form": form,
            "criteria": criteria,
            "totals": selectors.criteria_totals(criteria),
            "is_draft": call.state == CallState.DRAFT,
        },
    )


@capability_required(MANAGE_CALLS)
def criterion_edit(request, pk: int, criterion_pk: int):
    call = _call_or_404(request, pk)
    criterion = get_or_404(call.criteria.all(), pk=criterion_pk)
    initial = {name: getattr(criterion, name) for name in CriterionForm.base_fields}
    form = CriterionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = dict(form.cleaned_data)
        if changes["position"] is None:
            changes["position"] = criterion.position
        try:
            services.criterion_update(actor=request.user, criterion=criterion, **changes)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect("calls:call_criteria", pk=call.pk)
    return render(
        request,
        "calls/call/criterion_form.html",
        {"call": call, "criterion": criterion, "form": form},
    )


@capability_required(MANAGE_CALLS)
def call_documents(request, pk: int):
    call = _call_or_404(request, pk)
    form = DocumentForm()
    if request.method == "POST" and "remove" in request.POST:
        document = _chosen_for_removal(request, call.documents)
        _remove(
            request,
            lambda: services.call_document_remove(actor=request.user, document=document),
            _("Document removed."),
        )
        return redirect("calls:call_documents", pk=call.pk)
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.call_document_add(actor=request.user, call=call, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Document uploaded."))
                return redirect("calls:call_documents", pk=call.pk)
    return render(
        request,
        "calls/call/documents.html",
        {
            "call": call,
            "form": form,
            "documents": call.documents.all(),
            "is_draft": call.state == CallState.DRAFT,
            "max_bytes": upload_max_bytes(),
        },
    )


def serve_document(document: CallDocument) -> FileResponse:
    """The PDF inline, named after the stored file, never sniffed as something else."""
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=document.file.name.rsplit("/", 1)[-1],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@capability_required(READ_CALLS)
def call_document_download(request, pk: int):
    document = get_or_404(selectors.call_document_get, user=request.user, pk=pk)
    return serve_document(document)


@require_POST
@capability_required(MANAGE_CALLS)
def call_transition(request, pk: int):
    call = _call_or_404(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to do with the call."))
        return redirect("calls:call_detail", pk=call.pk)
    action = form.cleaned_data["action"]
    service, _target = TRANSITIONS[action]
    try:
        service(actor=request.user, call=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, DONE_MESSAGES[action]())
    return redirect("calls:call_detail", pk=call.pk)


@capability_required(MANAGE_CALLS)
def call_cancel(request, pk: int):
    call = _call_or_404(request, pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.call_cancel(actor=request.user, call=call, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Call cancelled. The applicants have been told."))
            return redirect("calls:call_detail", pk=call.pk)
    return render(request, "calls/call/cancel.html", {"call": call, "form": form})


@require_POST
@capability_required(MANAGE_CALLS)
def call_new_cycle(request, pk: int):
    call = _call_or_404(request, pk)
    try:
        new = services.call_new_cycle(actor=request.user, previous=call)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("calls:call_detail", pk=call.pk)
    messages.success(
        request,
        _("Cycle %(cycle)s created as a draft: check its dates and publish it.")
        % {"cycle": new.cycle},
    )
    return redirect("calls:call_detail", pk=new.pk)


@capability_required(TAKE_PART)
def question_ask(request, pk: int):
    call = _call_or_404(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_ask(actor=request.user, call=call, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("Question sent. You will receive an e-mail when the answer is published."),
            )
            return redirect("calls:call_detail", pk=call.pk)
    return render(
        request,
        "calls/call/question_form.html",
        {"call": call, "form": form, "questions_open": _questions_open(call)},
    )


@capability_required(MANAGE_CALLS)
def question_answer(request, pk: int):
    question = get_or_404(selectors.question_get_for_answer, user=request.user, pk=pk)
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Answer published."))
            return redirect("calls:call_detail", pk=question.call_id)
    return render(
        request,
        "calls/call/answer_form.html",
        {"question": question, "call": question.call, "form": form},
    )
