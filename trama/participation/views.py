from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.core.errors import DomainError
from trama.core.forms import run_service, saved
from trama.core.policy import capability_required
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404
from trama.participation import minutes, selectors, services
from trama.participation.capabilities import KEEP_BODIES, READ_BODIES
from trama.participation.forms import (
    ActionForm,
    AttendanceForm,
    BodyForm,
    CloseForm,
    MeetingForm,
    MemberForm,
    ReportForm,
    VoteForm,
)
from trama.participation.models import (
    MeetingState,
)
from trama.participation.workflows import MEETING_WORKFLOW


@capability_required(READ_BODIES)
def body_list(request):
    bodies = selectors.body_list(user=request.user)
    return render(
        request,
        "participation/body_list.html",
        {"bodies": bodies, "can_manage": KEEP_BODIES.allows(request.user)},
    )


@capability_required(KEEP_BODIES)
def body_create(request):
    form = BodyForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: services.body_create(actor=request.user, **form.cleaned_data),
        message=_("Body created."),
        then=lambda body: reverse("participation:body_detail", args=[body.pk]),
    )
    if done:
        return done
    return render(request, "participation/body_form.html", {"form": form})


@capability_required(READ_BODIES)
def body_detail(request, pk: int):
    body = get_or_404(selectors.body_get, user=request.user, pk=pk)
    decisions = list(selectors.decision_list(body=body))
    return render(
        request,
        "participation/body_detail.html",
        {
            "body": body,
            "decisions": decisions,
            "progress": selectors.body_progress(decisions),
            "can_manage": KEEP_BODIES.allows(request.user),
        },
    )


@capability_required(KEEP_BODIES)
def member_add(request, pk: int):
    body = get_or_404(selectors.body_get, user=request.user, pk=pk)
    form = MemberForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: services.member_add(actor=request.user, body=body, **form.cleaned_data),
        message=_("Member organisation added."),
        then=reverse("participation:body_detail", args=[body.pk]),
    )
    if done:
        return done
    return render(request, "participation/member_form.html", {"form": form, "body": body})


@capability_required(KEEP_BODIES)
def meeting_create(request, pk: int):
    body = get_or_404(selectors.body_get, user=request.user, pk=pk)
    form = MeetingForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: services.meeting_create(
            actor=request.user,
            body=body,
            title=form.cleaned_data["title"],
            starts_at=form.cleaned_data["starts_at"],
            ends_at=form.cleaned_data["ends_at"],
            place=form.cleaned_data["place"],
            agenda=form.cleaned_data["agenda_items"],
        ),
        message=_("Meeting created as a draft: convene it when ready."),
        then=lambda meeting: reverse("participation:meeting_detail", args=[meeting.pk]),
    )
    if done:
        return done
    return render(request, "participation/meeting_form.html", {"form": form, "body": body})


@capability_required(READ_BODIES)
def meeting_detail(request, pk: int):
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    return render(
        request,
        "participation/meeting_detail.html",
        {
            "meeting": meeting,
            "quorum": selectors.meeting_quorum(meeting),
            "next_states": MEETING_WORKFLOW.allowed_next(meeting.state),
            "can_manage": KEEP_BODIES.allows(request.user),
            "states": MeetingState,
            "has_minutes": meeting.state in minutes.MINUTED_STATES,
        },
    )


@capability_required(READ_BODIES)
def meeting_minutes(request, pk: int):
    meeting = get_or_404(selectors.meeting_minutes_get, user=request.user, pk=pk)
    try:
        pdf = minutes.meeting_minutes_pdf(actor=request.user, meeting=meeting)
    except DomainError:
        raise Http404 from None
    return attachment(
        pdf, filename=f"verbale-riunione-{meeting.pk}.pdf", content_type="application/pdf"
    )


def _meeting_step(request, pk: int, service, done: str):
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    try:
        service(actor=request.user, meeting=meeting)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("participation:meeting_detail", pk=meeting.pk)


@require_POST
@capability_required(KEEP_BODIES)
def meeting_convene(request, pk: int):
    return _meeting_step(
        request, pk, services.meeting_convene, _("Meeting convened: the members are told.")
    )


@require_POST
@capability_required(KEEP_BODIES)
def meeting_cancel(request, pk: int):
    return _meeting_step(request, pk, services.meeting_cancel, _("Meeting cancelled."))


@capability_required(KEEP_BODIES)
def meeting_attendance(request, pk: int):
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    members = list(selectors.current_members(meeting.body))
    recorded = {a.member_id: a.by_substitute for a in meeting.attendances.all()}
    initial = {"version": meeting.version} | {
        f"present_{pk}": ("substitute" if sub else "present") for pk, sub in recorded.items()
    }
    form = AttendanceForm(request.POST or None, members=members, initial=initial)
    done = saved(
        request,
        form,
        lambda: services.meeting_record_attendance(
            actor=request.user,
            meeting=meeting,
            present=form.present(),
            version=form.cleaned_data["version"],
        ),
        message=_("Attendance recorded."),
        then=reverse("participation:meeting_detail", args=[meeting.pk]),
    )
    if done:
        return done
    return render(request, "participation/attendance_form.html", {"form": form, "meeting": meeting})


@capability_required(KEEP_BODIES)
def item_decide(request, pk: int):
    item = get_or_404(selectors.item_get, user=request.user, pk=pk)
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=item.meeting_id)
    voters = selectors.present_voters(meeting)
    form = VoteForm(request.POST or None, voters=voters if item.needs_vote else ())
    if request.method == "POST":
        if item.needs_vote:
            decision = run_service(
                form,
                lambda: services.item_vote(
                    actor=request.user,
                    item=item,
                    votes=form.votes(),
                    text=form.cleaned_data["text"],
                    project=form.cleaned_data["project"],
                ),
            )
        else:
            decision = run_service(
                form,
                lambda: services.item_agree(
                    actor=request.user,
                    item=item,
                    text=form.cleaned_data["text"],
                    project=form.cleaned_data["project"],
                ),
            )
        if decision:
            messages.success(
                request,
                _("Decision recorded: %(outcome)s.") % {"outcome": decision.get_outcome_display()},
            )
            return redirect("participation:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "participation/decide_form.html",
        {
            "form": form,
            "item": item,
            "meeting": meeting,
            "quorum": selectors.meeting_quorum(meeting),
        },
    )


@capability_required(KEEP_BODIES)
def meeting_close(request, pk: int):
    meeting = get_or_404(selectors.meeting_get, user=request.user, pk=pk)
    form = CloseForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: services.meeting_close(
            actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
        ),
        message=_("Minutes closed."),
        then=reverse("participation:meeting_detail", args=[meeting.pk]),
    )
    if done:
        return done
    return render(request, "participation/close_form.html", {"form": form, "meeting": meeting})


@capability_required(READ_BODIES)
def decision_detail(request, pk: int):
    decision = get_or_404(selectors.decision_get, user=request.user, pk=pk)
    can_manage = KEEP_BODIES.allows(request.user)
    form = ActionForm(request.POST or None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise Http404
        action = run_service(
            form,
            lambda: services.action_create(
                actor=request.user, decision=decision, **form.cleaned_data
            ),
        )
        if action:
            messages.success(request, _("Action added."))
            return redirect("participation:decision_detail", pk=decision.pk)
    return render(
        request,
        "participation/decision_detail.html",
        {"decision": decision, "form": form, "can_manage": can_manage},
    )


@capability_required(READ_BODIES)
def action_detail(request, pk: int):
    action = get_or_404(selectors.action_get, user=request.user, pk=pk)
    can_report = selectors.can_report_on(request.user, action)
    initial = {"progress": action.progress, "status": action.status, "version": action.version}
    form = ReportForm(request.POST or None, initial=initial) if can_report else None
    if request.method == "POST":
        if form is None:
            raise Http404
        update = run_service(
            form,
            lambda: services.action_report(actor=request.user, action=action, **form.cleaned_data),
        )
        if update:
            messages.success(request, _("Progress reported."))
            return redirect("participation:action_detail", pk=action.pk)
    return render(request, "participation/action_detail.html", {"action": action, "form": form})


def public_body(request, slug: str):
    """The accountability page: every decision of a public body and how far its actions
    have gone, with the history of each. No login, no personal data beyond the names the
    organisations give as their representatives."""
    body = get_or_404(selectors.public_body_get, slug=slug)
    decisions = list(selectors.decision_list(body=body))
    return render(
        request,
        "participation/public_body.html",
        {"body": body, "decisions": decisions, "progress": selectors.body_progress(decisions)},
    )
