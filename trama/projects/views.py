from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from trama.core.errors import DomainError
from trama.core.forms import apply_domain_error
from trama.core.permissions import role_required
from trama.projects import selectors, services
from trama.projects.forms import (
    FundingSourceForm,
    PartnerForm,
    ProjectEditForm,
    ProjectFilterForm,
    ProjectForm,
    RemoveForm,
    ServiceForm,
)
from trama.projects.models import Project

READERS = selectors.PORTFOLIO_READERS
EDITORS = selectors.PORTFOLIO_EDITORS


def _show_errors(form, error: ValidationError) -> None:
    if isinstance(error, DomainError):
        apply_domain_error(form, error)
    elif hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def _project(request, pk: int) -> Project:
    try:
        return selectors.project_get(user=request.user, pk=pk)
    except Project.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*READERS)
def project_list(request):
    form = ProjectFilterForm(request.GET or None)
    projects = selectors.project_list(user=request.user, filters=form.filters())
    page = Paginator(projects, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/list.html",
        {"page_obj": page, "form": form, "can_edit": selectors.can_edit_project(request.user)},
    )


@role_required(*READERS)
def project_detail(request, pk: int):
    project = _project(request, pk)
    return render(
        request,
        "projects/detail.html",
        {"project": project, "can_edit": selectors.can_edit_project(request.user)},
    )


@role_required(*EDITORS)
def project_create(request):
    form = ProjectForm(request.POST or None, initial={"is_public": False, "position": 0})
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_create(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Project created."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": None})


@role_required(*EDITORS)
def project_edit(request, pk: int):
    project = _project(request, pk)
    initial = {**ProjectForm.initial_for(project), "version": project.version}
    form = ProjectEditForm(request.POST or None, initial=initial, project=project)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        version = arguments.pop("version")
        try:
            services.project_update(
                actor=request.user, project=project, version=version, **arguments
            )
        except ValidationError as error:
            _show_errors(form, error)
        else:
            messages.success(request, _("Project saved."))
            return redirect("projects:detail", pk=project.pk)
    return render(request, "projects/form.html", {"form": form, "project": project})


def _manage_related(
    request,
    pk: int,
    *,
    form_class,
    add,
    remove,
    related: str,
    template: str,
    titles: tuple[str, str],
):
    """A page listing one kind of a project's related rows, with a form to add one and a
    button to remove each. `add(project, **cleaned_data)`; `remove(row)`."""
    project = _project(request, pk)
    form = form_class()
    if request.method == "POST" and "remove" in request.POST:
        remove_form = RemoveForm(request.POST)
        row = None
        if remove_form.is_valid():
            row = getattr(project, related).filter(pk=remove_form.cleaned_data["remove"]).first()
        if row is None:
            raise Http404
        remove(row)
        messages.success(request, _("Removed."))
        return redirect(request.path)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                add(project, **form.cleaned_data)
            except ValidationError as error:
                _show_errors(form, error)
            else:
                messages.success(request, _("Added."))
                return redirect(request.path)
    page_title, add_title = titles
    context = {"project": project, "form": form, "page_title": page_title, "add_title": add_title}
    return render(request, template, context)


@role_required(*EDITORS)
def project_partners(request, pk: int):
    return _manage_related(
        request,
        pk,
        form_class=PartnerForm,
        add=lambda project, **data: services.project_partner_add(
            actor=request.user, project=project, **data
        ),
        remove=lambda row: services.project_partner_remove(actor=request.user, partner=row),
        related="partners",
        template="projects/partners.html",
        titles=(_("Partners"), _("Add a partner")),
    )


@role_required(*EDITORS)
def project_funding(request, pk: int):
    return _manage_related(
        request,
        pk,
        form_class=FundingSourceForm,
        add=lambda project, **data: services.funding_source_add(
            actor=request.user, project=project, **data
        ),
        remove=lambda row: services.funding_source_remove(actor=request.user, funding_source=row),
        related="funding_sources",
        template="projects/funding.html",
        titles=(_("Funding"), _("Add a funding source")),
    )


@role_required(*EDITORS)
def project_services(request, pk: int):
    return _manage_related(
        request,
        pk,
        form_class=ServiceForm,
        add=lambda project, **data: services.service_add(
            actor=request.user, project=project, **data
        ),
        remove=lambda row: services.service_remove(actor=request.user, service=row),
        related="services",
        template="projects/services.html",
        titles=(_("Services"), _("Add a service")),
    )
