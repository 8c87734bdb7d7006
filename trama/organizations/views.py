import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.accounts.roles import Role
from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.permissions import role_required
from trama.core.tabular import EXPORT_CONTENT_TYPES, read_table, rows_to_csv, rows_to_xlsx
from trama.organizations import selectors, services
from trama.organizations.forms import (
    OrganizationFilterForm,
    OrganizationForm,
    OrganizationImportForm,
)
from trama.organizations.importing import COLUMNS, REQUIRED_COLUMNS, check_rows
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.territory.models import Municipality

READERS = (*selectors.REGISTRY_READERS, Role.ETS_MEMBER)
EDITORS = selectors.REGISTRY_EDITORS
PAGE_SIZE = 25
IMPORT_SESSION_PREFIX = "organizations-import:"


def _get_or_404(request, pk: int) -> Organization:
    try:
        return selectors.organization_get(user=request.user, pk=pk)
    except Organization.DoesNotExist as exc:
        raise Http404 from exc


@role_required(*READERS)
def organization_list(request):
    form = OrganizationFilterForm(request.GET)
    queryset = selectors.organization_list(user=request.user, filters=form.to_filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    filters_query = request.GET.copy()
    filters_query.pop("page", None)
    return render(
        request,
        "organizations/list.html",
        {
            "form": form,
            "page_obj": page,
            "filters_query": filters_query.urlencode(),
            "can_create": selectors.can_create_organization(user=request.user),
        },
    )


@role_required(*READERS)
def organization_detail(request, pk: int):
    organization = _get_or_404(request, pk)
    return render(
        request,
        "organizations/detail.html",
        {
            "organization": organization,
            "members": selectors.organization_members(organization=organization),
            "can_edit": selectors.can_edit_organization(
                user=request.user, organization=organization
            ),
        },
    )


@role_required(*EDITORS)
def organization_create(request):
    form = OrganizationForm(request.POST or None, can_flag_demo=True)
    if request.method == "POST" and form.is_valid():
        try:
            organization = services.organization_create(
                actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Organisation registered."))
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form})


@role_required(*EDITORS, Role.ETS_MEMBER)
def organization_edit(request, pk: int):
    organization = _get_or_404(request, pk)
    if not selectors.can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    form = OrganizationForm(
        request.POST or None,
        organization=organization,
        can_flag_demo=selectors.can_create_organization(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organization_update(
                actor=request.user,
                organization=organization,
                version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organizations:detail", pk=organization.pk)
    return render(request, "organizations/form.html", {"form": form, "organization": organization})


def _import_reference() -> dict[str, object]:
    """What the import page documents: the columns and the codes each one accepts."""
    return {
        "columns": COLUMNS,
        "required_columns": REQUIRED_COLUMNS,
        "kinds": OrganizationKind.choices,
        "legal_forms": LegalForm.choices,
        "runts_sections": RuntsSection.objects.order_by("code"),
        "sectors": ActivitySector.objects.order_by("code"),
        "municipalities": Municipality.objects.order_by("name"),
    }


def _forget_pending_imports(session) -> None:
    # SessionBase has keys() but is not iterable.
    for key in [k for k in list(session.keys()) if k.startswith(IMPORT_SESSION_PREFIX)]:
        del session[key]


def _render_preview(request, *, rows, token: str, source: str, ignored_columns=()):
    errors = sum(1 for row in rows if row.errors)
    return render(
        request,
        "organizations/import_preview.html",
        {
            "rows": rows,
            "token": token,
            "source": source,
            "error_count": errors,
            "ignored_columns": ignored_columns,
        },
    )


@role_required(*EDITORS)
def organization_import(request):
    """Upload → preview of every row with its errors → confirm (all or nothing). The rows wait
    in the session between preview and confirmation, under a key given only to this upload."""
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request)
    form = OrganizationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, required_columns=REQUIRED_COLUMNS)
        except DomainError as error:
            apply_service_error(form, error)
        else:
            rows = check_rows(table.rows, line_numbers=table.line_numbers)
            token = secrets.token_urlsafe(16)
            _forget_pending_imports(request.session)
            request.session[IMPORT_SESSION_PREFIX + token] = {
                "rows": table.rows,
                "line_numbers": table.line_numbers,
                "source": upload.name,
            }
            ignored = [column for column in table.header if column and column not in COLUMNS]
            return _render_preview(
                request, rows=rows, token=token, source=upload.name, ignored_columns=ignored
            )
    return render(request, "organizations/import.html", {"form": form, **_import_reference()})


def _import_confirm(request):
    token = request.POST.get("token", "")
    pending = request.session.get(IMPORT_SESSION_PREFIX + token)
    if not pending:
        messages.error(
            request, _("The preview of this file is no longer available: upload the file again.")
        )
        return redirect("organizations:import")
    try:
        created = services.organization_import(
            actor=request.user,
            rows=pending["rows"],
            line_numbers=pending["line_numbers"],
            source=pending["source"],
        )
    except services.OrganizationImportError as error:
        del request.session[IMPORT_SESSION_PREFIX + token]
        messages.error(request, error.messages[0])
        return _render_preview(request, rows=error.rows, token="", source=pending["source"])
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:import")
    del request.session[IMPORT_SESSION_PREFIX + token]
    messages.success(
        request,
        ngettext(
            "%(count)d organisation imported.", "%(count)d organisations imported.", len(created)
        )
        % {"count": len(created)},
    )
    return redirect("organizations:list")


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*EDITORS)
def organization_import_template(request):
    """The import's columns with one example row, as CSV or XLSX."""
    example = {
        "name": _("Example association (delete this row)"),
        "kind": OrganizationKind.ETS,
        "legal_form": LegalForm.SOCIAL_PROMOTION,
        "runts_section": "b",
        "runts_number": "12345",
        "address": "Via Roma 1",
        "postcode": "10093",
        "municipality_istat": "001090",
        "email": "info@example.org",
        "sectors": "a i",
        "municipalities_served": "001090 001120",
    }
    rows = [[example.get(column, "") for column in COLUMNS]]
    if request.GET.get("format") == "xlsx":
        return _attachment(
            rows_to_xlsx(COLUMNS, rows, title=_("Organisations")),
            EXPORT_CONTENT_TYPES["xlsx"],
            "modello-organizzazioni.xlsx",
        )
    return _attachment(
        rows_to_csv(COLUMNS, rows), EXPORT_CONTENT_TYPES["csv"], "modello-organizzazioni.csv"
    )


@role_required(*READERS)
def organization_export(request):
    filters = OrganizationFilterForm(request.GET).to_filters()
    try:
        export = services.organization_export(
            actor=request.user, filters=filters, file_format=request.GET.get("format", "csv")
        )
    except DomainError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return _attachment(export.content, export.content_type, export.filename)
