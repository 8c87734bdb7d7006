import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.imports import import_batch_recent
from trama.core.models import ImportBatch
from trama.core.policy import capability_required
from trama.core.responses import attachment
from trama.core.shortcuts import get_or_404
from trama.core.tabular import EXPORT_CONTENT_TYPES, read_table, rows_to_csv, rows_to_xlsx
from trama.organizations import selectors, services
from trama.organizations.capabilities import ACT_FOR_ORGANIZATION, EDIT_REGISTRY, READ_REGISTRY
from trama.organizations.forms import (
    OrganizationFilterForm,
    OrganizationForm,
    OrganizationImportForm,
)
from trama.organizations.importing import (
    COLUMNS,
    IMPORT_COLUMNS,
    REQUIRED_COLUMNS,
    CheckedRow,
    check_rows,
)
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.territory.models import Municipality

PAGE_SIZE = 25
IMPORT_SESSION_PREFIX = "organizations-import:"


def _get_or_404(request, pk: int) -> Organization:
    return get_or_404(selectors.organization_get, user=request.user, pk=pk)


@capability_required(READ_REGISTRY | ACT_FOR_ORGANIZATION)
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
            "can_create": EDIT_REGISTRY.allows(request.user),
        },
    )


@capability_required(READ_REGISTRY | ACT_FOR_ORGANIZATION)
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


@capability_required(EDIT_REGISTRY)
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


@capability_required(EDIT_REGISTRY | ACT_FOR_ORGANIZATION)
def organization_edit(request, pk: int):
    organization = _get_or_404(request, pk)
    if not selectors.can_edit_organization(user=request.user, organization=organization):
        raise PermissionDenied
    form = OrganizationForm(
        request.POST or None,
        organization=organization,
        can_flag_demo=EDIT_REGISTRY.allows(request.user),
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


def _column_help() -> list[tuple[str, tuple[str, ...], str]]:
    descriptions = {
        "name": _("Name of the organisation (required)."),
        "kind": _("Kind: a code from the list below; empty means third-sector entity."),
        "legal_form": _("Legal form (required): a code from the list below, or its name."),
        "fiscal_code": _(
            "Codice fiscale: 11 digits, or 16 characters for a sole trader. It must not "
            "already be in the registry or twice in the file."
        ),
        "vat_number": _("Partita IVA: 11 digits."),
        "runts_section": _("RUNTS section: a letter from a to g (or ODV, APS, SMS)."),
        "runts_number": _("RUNTS registration number (needs the section)."),
        "address": _("Address of the seat."),
        "postcode": _("Postcode (CAP), 5 digits."),
        "municipality_istat": _("ISTAT code of the municipality of the seat (list below)."),
        "municipality": _(
            "Municipality of the seat by name, e.g. “Sant'Ambrogio di Torino”, or by ISTAT code."
        ),
        "email": _("E-mail address."),
        "pec": _("PEC (certified e-mail) address."),
        "phone": _("Phone number."),
        "website": _("Website address."),
        "sectors": _("Letters of the sectors of activity, e.g. “a u”."),
        "municipalities_served": _(
            "Municipalities served: names separated by commas or semicolons, or ISTAT codes, "
            "e.g. “Collegno; Grugliasco” or “001090 001120”."
        ),
    }
    return [(code, IMPORT_COLUMNS[code], descriptions[code]) for code in IMPORT_COLUMNS]


def _import_reference() -> dict[str, object]:
    """What the import page documents: the columns and the codes each one accepts."""
    return {
        "column_help": _column_help(),
        "max_rows": settings.TRAMA_IMPORT_MAX_ROWS,
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


@dataclass(frozen=True)
class PreviewRow:
    """One row of the preview as kept in the session: what the page shows of it."""

    line: int
    name: str
    legal_form: str
    fiscal_code: str
    municipality: str
    sectors: str
    errors: list[tuple[str, str]]


def _preview_rows(rows: list[CheckedRow]) -> list[dict]:
    def text(row: CheckedRow, column: str) -> str:
        return row.values.get(column) or ""

    return [
        {
            "line": row.line,
            "name": text(row, "name"),
            "legal_form": text(row, "legal_form"),
            "fiscal_code": str(row.fields.get("fiscal_code") or text(row, "fiscal_code")),
            "municipality": row.fields["municipality"].name
            if row.fields.get("municipality")
            else text(row, "municipality_istat") or text(row, "municipality"),
            "sectors": text(row, "sectors"),
            "errors": [list(error) for error in row.errors],
        }
        for row in rows
    ]


@capability_required(EDIT_REGISTRY)
def organization_import(request):
    """Upload → preview of every row with its errors, page by page → confirm (all or nothing).
    The rows wait in the session between preview and confirmation, under a key given only to
    this upload. A confirmed file larger than TRAMA_IMPORT_BACKGROUND_ROWS is imported by the
    task worker, with a page showing its progress (decision 0017)."""
    if request.method == "POST" and "token" in request.POST:
        return _import_confirm(request)
    form = OrganizationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, required_columns=REQUIRED_COLUMNS, columns=IMPORT_COLUMNS)
        except DomainError as error:
            apply_service_error(form, error)
        else:
            rows = check_rows(table.rows, line_numbers=table.line_numbers, labels=table.labels)
            token = secrets.token_urlsafe(16)
            _forget_pending_imports(request.session)
            request.session[IMPORT_SESSION_PREFIX + token] = {
                "rows": table.rows,
                "line_numbers": table.line_numbers,
                "labels": table.labels,
                "source": upload.name,
                "ignored_columns": table.ignored_columns,
                "preview": _preview_rows(rows),
                "confirmable": not any(row.errors for row in rows),
            }
            return redirect("organizations:import_preview", token=token)
    recent = import_batch_recent(user=request.user, kind=services.IMPORT_BATCH_KIND)
    return render(
        request,
        "organizations/import.html",
        {"form": form, "batches": recent, **_import_reference()},
    )


def _preview_gone(request):
    messages.error(
        request, _("The preview of this file is no longer available: upload the file again.")
    )
    return redirect("organizations:import")


@capability_required(EDIT_REGISTRY)
def organization_import_preview(request, token: str):
    pending = request.session.get(IMPORT_SESSION_PREFIX + token)
    if not pending or "preview" not in pending:  # none, or left by an older version
        return _preview_gone(request)
    preview = pending["preview"]
    only_errors = request.GET.get("errors") == "1"
    shown = [row for row in preview if row["errors"]] if only_errors else preview
    page = Paginator(shown, settings.TRAMA_IMPORT_PREVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = [
        PreviewRow(**{**row, "errors": [tuple(error) for error in row["errors"]]})
        for row in page.object_list
    ]
    return render(
        request,
        "organizations/import_preview.html",
        {
            "rows": rows,
            "page_obj": page,
            "row_count": len(preview),
            "token": token if pending["confirmable"] else "",
            "source": pending["source"],
            "error_count": sum(1 for row in preview if row["errors"]),
            "ignored_columns": pending["ignored_columns"],
            "in_background": len(preview) > settings.TRAMA_IMPORT_BACKGROUND_ROWS,
            "only_errors": only_errors,
            "preview_url": reverse("organizations:import_preview", args=[token]),
        },
    )


def _import_confirm(request):
    token = request.POST.get("token", "")
    key = IMPORT_SESSION_PREFIX + token
    pending = request.session.get(key)
    if not pending or not pending.get("confirmable"):
        return _preview_gone(request)
    arguments = {
        "actor": request.user,
        "rows": pending["rows"],
        "line_numbers": pending["line_numbers"],
        "labels": pending.get("labels", {}),
        "source": pending["source"],
    }
    if len(pending["rows"]) > settings.TRAMA_IMPORT_BACKGROUND_ROWS:
        batch = services.organization_import_enqueue(**arguments)
        del request.session[key]
        return redirect("organizations:import_batch", pk=batch.pk)
    try:
        created = services.organization_import(**arguments)
    except services.OrganizationImportError as error:
        # The registry changed since the preview: the rows again, with no confirmation.
        pending.update(preview=_preview_rows(error.rows), confirmable=False)
        request.session[key] = pending
        messages.error(request, error.messages[0])
        return redirect("organizations:import_preview", token=token)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("organizations:import")
    del request.session[key]
    messages.success(
        request,
        ngettext(
            "%(count)d organisation imported.", "%(count)d organisations imported.", len(created)
        )
        % {"count": len(created)},
    )
    return redirect("organizations:list")


@capability_required(EDIT_REGISTRY)
def organization_import_batch(request, pk: int):
    """The progress and outcome of a background import; the user reloads it."""
    batch = get_or_404(ImportBatch.objects.all(), pk=pk, kind=services.IMPORT_BATCH_KIND)
    errors = Paginator(batch.errors, settings.TRAMA_IMPORT_PREVIEW_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "organizations/import_batch.html", {"batch": batch, "page_obj": errors})


@capability_required(EDIT_REGISTRY)
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
        return attachment(
            rows_to_xlsx(COLUMNS, rows, title=_("Organisations")),
            content_type=EXPORT_CONTENT_TYPES["xlsx"],
            filename="modello-organizzazioni.xlsx",
        )
    return attachment(
        rows_to_csv(COLUMNS, rows),
        content_type=EXPORT_CONTENT_TYPES["csv"],
        filename="modello-organizzazioni.csv",
    )


@capability_required(READ_REGISTRY | ACT_FOR_ORGANIZATION)
def organization_export(request):
    filters = OrganizationFilterForm(request.GET).to_filters()
    try:
        export = services.organization_export(
            actor=request.user, filters=filters, file_format=request.GET.get("format", "csv")
        )
    except DomainError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return attachment(export.content, content_type=export.content_type, filename=export.filename)
