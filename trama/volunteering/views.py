import datetime
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from trama.core.dashboard import Panel
from trama.core.forms import apply_service_error, run_service, saved
from trama.core.policy import capability_required
from trama.core.ratelimit import rate_limit_hit
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404
from trama.volunteering import selectors, services
from trama.volunteering.capabilities import LOG_VISITS, MANAGE_VOLUNTEERS
from trama.volunteering.forms import (
    SLOT_CHOICES,
    AgreementForm,
    ApplicationForm,
    ElderProfileForm,
    MatchingRunForm,
    ReviewForm,
    VisitForm,
)
from trama.volunteering.labels import CRITERION_LABELS, EXCLUSION_LABELS
from trama.volunteering.models import ElderNeed, PairingState
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.services.matching import DEFAULT_MAX_KM, DEFAULT_WEIGHTS, WEIGHTED
from trama.volunteering.workflows import PAIRING_WORKFLOW, VOLUNTEER_WORKFLOW


def _at(value: str) -> datetime.datetime | None:
    parsed = parse_datetime(value or "")
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


# One service per target state; each takes what the supervisor typed in the step's form.
STEPS = {
    V.INTERVIEW_SCHEDULED: lambda actor, v, post: services.volunteer_schedule_interview(
        actor=actor, volunteer=v, at=_at(post.get("at", ""))
    ),
    V.INTERVIEWED: lambda actor, v, post: services.volunteer_record_interview(
        actor=actor, volunteer=v, notes=post.get("notes", "")
    ),
    V.APPROVED: lambda actor, v, post: services.volunteer_approve(
        actor=actor, volunteer=v, note=post.get("note", "")
    ),
    V.NOT_APPROVED: lambda actor, v, post: services.volunteer_reject(
        actor=actor, volunteer=v, note=post.get("note", "")
    ),
    V.TRAINED: lambda actor, v, post: services.volunteer_mark_trained(
        actor=actor, volunteer=v, note=post.get("note", "")
    ),
    V.AVAILABLE: lambda actor, v, post: services.volunteer_make_available(actor=actor, volunteer=v),
    V.PAIRED: lambda actor, v, post: services.volunteer_mark_paired(actor=actor, volunteer=v),
    V.PAUSED: lambda actor, v, post: services.volunteer_pause(
        actor=actor, volunteer=v, note=post.get("note", "")
    ),
    V.WITHDRAWN: lambda actor, v, post: services.volunteer_withdraw(
        actor=actor, volunteer=v, note=post.get("note", "")
    ),
}
# The input each step asks for, so the page shows it next to the button.
STEP_FIELD = {
    V.INTERVIEW_SCHEDULED: "at",
    V.INTERVIEWED: "notes",
    V.NOT_APPROVED: "note",
    V.PAUSED: "note",
    V.WITHDRAWN: "note",
}


@capability_required(MANAGE_VOLUNTEERS)
def volunteer_list(request):
    volunteers = selectors.volunteers_for(request.user, timezone.localdate())
    state = request.GET.get("stato", "")
    if state in V.values:
        volunteers = volunteers.filter(state=state)
    else:
        state = ""
    expired_only = request.GET.get("scaduti") == "1"
    if expired_only:
        volunteers = volunteers.filter(has_expired_document=True)
    return render(
        request,
        "volunteering/volunteer_list.html",
        {
            "volunteers": volunteers,
            "states": V.choices,
            "state": state,
            "expired_only": expired_only,
        },
    )


@capability_required(MANAGE_VOLUNTEERS)
def volunteer_detail(request, pk: int):
    today = timezone.localdate()
    volunteer = selectors.volunteer_detail(request.user, pk, today)
    steps = _next_steps(VOLUNTEER_WORKFLOW, volunteer.state, STEP_FIELD)
    return render(
        request,
        "volunteering/volunteer_detail.html",
        {
            "volunteer": volunteer,
            "steps": steps,
            "expired": {d.pk for d in selectors.expired_documents(volunteer, today)},
        },
    )


@require_POST
@capability_required(MANAGE_VOLUNTEERS)
def volunteer_move(request, pk: int):
    volunteer = get_or_404(selectors.volunteers_for(request.user, timezone.localdate()), pk=pk)
    return _apply_step(
        request,
        volunteer,
        STEPS,
        VOLUNTEER_WORKFLOW,
        done=_("The volunteer is now “%(state)s”."),
        detail="volunteering:volunteer_detail",
    )


def _next_steps(workflow, state: str, fields: dict[str, str]) -> list[dict]:
    """The steps a record's page offers, in the order of the states, each with its input."""
    return [
        {"state": target, "label": workflow.label(target), "field": fields.get(target)}
        for target in workflow.states.values
        if target in workflow.allowed_next(state)
    ]


def _apply_step(request, record, steps: dict, workflow, *, done: str, detail: str):
    """The step the page posted: its service with what its form sent; a refusal, in
    Italian, as a message (nothing changed); back to the record's page."""
    target = request.POST.get("target", "")
    step = steps.get(target)
    if step is None:
        messages.error(request, _("Choose one of the offered steps."))
        return redirect(detail, pk=record.pk)
    try:
        step(request.user, record, request.POST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done % {"state": workflow.label(target)})
    return redirect(detail, pk=record.pk)


@capability_required(MANAGE_VOLUNTEERS)
def elder_list(request):
    return render(
        request,
        "volunteering/elder_list.html",
        {
            "elders": selectors.elders_for(request.user)[:500],
            "open_pairing": selectors.elders_with_open_pairing(request.user),
            "candidates": selectors.elder_candidates(request.user)[:200],
        },
    )


@capability_required(MANAGE_VOLUNTEERS)
def elder_create(request, person_pk: int):
    person = selectors.elder_candidate(request.user, person_pk)
    form = ElderProfileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profile = services.elder_profile_create(
                actor=request.user, person=person, **form.service_kwargs()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Profile saved: the elder now waits for a volunteer."))
            return redirect("volunteering:elder_detail", pk=profile.pk)
    return render(
        request, "volunteering/elder_form.html", {"form": form, "person": person, "profile": None}
    )


@capability_required(MANAGE_VOLUNTEERS)
def elder_detail(request, pk: int):
    profile = selectors.elder_detail(request.user, pk)
    return render(
        request,
        "volunteering/elder_detail.html",
        {
            "profile": profile,
            "slot_names": [dict(SLOT_CHOICES).get(slot, slot) for slot in profile.slots],
            "need_names": [dict(ElderNeed.choices).get(need, need) for need in profile.needs],
        },
    )


@capability_required(MANAGE_VOLUNTEERS)
def elder_edit(request, pk: int):
    profile = get_or_404(selectors.elders_for(request.user), pk=pk)
    form = ElderProfileForm(request.POST or None, initial=ElderProfileForm.initial_from(profile))
    if request.method == "POST" and form.is_valid():
        try:
            services.elder_profile_update(
                actor=request.user,
                profile=profile,
                version=form.cleaned_data["version"] or 0,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Profile saved."))
            return redirect("volunteering:elder_detail", pk=profile.pk)
    return render(
        request,
        "volunteering/elder_form.html",
        {"form": form, "person": profile.person, "profile": profile},
    )


def _run_form(data=None) -> MatchingRunForm:
    return MatchingRunForm(
        data,
        criteria={str(c): CRITERION_LABELS[c] for c in WEIGHTED},
        defaults=DEFAULT_WEIGHTS,
        initial={"max_km": DEFAULT_MAX_KM},
    )


@capability_required(MANAGE_VOLUNTEERS)
def matching(request):
    """Who waits and since when, the runs so far, and a new run with its rules."""
    form = _run_form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run = services.matching_run(
                actor=request.user,
                max_km=form.cleaned_data["max_km"],
                weights=form.weights(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            count = run.proposals.count()
            messages.success(
                request,
                ngettext(
                    "Matching done: %(count)d pair proposed.",
                    "Matching done: %(count)d pairs proposed.",
                    count,
                )
                % {"count": count},
            )
            return redirect("volunteering:matching_run", pk=run.pk)
    return render(
        request,
        "volunteering/matching.html",
        {
            "form": form,
            "waiting": selectors.waiting_elders(request.user),
            "runs": selectors.runs_for(request.user)[:20],
        },
    )


@capability_required(MANAGE_VOLUNTEERS)
def matching_run(request, pk: int):
    run = selectors.run_detail(request.user, pk)
    proposals = [
        {
            "proposal": proposal,
            "criteria": [
                {**line, "label": CRITERION_LABELS.get(line["criterion"], line["criterion"])}
                for line in proposal.explanation
            ],
        }
        for proposal in run.proposals.all()
    ]
    left_out = selectors.elders_for(request.user).in_bulk(
        [u["elder"] for u in run.unmatched_elders]
    )
    unmatched = [
        {
            "elder": left_out.get(u["elder"]),
            "reason": EXCLUSION_LABELS.get(u["reason"], u["reason"]),
        }
        for u in run.unmatched_elders
    ]
    return render(
        request,
        "volunteering/matching_run.html",
        {
            "run": run,
            "proposals": proposals,
            "unmatched": unmatched,
            "chosen": selectors.elders_with_open_pairing(
                request.user, [p.elder_id for p in run.proposals.all()]
            ),
        },
    )


@require_POST
@capability_required(MANAGE_VOLUNTEERS)
def pairing_choose(request, pk: int):
    proposal = get_or_404(selectors.proposals_for(request.user), pk=pk)
    try:
        pairing = services.pairing_choose(actor=request.user, proposal=proposal)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("volunteering:matching_run", pk=proposal.run_id)
    messages.success(request, _("Pairing proposed: record the introductory meeting next."))
    return redirect("volunteering:pairing_detail", pk=pairing.pk)


@capability_required(MANAGE_VOLUNTEERS)
def pairing_list(request):
    pairings = selectors.pairings_for(request.user)
    state = request.GET.get("stato", "")
    if state in PairingState.values:
        pairings = pairings.filter(state=state)
    else:
        state = ""
    return render(
        request,
        "volunteering/pairing_list.html",
        {"pairings": pairings[:200], "states": PairingState.choices, "state": state},
    )


# One service per target state, with the input each step's form asks for.
def _day(value: str) -> datetime.date | None:
    """The posted date, or None when missing or impossible (31 February): the service then
    asks for it in Italian."""
    try:
        return parse_date(value or "")
    except ValueError:
        return None


# One service per target state of a pairing, with what its form posted.
PAIRING_STEPS = {
    PairingState.INTRODUCED: lambda actor, p, post: services.pairing_introduce(
        actor=actor, pairing=p, on=_day(post.get("on", ""))
    ),
    PairingState.ACTIVE: lambda actor, p, post: services.pairing_activate(
        actor=actor, pairing=p, on=_day(post.get("on", ""))
    ),
    PairingState.PAUSED: lambda actor, p, post: services.pairing_pause(
        actor=actor, pairing=p, note=post.get("note", "")
    ),
    PairingState.ENDED: lambda actor, p, post: services.pairing_end(
        actor=actor, pairing=p, note=post.get("note", "")
    ),
}
PAIRING_STEP_FIELD = {
    PairingState.INTRODUCED: "on",
    PairingState.ACTIVE: "on",
    PairingState.PAUSED: "note",
    PairingState.ENDED: "note",
}


@capability_required(MANAGE_VOLUNTEERS)
def pairing_detail(request, pk: int):
    return _pairing_page(request, selectors.pairing_detail(request.user, pk))


def _pairing_page(request, pairing, agreement_form=None, review_form=None):
    steps = _next_steps(PAIRING_WORKFLOW, pairing.state, PAIRING_STEP_FIELD)
    agreements = list(pairing.agreements.all())
    under_way = pairing.state != PairingState.ENDED
    if agreement_form is None and under_way:
        agreement_form = AgreementForm(initial=_agreement_initial(agreements))
    if review_form is None and under_way and pairing.started_on:
        review_form = ReviewForm(initial={"on": timezone.localdate()})
    return render(
        request,
        "volunteering/pairing_detail.html",
        {
            "pairing": pairing,
            "steps": steps,
            "today": timezone.localdate(),
            "visits": selectors.visits_of(pairing)[:50],
            "agreements": agreements,
            "agreement_form": agreement_form,
            "reviews": list(pairing.reviews.select_related("reviewed_by")),
            "next_review": selectors.next_review(pairing) if under_way else None,
            "review_form": review_form,
        },
    )


def _agreement_initial(agreements) -> dict:
    """The form of a new version starts from the version in force."""
    if not agreements:
        return {}
    latest = agreements[0]
    return {
        "objectives": latest.objectives,
        "months": latest.months,
        "review_dates": ", ".join(
            datetime.date.fromisoformat(day).strftime("%d/%m/%Y") for day in latest.review_dates
        ),
        "monthly_reimbursement": latest.monthly_reimbursement,
        "social_worker": latest.social_worker,
    }


def _pairing_form_step(request, pk: int, form_class, service, message: str, name: str):
    """A form posted on the pairing's page: the service, then back to the page with the
    message — or the page again with the form's errors."""
    pairing = selectors.pairing_detail(request.user, pk)
    form = form_class(request.POST)
    done = saved(
        request,
        form,
        lambda: service(actor=request.user, pairing=pairing, **form.cleaned_data),
        message=message,
        then=reverse("volunteering:pairing_detail", args=[pairing.pk]),
    )
    return done or _pairing_page(request, pairing, **{name: form})


@require_POST
@capability_required(MANAGE_VOLUNTEERS)
def agreement_save(request, pk: int):
    return _pairing_form_step(
        request, pk, AgreementForm, services.agreement_save, _("Agreement saved."), "agreement_form"
    )


@require_POST
@capability_required(MANAGE_VOLUNTEERS)
def review_record(request, pk: int):
    return _pairing_form_step(
        request, pk, ReviewForm, services.review_record, _("Review recorded."), "review_form"
    )


@capability_required(MANAGE_VOLUNTEERS)
def agreement_pdf(request, pk: int):
    agreement = get_or_404(selectors.agreements_for(request.user), pk=pk)
    pdf = services.agreement_pdf(actor=request.user, agreement=agreement)
    return attachment(
        pdf,
        filename=f"accordo-affido-{agreement.pairing_id}-v{agreement.version}.pdf",
        content_type="application/pdf",
    )


@require_POST
@capability_required(MANAGE_VOLUNTEERS)
def pairing_move(request, pk: int):
    pairing = get_or_404(selectors.pairings_for(request.user), pk=pk)
    return _apply_step(
        request,
        pairing,
        PAIRING_STEPS,
        PAIRING_WORKFLOW,
        done=_("The pairing is now “%(state)s”."),
        detail="volunteering:pairing_detail",
    )


# Applications in an hour: per client address enough for a hub's help desk applying for
# several people, per e-mail address enough to retry; too few for a script filling the list.
APPLY_PER_CLIENT = 20
APPLY_PER_EMAIL = 3
APPLY_WINDOW_SECONDS = 3600


def _apply_throttled(request) -> bool:
    over_client = rate_limit_hit(
        scope="volunteer-apply-client",
        identifier=request.META.get("REMOTE_ADDR", ""),
        limit=APPLY_PER_CLIENT,
        window_seconds=APPLY_WINDOW_SECONDS,
    )
    over_email = rate_limit_hit(
        scope="volunteer-apply-email",
        identifier=request.POST.get("email", "").strip().lower(),
        limit=APPLY_PER_EMAIL,
        window_seconds=APPLY_WINDOW_SECONDS,
    )
    return over_client or over_email


def apply(request):
    form = ApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if _apply_throttled(request):
            form.add_error(None, _("Too many applications from here: try again in an hour."))
            status = 429
        elif form.is_valid():
            try:
                services.volunteer_apply(**form.service_kwargs())
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return redirect("volunteering_public:thanks")
    return render(request, "volunteering/apply.html", {"form": form}, status=status)


def thanks(request):
    return render(request, "volunteering/thanks.html")


# The volunteer's own pages -----------------------------------------------------------------


@capability_required(LOG_VISITS)
def my_pairings(request):
    labels = dict(ElderNeed.choices)
    pairings = selectors.my_pairings_read(request.user)
    for pairing in pairings:
        pairing.need_labels = [labels.get(need, need) for need in pairing.elder.needs]
    return render(request, "volunteering/my_pairings.html", {"pairings": pairings})


@capability_required(LOG_VISITS)
def visit_create(request, pk: int):
    pairing = get_or_404(selectors.my_pairings(request.user), pk=pk)
    form = VisitForm(
        request.POST or None, initial={"on": timezone.localdate(), "key": uuid.uuid4()}
    )
    if request.method == "POST":
        logged = run_service(
            form,
            lambda: services.visit_log(actor=request.user, pairing=pairing, **form.cleaned_data),
        )
        if logged:
            _visit, created = logged
            messages.success(
                request,
                _("Visit recorded. Thank you!")
                if created
                else _("This visit was already recorded."),
            )
            return redirect("volunteering:my_pairings")
    back = reverse("volunteering:my_pairings")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "heading": _("Visit to %(name)s") % {"name": pairing.elder.person.first_name},
            "submit_label": _("Record the visit"),
            "cancel_url": back,
            "crumbs": [(back, _("My pairings"))],
        },
    )


def project_panel(user) -> Panel | None:
    """The home page's Mi affido a te panel, for whoever manages the project (registered in
    VolunteeringConfig.ready)."""
    if not MANAGE_VOLUNTEERS.allows(user):
        return None
    return Panel(
        template="volunteering/_panel.html",
        context={"figures": selectors.project_figures(user)},
        order=30,
    )
