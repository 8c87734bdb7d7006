"""RI-abitare la città's pages: thin — the selectors read (scoped, logged), the services
write, the kit turns refusals into messages on the form."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.core.dashboard import Panel
from trama.core.forms import run_service, saved
from trama.core.policy import capability_required
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404
from trama.housing import dashboard as housing_dashboard
from trama.housing import notice, report, selectors, services
from trama.housing.capabilities import ANSWER_ISSUES, MEDIATE, REGISTER_BUILDINGS, SEE_ISSUES
from trama.housing.forms import (
    ActivityForm,
    AnswerForm,
    BuildingForm,
    CloseForm,
    FeedbackForm,
    IssueForm,
    ReferForm,
    TenancyEndForm,
    TenancyForm,
    UnitForm,
)
from trama.housing.models import IssueCategory, IssueState
from trama.people import selectors as people_selectors

ISSUES_PER_PAGE = 50


def _crumbs(building=None):
    crumbs = [(reverse("housing:building_list"), _("Buildings"))]
    if building is not None:
        crumbs.append((reverse("housing:building_detail", args=[building.pk]), str(building)))
    return crumbs


def _form_page(request, form, *, heading, submit_label, cancel_url, crumbs, template=None, **extra):
    return render(
        request,
        template or "core/form_page.html",
        {
            "form": form,
            "heading": heading,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            **extra,
        },
    )


@capability_required(MEDIATE)
def building_list(request):
    return render(
        request,
        "housing/building_list.html",
        {
            "buildings": selectors.building_list(request.user),
            "can_register": REGISTER_BUILDINGS.allows(request.user),
        },
    )


@capability_required(REGISTER_BUILDINGS)
def building_create(request):
    form = BuildingForm(
        request.POST or None,
        hubs=selectors.hubs_without_building(),
        bodies=selectors.partner_bodies().order_by("name"),
    )
    done = saved(
        request,
        form,
        lambda: services.building_register(actor=request.user, **form.cleaned_data),
        message=_("Building registered: add its units."),
        then=lambda building: reverse("housing:building_detail", args=[building.pk]),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        heading=_("Register a building"),
        submit_label=_("Save"),
        cancel_url=reverse("housing:building_list"),
        crumbs=_crumbs(),
    )


@capability_required(MEDIATE)
def unit_create(request, pk: int):
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    form = UnitForm(request.POST or None)
    done = saved(
        request,
        form,
        lambda: services.unit_add(actor=request.user, building=building, **form.cleaned_data),
        message=_("Unit added."),
        then=reverse("housing:building_detail", args=[building.pk]),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        heading=_("New unit"),
        submit_label=_("Save"),
        cancel_url=reverse("housing:building_detail", args=[building.pk]),
        crumbs=_crumbs(building),
    )


@capability_required(MEDIATE)
def building_detail(request, pk: int):
    building = selectors.building_page(request.user, pk)
    today = timezone.localdate()
    return render(
        request,
        "housing/building_detail.html",
        {
            "building": building,
            "crumbs": _crumbs(),
            "units": selectors.units_with_tenants(building, today),
            "mediators": selectors.mediators_of(building),
            "upcoming": selectors.upcoming_collective(building, today)[:10],
            "activities": selectors.activities_of(building).filter(on__lte=today)[:15],
            "issues": selectors.issue_inbox(
                request.user, selectors.IssueFilters(building_id=building.pk, open_only=True)
            ),
            "today": today,
            # The owner body's report: the last two years the building was in the project.
            "report_years": [
                y for y in (today.year - 1, today.year) if y >= building.joined_on.year
            ],
        },
    )


@capability_required(MEDIATE)
def building_notice(request, pk: int):
    """The stairwell notice of the upcoming collective activities, as PDF."""
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    pdf = notice.building_notice_pdf(actor=request.user, building=building)
    return attachment(
        pdf, filename=f"avviso-palazzina-{building.pk}.pdf", content_type="application/pdf"
    )


@capability_required(MEDIATE)
def building_report(request, pk: int, year: int):
    """The building's yearly report for its owner body, as PDF (a year from the building's
    joining to this one)."""
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    if not building.joined_on.year <= year <= timezone.localdate().year:
        raise Http404
    pdf = report.building_report_pdf(actor=request.user, building=building, year=year)
    return attachment(
        pdf,
        filename=f"relazione-palazzina-{building.pk}-{year}.pdf",
        content_type="application/pdf",
    )


@capability_required(MEDIATE)
def review_list(request, pk: int):
    """The households of the building to review at the monthly joint meeting; `?mese=AAAA-MM`
    (this month by default)."""
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    today = timezone.localdate()
    month = today.replace(day=1)
    chosen = request.GET.get("mese", "")
    if chosen:
        try:
            month = datetime.date.fromisoformat(f"{chosen}-01")
        except ValueError:
            messages.error(request, _("Choose the month as year and month, for instance 2026-11."))
    return render(
        request,
        "housing/review_list.html",
        {
            "building": building,
            "month": month,
            "rows": selectors.review_list(request.user, building, month),
            "crumbs": _crumbs(building),
        },
    )


@capability_required(MEDIATE)
def tenancy_create(request, pk: int):
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    form = TenancyForm(
        request.POST or None,
        units=building.units.all(),
        households=people_selectors.household_list(user=request.user).order_by("label"),
    )
    done = saved(
        request,
        form,
        lambda: services.tenancy_start(actor=request.user, **form.cleaned_data),
        message=_("Tenancy recorded."),
        then=reverse("housing:building_detail", args=[building.pk]),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        heading=_("New tenancy"),
        submit_label=_("Save"),
        cancel_url=reverse("housing:building_detail", args=[building.pk]),
        crumbs=_crumbs(building),
    )


@require_POST
@capability_required(MEDIATE)
def tenancy_end(request, pk: int):
    tenancy = get_or_404(selectors.tenancies_for(request.user), pk=pk)
    form = TenancyEndForm(request.POST)
    if run_service(
        form, lambda: services.tenancy_end(actor=request.user, tenancy=tenancy, **form.cleaned_data)
    ):
        messages.success(request, _("Tenancy ended."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("housing:building_detail", pk=tenancy.unit.building_id)


@capability_required(MEDIATE)
def activity_create(request, pk: int):
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    form = ActivityForm(
        request.POST or None,
        tenants=selectors.tenant_households(building),
        initial={"on": timezone.localdate(), "reach": "building"},
    )
    done = saved(
        request,
        form,
        lambda: services.activity_record(
            actor=request.user, building=building, **form.cleaned_data
        ),
        message=_("Activity recorded."),
        then=lambda activity: reverse("housing:activity_detail", args=[activity.pk]),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        heading=_("New activity"),
        submit_label=_("Save"),
        cancel_url=reverse("housing:building_detail", args=[building.pk]),
        crumbs=_crumbs(building),
    )


@capability_required(MEDIATE)
def activity_detail(request, pk: int):
    activity = selectors.activity_get(request.user, pk)
    return render(
        request,
        "housing/activity_detail.html",
        {"activity": activity, "crumbs": _crumbs(activity.building)},
    )


@capability_required(MEDIATE)
def issue_create(request, pk: int):
    building = get_or_404(selectors.building_get, user=request.user, pk=pk)
    tenants = selectors.tenant_households(building)
    chosen = request.POST.getlist("categories") if request.method == "POST" else []
    similar = selectors.similar_open_issues(building, chosen or IssueCategory.values)
    form = IssueForm(
        request.POST or None,
        units=building.units.all(),
        tenants=tenants,
        open_issues=similar,
    )
    done = saved(
        request,
        form,
        lambda: services.issue_report(actor=request.user, building=building, **form.cleaned_data),
        message=_("Issue recorded: refer it to the competent body."),
        then=lambda issue: reverse("housing:issue_detail", args=[issue.pk]),
    )
    if done:
        return done
    return _form_page(
        request,
        form,
        heading=_("New issue"),
        submit_label=_("Save"),
        cancel_url=reverse("housing:building_detail", args=[building.pk]),
        crumbs=_crumbs(building),
        template="housing/issue_form.html",
        similar=list(similar[:10]),
    )


@capability_required(SEE_ISSUES)
def issue_list(request):
    state = request.GET.get("stato", "")
    filters = selectors.IssueFilters(
        state=state if state in IssueState.values else "",
        overdue=request.GET.get("in_ritardo") == "1",
    )
    page = Paginator(selectors.issue_inbox(request.user, filters), ISSUES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "housing/issue_list.html",
        {
            "issues": page.object_list,
            "page_obj": page,
            "states": IssueState.choices,
            "state": filters.state,
            "overdue": filters.overdue,
        },
    )


def _issue_page(request, issue, **forms):
    user = request.user
    households = selectors.shows_households(user, issue)
    context = {
        "issue": issue,
        "crumbs": [(reverse("housing:issue_list"), _("Housing issues"))],
        "categories": selectors.issue_categories(issue),
        "shows_households": households,
        "answers": issue.referred_to_id in selectors.answering_bodies(user),
    }
    if households and issue.state == IssueState.REPORTED:
        context["refer_form"] = forms.get("refer") or ReferForm(bodies=selectors.partner_bodies())
        context["close_form"] = forms.get("close") or CloseForm()
    if context["answers"] and not issue.is_closed:
        context["answer_form"] = forms.get("answer") or AnswerForm(state=issue.state)
    if households and issue.is_closed and issue.feedback_at is None:
        context["feedback_form"] = forms.get("feedback") or FeedbackForm()
    return render(request, "housing/issue_detail.html", context)


@capability_required(SEE_ISSUES)
def issue_detail(request, pk: int):
    return _issue_page(request, selectors.issue_get(request.user, pk))


def _issue_step(request, pk: int, name: str, make_form, call, done: str):
    """A POST on the issue's page: the service on success (back to the page with the
    message), the page again with the form's errors otherwise."""
    issue = selectors.issue_get(request.user, pk)
    form = make_form(issue)
    then = reverse("housing:issue_detail", args=[issue.pk])
    return saved(request, form, lambda: call(issue, form), message=done, then=then) or (
        _issue_page(request, issue, **{name: form})
    )


@require_POST
@capability_required(MEDIATE)
def issue_refer(request, pk: int):
    return _issue_step(
        request,
        pk,
        "refer",
        lambda issue: ReferForm(request.POST, bodies=selectors.partner_bodies()),
        lambda issue, form: services.issue_refer(
            actor=request.user, issue=issue, **form.cleaned_data
        ),
        _("Issue referred."),
    )


@require_POST
@capability_required(MEDIATE)
def issue_close(request, pk: int):
    return _issue_step(
        request,
        pk,
        "close",
        lambda issue: CloseForm(request.POST),
        lambda issue, form: services.issue_close(
            actor=request.user, issue=issue, **form.cleaned_data
        ),
        _("Issue closed."),
    )


@require_POST
@capability_required(ANSWER_ISSUES)
def issue_answer(request, pk: int):
    return _issue_step(
        request,
        pk,
        "answer",
        lambda issue: AnswerForm(request.POST, state=issue.state),
        lambda issue, form: services.issue_answer(
            actor=request.user, issue=issue, **form.cleaned_data
        ),
        _("Answer recorded."),
    )


@require_POST
@capability_required(MEDIATE)
def issue_feedback(request, pk: int):
    return _issue_step(
        request,
        pk,
        "feedback",
        lambda issue: FeedbackForm(request.POST),
        lambda issue, form: services.issue_feedback(
            actor=request.user, issue=issue, **form.answers()
        ),
        _("The household's answers are recorded."),
    )


@capability_required(MEDIATE)
def dashboard(request):
    buildings = selectors.buildings_for(request.user)
    building = None
    if request.GET.get("palazzina", "").isdigit():
        building = get_or_404(buildings, pk=int(request.GET["palazzina"]))
    return render(
        request,
        "housing/dashboard.html",
        {
            "buildings": buildings,
            "building": building,
            "figures": housing_dashboard.figures(request.user, building=building),
        },
    )


def issues_panel(user) -> Panel | None:
    """The home page's housing issues panel, for the mediators and the partner bodies
    (registered in HousingConfig.ready)."""
    if not SEE_ISSUES.allows(user):
        return None
    return Panel(
        template="housing/_panel.html", context={"counts": selectors.issue_counts(user)}, order=40
    )
