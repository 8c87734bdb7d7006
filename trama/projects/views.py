from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trama.accounts.models import User
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.projects import selectors, services
from trama.projects.capabilities import EDIT_PORTFOLIO, READ_PORTFOLIO
from trama.projects.forms import (
    EligibilityForm,
    FundingSourceForm,
    PartnerForm,
    ProjectEditForm,
    ProjectFilterForm,
    ProjectForm,
    ProjectRowForm,
    RemoveForm,
    ServiceForm,
)
from trama.projects.models import Project


def _project_or_404(request, pk: int) -> Project:
    return get_or_404(selectors.project_get, user=request.user, pk=pk)


@capability_required(READ_PORTFOLIO)
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    projects = selectors.project_list(user=request.user, filters=form.filters())
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/list.html",
        {"page_obj": page, "form": form, "can_edit": EDIT_PORTFOLIO.allows(request.user)},
    )


@capability_required(READ_PORTFOLIO)
def project_detail(request, pk: int):
    project = _project_or_404(request, pk)
    return render(
        request,
        "projects/detail.html",
        {"project": project, "can_edit": EDIT_PORTFOLIO.allows(request.user)},
    )


@capability_required(EDIT_PORTFOLIO)
def project_create(request):
    form = ProjectForm(
        request.POST or None, initial={"is_public": False, "position": 0}, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Project created."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


@capability_required(EDIT_PORTFOLIO)
def project_edit(request, pk: int):
    project = _project_or_404(request, pk)
    initial = {**ProjectForm.initial_for(project), "version": project.version}
    form = ProjectEditForm(
        request.POST or None, initial=initial, user=request.user, project=project
    )
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        version = arguments.pop("version")
        try:
            services.project_update(
                actor=request.user, project=project, version=version, **arguments
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


@dataclass(frozen=True)
class _RowsPage:
    """A page listing one kind of a project's related rows, with a form to add one and a
    button to remove each."""

    related: str  # the project's manager of these rows
    form_class: type[ProjectRowForm]
    add: Callable[..., object]  # the service, called as add(actor=, project=, **cleaned_data)
    remove: Callable[[User, Model], None]  # remove(actor, row), through the service
    template: str
    title: str
    add_title: str


PARTNERS_PAGE = _RowsPage(
    related="partners",
    form_class=PartnerForm,
    add=services.project_partner_add,
    remove=lambda actor, row: services.project_partner_remove(actor=actor, partner=row),
    template="projects/partners.html",
    title=gettext_lazy("Partners"),
    add_title=gettext_lazy("Add a partner"),
)
FUNDING_PAGE = _RowsPage(
    related="funding_sources",
    form_class=FundingSourceForm,
    add=services.funding_source_add,
    remove=lambda actor, row: services.funding_source_remove(actor=actor, funding_source=row),
    template="projects/funding.html",
    title=gettext_lazy("Funding"),
    add_title=gettext_lazy("Add a funding source"),
)
SERVICES_PAGE = _RowsPage(
    related="services",
    form_class=ServiceForm,
    add=services.service_add,
    remove=lambda actor, row: services.service_remove(actor=actor, service=row),
    template="projects/services.html",
    title=gettext_lazy("Services"),
    add_title=gettext_lazy("Add a service"),
)


def _manage_rows(request, pk: int, page: _RowsPage):
    project = _project_or_404(request, pk)
    form = page.form_class(user=request.user)
    if request.method == "POST" and "remove" in request.POST:
        remove_form = RemoveForm(request.POST)
        row = None
        if remove_form.is_valid():
            row = (
                getattr(project, page.related).filter(pk=remove_form.cleaned_data["remove"]).first()
            )
        if row is None:
            raise Http404
        page.remove(request.user, row)
        messages.success(request, _("Removed."))
        return redirect(request.path)
    if request.method == "POST":
        form = page.form_class(request.POST, user=request.user)
        if form.is_valid():
            try:
                page.add(actor=request.user, project=project, **form.cleaned_data)
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                messages.success(request, _("Added."))
                return redirect(request.path)
    context = {
        "project": project,
        "form": form,
        "page_title": page.title,
        "add_title": page.add_title,
    }
    return render(request, page.template, context)


@capability_required(EDIT_PORTFOLIO)
def project_partners(request, pk: int):
    return _manage_rows(request, pk, PARTNERS_PAGE)


@capability_required(EDIT_PORTFOLIO)
def project_funding(request, pk: int):
    return _manage_rows(request, pk, FUNDING_PAGE)


@capability_required(EDIT_PORTFOLIO)
def project_services(request, pk: int):
    return _manage_rows(request, pk, SERVICES_PAGE)


@capability_required(EDIT_PORTFOLIO)
def project_eligibility(request, pk: int):
    """The coordinator's form of the project's access rules (kept as data, see eligibility)."""
    project = _project_or_404(request, pk)
    stored = selectors.project_eligibility_get(user=request.user, project=project)
    rule = stored.as_rule() if stored else None
    form = EligibilityForm(request.POST or None, initial=EligibilityForm.initial_for(rule))
    if request.method == "POST" and form.is_valid():
        try:
            services.project_eligibility_set(actor=request.user, project=project, rule=form.rule)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            if form.rule is None:
                messages.success(request, _("Access rules removed: no condition was chosen."))
            else:
                messages.success(request, _("Access rules saved."))
            return redirect("projects:eligibility", pk=project.pk)
    return render(
        request,
        "projects/eligibility.html",
        {
            "project": project,
            "form": form,
            "stored": stored,
            "partial": not EligibilityForm.can_show(rule),
        },
    )
