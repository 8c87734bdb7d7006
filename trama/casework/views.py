import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.casework import selectors, services, workflows
from trama.casework.forms import (
    PlanActionForm,
    PlanActionStatusForm,
    PlanForm,
    PlanReviewForm,
    ReferralForm,
    SessionForm,
    TimelineOpenForm,
    TransitionForm,
)
from trama.casework.models import ListeningSession, PlanAction, Referral, SupportPlan
from trama.core.permissions import role_required
from trama.people import selectors as people_selectors
from trama.people.models import Person
from trama.people.views import opened_with_purpose, saved_then

READERS = selectors.CASE_READERS
WRITERS = selectors.CASE_WRITERS
RECEIVERS = ("coordinator", *selectors.RECEIVER_ROLES)
REFERRAL_PAGE_READERS = tuple(dict.fromkeys((*READERS, *RECEIVERS)))
PAGE_SIZE = 25


def _person_or_404(request, pk: int) -> Person:
    person = people_selectors.person_list(user=request.user).filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def _person_form_page(request, person_pk, form_class, hub_field, *, save, message, then, title):
    """A page creating a record for a person the user follows, proposing the person's hub:
    `save(person, cleaned_data)` is the service, `then(result)` the page after it."""
    person = _person_or_404(request, person_pk)
    hubs = people_selectors.hubs_for(user=request.user)
    form = form_class(request.POST or None, hubs=hubs, initial={hub_field: person.reference_hub_id})
    response = saved_then(
        request, form, lambda data: save(person, data), message=message, then=then
    )
    return response or render(
        request, "casework/form.html", {"form": form, "person": person, "title": title}
    )


@role_required(*WRITERS)
def session_create(request, person_pk: int):
    return _person_form_page(
        request,
        person_pk,
        SessionForm,
        "hub",
        save=lambda person, data: services.session_record(
            actor=request.user,
            person=person,
            hub=data["hub"],
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            channel=data["channel"],
            needs=list(data["needs"]),
            notes=data["notes"],
            suggested_projects=list(data["suggested_projects"]),
            suggested_services=data["suggested_services"],
        ),
        message=_("Listening session recorded."),
        then=lambda session: redirect("casework:session_detail", pk=session.pk),
        title=_("New listening session"),
    )


@role_required(*READERS)
def session_detail(request, pk: int):
    try:
        session = selectors.session_get(user=request.user, pk=pk)
    except ListeningSession.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "casework/session_detail.html", {"session": session})


@role_required(*WRITERS)
def referral_create(request, person_pk: int):
    return _person_form_page(
        request,
        person_pk,
        ReferralForm,
        "from_hub",
        save=lambda person, data: services.referral_send(actor=request.user, person=person, **data),
        message=_("Referral sent."),
        then=lambda referral: redirect("casework:referral_detail", pk=referral.pk),
        title=_("New referral"),
    )


@role_required(*REFERRAL_PAGE_READERS)
def referral_list(request):
    """ "Invii": what my hubs sent (staff) and what my organisation received (members)."""
    user = request.user
    now = timezone.now()
    context = {"sent_page": None, "received_page": None}
    if user.has_any_role(*READERS):
        sent = selectors.referral_list(user=user)
        if request.GET.get("overdue"):
            sent = sent.filter(state="sent", sent_at__lt=selectors.overdue_threshold(now))
        page = Paginator(sent, PAGE_SIZE).get_page(request.GET.get("page"))
        for referral in page.object_list:
            referral.overdue = selectors.is_overdue(referral, now=now)
        context["sent_page"] = page
    if user.has_any_role(*selectors.RECEIVER_ROLES):
        received = selectors.received_rows(selectors.referral_received_list(user=user))
        page = Paginator(received, PAGE_SIZE).get_page(request.GET.get("rpage"))
        page.object_list = [selectors.received_view(row, now=now) for row in page.object_list]
        context["received_page"] = page
    context["answer_days"] = selectors.answer_days()
    return render(request, "casework/referral_list.html", context)


def _transitions(referral_state: str) -> list[tuple[str, str]]:
    from trama.casework.models import ReferralState

    return [
        (s, ReferralState(s).label)
        for s in ReferralState.values
        if s in workflows.allowed_next(referral_state)
    ]


@role_required(*REFERRAL_PAGE_READERS)
def referral_detail(request, pk: int):
    user = request.user
    referral = None
    if user.has_any_role(*READERS):
        referral = selectors.referral_list(user=user).filter(pk=pk).first()
    if referral is not None:
        referral = selectors.referral_get(user=user, pk=pk)
        can_answer = selectors.is_receiver(user=user, referral=referral)
        return render(
            request,
            "casework/referral_detail.html",
            {
                "referral": referral,
                "events": referral.events.all(),
                "overdue": selectors.is_overdue(referral),
                "transitions": _transitions(referral.state) if can_answer else [],
                "form": TransitionForm(),
            },
        )
    if not user.has_any_role(*selectors.RECEIVER_ROLES):
        raise Http404
    try:
        shared = selectors.referral_received_get(user=user, pk=pk)
    except Referral.DoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "casework/referral_received.html",
        {
            "shared": shared,
            "events": selectors.referral_events_shared(referral_id=pk),
            "transitions": _transitions(shared.state),
            "form": TransitionForm(),
        },
    )


@require_POST
@role_required(*RECEIVERS)
def referral_transition(request, pk: int):
    referral = selectors.referral_received_list(user=request.user).filter(pk=pk).first()
    if referral is None:
        raise Http404
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new state."))
    else:
        try:
            services.referral_transition(
                actor=request.user,
                referral=referral,
                to_state=form.cleaned_data["to_state"],
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Referral updated."))
    return redirect("casework:referral_detail", pk=pk)


@role_required(*READERS)
def person_timeline(request, person_pk: int):
    """First the purpose, then the timeline: each open is logged like the person's record."""
    person = _person_or_404(request, person_pk)
    form = TimelineOpenForm(request.POST or None)
    entries = opened_with_purpose(
        request,
        form,
        lambda **purpose: services.timeline_open(
            actor=request.user, person_id=person.pk, **purpose
        ),
    )
    if entries is not None:
        return render(
            request,
            "casework/timeline.html",
            {
                "person": person,
                "entries": entries,
                "can_write": selectors.can_write(user=request.user),
            },
        )
    return render(request, "casework/timeline_open.html", {"form": form, "person": person})


# Support plans ------------------------------------------------------------------------------


@role_required(*WRITERS)
def plan_create(request, person_pk: int):
    return _person_form_page(
        request,
        person_pk,
        PlanForm,
        "hub",
        save=lambda person, data: services.plan_create(actor=request.user, person=person, **data),
        message=_("Support plan opened."),
        then=lambda plan: redirect("casework:plan_detail", pk=plan.pk),
        title=_("New support plan"),
    )


def _plan_or_404(request, pk: int) -> SupportPlan:
    try:
        return selectors.plan_get(user=request.user, pk=pk)
    except SupportPlan.DoesNotExist as exc:
        raise Http404 from exc


def _render_plan(request, plan, *, action_form=None, review_form=None):
    return render(
        request,
        "casework/plan_detail.html",
        {
            "plan": plan,
            "actions": plan.actions.all(),
            "reviews": plan.reviews.all(),
            "can_write": selectors.can_write(user=request.user),
            "action_form": action_form or PlanActionForm(),
            "review_form": review_form or PlanReviewForm(),
        },
    )


@role_required(*READERS)
def plan_detail(request, pk: int):
    return _render_plan(request, _plan_or_404(request, pk))


@require_POST
@role_required(*WRITERS)
def plan_action_add(request, pk: int):
    plan = _plan_or_404(request, pk)
    form = PlanActionForm(request.POST)
    response = saved_then(
        request,
        form,
        lambda data: services.plan_action_add(
            actor=request.user,
            plan=plan,
            description=data["description"],
            due_on=data["due_on"],
            owner=None if data["owner_text"] else request.user,
            owner_text=data["owner_text"],
        ),
        message=_("Action added."),
        then=lambda _action: redirect("casework:plan_detail", pk=pk),
    )
    return response or _render_plan(request, plan, action_form=form)


@require_POST
@role_required(*WRITERS)
def plan_action_status(request, pk: int):
    try:
        action = selectors.plan_action_get(user=request.user, pk=pk)
    except PlanAction.DoesNotExist as exc:
        raise Http404 from exc
    form = PlanActionStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the new status."))
    else:
        try:
            services.plan_action_set_status(
                actor=request.user, action=action, status=form.cleaned_data["status"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Action updated."))
    return redirect("casework:plan_detail", pk=action.plan_id)


@require_POST
@role_required(*WRITERS)
def plan_review_add(request, pk: int):
    plan = _plan_or_404(request, pk)
    form = PlanReviewForm(request.POST)
    response = saved_then(
        request,
        form,
        lambda data: services.plan_review_record(actor=request.user, plan=plan, **data),
        message=_("Review recorded."),
        then=lambda _review: redirect("casework:plan_detail", pk=pk),
    )
    return response or _render_plan(request, plan, review_form=form)


FOLLOW_UP_DAYS = 14


@role_required(*READERS)
def follow_up_list(request):
    today = timezone.localdate()
    due = selectors.follow_ups(
        user=request.user, until=today + datetime.timedelta(days=FOLLOW_UP_DAYS)
    )
    return render(
        request,
        "casework/follow_ups.html",
        {"due": due, "today": today, "days": FOLLOW_UP_DAYS},
    )
