import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.casework import selectors, services, workflows
from trama.casework.capabilities import (
    ANSWER_REFERRALS,
    OPEN_REFERRAL,
    READ_DASHBOARD,
    READ_REFERRALS,
    RECEIVE_REFERRALS,
)
from trama.casework.forms import (
    AppointmentForm,
    AppointmentStatusForm,
    HubFilterForm,
    OutreachForm,
    PlanActionForm,
    PlanActionStatusForm,
    PlanForm,
    PlanReviewForm,
    ReferralForm,
    SessionForm,
    TimelineOpenForm,
    TransitionForm,
)
from trama.casework.models import (
    Appointment,
    AppointmentStatus,
    SupportPlan,
)
from trama.core.charts import bar_chart
from trama.core.dashboard import Panel
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.people import eligibility
from trama.people import selectors as people_selectors
from trama.people.capabilities import LIST_OUTREACH, OPEN_PERSON, READ_PEOPLE, WRITE_PEOPLE
from trama.people.models import Person
from trama.people.views import opened_with_purpose, saved_then
from trama.projects.selectors import project_eligibility_list

PAGE_SIZE = 25


def _person_or_404(request, pk: int) -> Person:
    return get_or_404(people_selectors.person_list(user=request.user), pk=pk)


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


@capability_required(WRITE_PEOPLE)
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


@capability_required(OPEN_PERSON)
def session_detail(request, pk: int):
    session = get_or_404(selectors.session_get, user=request.user, pk=pk)
    return render(request, "casework/session_detail.html", {"session": session})


@capability_required(WRITE_PEOPLE)
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


@capability_required(READ_REFERRALS)
def referral_list(request):
    """ "Invii": what my hubs sent (staff) and what my organisation received (members)."""
    user = request.user
    now = timezone.now()
    only_overdue = bool(request.GET.get("overdue"))
    context = {"sent_page": None, "received_page": None, "only_overdue": only_overdue}
    if READ_PEOPLE.allows(user):
        sent = selectors.referral_list(user=user)
        if only_overdue:
            sent = selectors.overdue_only(sent, now=now)
        page = Paginator(sent, PAGE_SIZE).get_page(request.GET.get("page"))
        for referral in page.object_list:
            referral.overdue = selectors.is_overdue(referral, now=now)
        context["sent_page"] = page
    if RECEIVE_REFERRALS.allows(user):
        received = selectors.referral_received_list(user=user)
        if only_overdue:
            received = selectors.overdue_only(received, now=now)
        received = selectors.received_rows(received)
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
        if s in workflows.REFERRAL_WORKFLOW.allowed_next(referral_state)
    ]


@capability_required(OPEN_REFERRAL)
def referral_detail(request, pk: int):
    user = request.user
    referral = None
    if OPEN_PERSON.allows(user):
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
    if not RECEIVE_REFERRALS.allows(user):
        raise Http404
    shared = get_or_404(selectors.referral_received_get, user=user, pk=pk)
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
@capability_required(ANSWER_REFERRALS)
def referral_transition(request, pk: int):
    referral = get_or_404(selectors.referral_received_list(user=request.user), pk=pk)
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


@capability_required(OPEN_PERSON)
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
                "can_write": WRITE_PEOPLE.allows(request.user),
            },
        )
    return render(request, "casework/timeline_open.html", {"form": form, "person": person})


# Support plans ------------------------------------------------------------------------------


@capability_required(WRITE_PEOPLE)
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
    return get_or_404(selectors.plan_get, user=request.user, pk=pk)


def _render_plan(request, plan, *, action_form=None, review_form=None):
    return render(
        request,
        "casework/plan_detail.html",
        {
            "plan": plan,
            "actions": plan.actions.all(),
            "reviews": plan.reviews.all(),
            "can_write": WRITE_PEOPLE.allows(request.user),
            "action_form": action_form or PlanActionForm(),
            "review_form": review_form or PlanReviewForm(),
        },
    )


@capability_required(OPEN_PERSON)
def plan_detail(request, pk: int):
    return _render_plan(request, _plan_or_404(request, pk))


@require_POST
@capability_required(WRITE_PEOPLE)
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
@capability_required(WRITE_PEOPLE)
def plan_action_status(request, pk: int):
    action = get_or_404(selectors.plan_action_get, user=request.user, pk=pk)
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
@capability_required(WRITE_PEOPLE)
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


@capability_required(READ_PEOPLE)
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


# Appointments ---------------------------------------------------------------------------------


@capability_required(WRITE_PEOPLE)
def appointment_create(request, person_pk: int):
    return _person_form_page(
        request,
        person_pk,
        AppointmentForm,
        "hub",
        save=lambda person, data: services.appointment_create(
            actor=request.user, person=person, **data
        ),
        message=_("Appointment planned."),
        then=lambda appointment: redirect("casework:appointment_detail", pk=appointment.pk),
        title=_("New appointment"),
    )


@capability_required(READ_PEOPLE)
def appointment_list(request):
    """The appointments of the people I follow: from today on, or the past ones."""
    form = HubFilterForm(request.GET or None, hubs=people_selectors.hubs_for(user=request.user))
    hub = form.cleaned_data["hub"] if form.is_valid() else None
    past = request.GET.get("past") == "1"
    start = datetime.datetime.combine(
        timezone.localdate(), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    appointments = selectors.appointment_list(user=request.user, hub_id=hub.pk if hub else None)
    if past:
        appointments = appointments.filter(starts_at__lt=start).order_by("-starts_at", "-id")
    else:
        appointments = appointments.filter(starts_at__gte=start)
    page = Paginator(appointments, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/appointment_list.html",
        {"form": form, "page_obj": page, "past": past},
    )


def _appointment_or_404(request, pk: int) -> Appointment:
    return get_or_404(selectors.appointment_get, user=request.user, pk=pk)


@capability_required(OPEN_PERSON)
def appointment_detail(request, pk: int):
    """One appointment; while planned, its writers record how it went."""
    appointment = _appointment_or_404(request, pk)
    sessions = selectors.session_list(user=request.user, person_id=appointment.person_id)
    form = AppointmentStatusForm(request.POST or None, sessions=sessions)
    if request.method == "POST":
        WRITE_PEOPLE.require(request.user)
        response = saved_then(
            request,
            form,
            lambda data: services.APPOINTMENT_SERVICES[data["status"]](
                actor=request.user,
                appointment=appointment,
                **({"session": data["session"]} if data["status"] == "held" else {}),
            ),
            message=_("Appointment updated."),
            then=lambda _appointment: redirect("casework:appointment_detail", pk=pk),
        )
        if response:
            return response
    return render(
        request,
        "casework/appointment_detail.html",
        {
            "appointment": appointment,
            "form": form,
            "can_write": WRITE_PEOPLE.allows(request.user)
            and appointment.status == AppointmentStatus.PLANNED,
        },
    )


# The hub dashboard ----------------------------------------------------------------------------


def _has_hubs_to_choose(user, board) -> bool:
    """Who follows one hub has nothing to narrow the dashboard to."""
    if not board.sees_people:
        return False
    hubs = people_selectors.hub_scope(user)
    return hubs is None or len(hubs) > 1


def _hubs_shown(user, board, hub) -> list | None:
    """The hubs the dashboard covers, named in its heading: None for every hub, [] for the
    receiving side (it sees referrals, not hubs)."""
    if not board.sees_people:
        return []
    if hub is not None:
        return [hub]
    if people_selectors.hub_scope(user) is None:
        return None
    return list(selectors.dashboard_hub_choices(user=user))


@capability_required(READ_DASHBOARD)
def dashboard(request):
    """Today's appointments, open and overdue referrals, plan actions due, and the people seen
    this month by need (a chart with its table)."""
    form = HubFilterForm(
        request.GET or None, hubs=selectors.dashboard_hub_choices(user=request.user)
    )
    hub = form.cleaned_data["hub"] if form.is_valid() else None
    board = selectors.dashboard(user=request.user, hub_id=hub.pk if hub else None)
    chart = bar_chart(
        [(need.label, need.people) for need in board.needs],
        chart_id="needs-chart",
        title=_("People seen this month, by need"),
        label_header=_("Need"),
        value_header=_("People"),
        labelledby="needs-title",
    )
    return render(
        request,
        "casework/dashboard.html",
        {
            "form": form,
            "board": board,
            "chart": chart,
            "answer_days": selectors.answer_days(),
            "horizon": selectors.PLAN_HORIZON_DAYS,
            "show_hub_filter": _has_hubs_to_choose(request.user, board),
            "hubs_shown": _hubs_shown(request.user, board, hub),
        },
    )


# Outreach -------------------------------------------------------------------------------------


@capability_required(LIST_OUTREACH)
def outreach(request):
    """People who meet a project's access rules today and have not been reached for it yet
    (see `selectors.reached_person_ids`)."""
    form = OutreachForm(
        request.GET or None,
        projects=project_eligibility_list(user=request.user),
        hubs=people_selectors.hubs_for(user=request.user),
    )
    page = None
    chosen = None
    if form.is_bound and form.is_valid():
        chosen = form.cleaned_data["project"]
        hub = form.cleaned_data["hub"]
        people = eligibility.outreach_list(
            user=request.user,
            project=chosen,
            on=timezone.localdate(),
            hub_id=hub.pk if hub else None,
            exclude_reached=selectors.reached_person_ids(project_id=chosen.project_id),
        )
        page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
        eligibility.outreach_page_read(actor=request.user, project=chosen, people=page)
    return render(
        request, "casework/outreach.html", {"form": form, "page_obj": page, "chosen": chosen}
    )


def overdue_panel(user) -> Panel | None:
    """The home page's "Overdue referrals" panel, for both the referring and the receiving
    side (registered in CaseworkConfig.ready)."""
    if not READ_DASHBOARD.allows(user):
        return None
    count = selectors.overdue_count(user=user)
    if READ_PEOPLE.allows(user):
        url = reverse("casework:referral_list") + "?overdue=1"
    else:
        url = reverse("casework:dashboard")
    return Panel(
        template="casework/_overdue_panel.html",
        context={"count": count, "url": url, "days": selectors.answer_days()},
        order=10,
    )
