"""Writes to the organisations registry. One transaction each, audited."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError, StaleObjectError
from trama.core.imports import import_batch_create, import_batch_finish, import_batch_progress
from trama.core.models import ImportBatch, ImportStatus
from trama.core.tabular import ExportFile, export_file
from trama.core.text import normalize_for_search
from trama.organizations.capabilities import EDIT_REGISTRY
from trama.organizations.errors import OrganizationErrors
from trama.organizations.importing import CheckedRow, check_rows
from trama.organizations.models import ActivitySector, Organization
from trama.organizations.selectors import (
    OrganizationFilters,
    can_edit_organization,
    organization_list_detailed,
)
from trama.organizations.validation import duplicate_fiscal_code_message, validate_organization
from trama.territory.models import Municipality

SCALAR_FIELDS = (
    "name",
    "kind",
    "legal_form",
    "fiscal_code",
    "vat_number",
    "runts_section",
    "runts_number",
    "address",
    "postcode",
    "municipality",
    "city",
    "email",
    "pec",
    "phone",
    "website",
    "description",
    "is_demo",
)
_FOREIGN_KEYS = ("runts_section", "municipality")


def _comparable(organization: Organization, field: str) -> object:
    return getattr(organization, f"{field}_id" if field in _FOREIGN_KEYS else field)


def _save(organization: Organization) -> None:
    organization.search_name = normalize_for_search(organization.name)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:
        if "fiscal_code" not in str(exc):
            raise
        # Two people registered the same codice fiscale at the same moment.
        raise DomainError(
            duplicate_fiscal_code_message(),
            field="fiscal_code",
            code=OrganizationErrors.DUPLICATE_FISCAL_CODE,
        ) from exc


def _check_fields(fields: Iterable[str]) -> None:
    unknown = set(fields) - set(SCALAR_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    sectors: Iterable[ActivitySector] = (),
    municipalities_served: Iterable[Municipality] = (),
    check_permission: bool = True,
    **fields: object,
) -> Organization:
    """Register an organisation. `fields` are the model's own (see SCALAR_FIELDS).
    `check_permission=False` is for loaders that run without a user (demo, commands)."""
    if check_permission and not EDIT_REGISTRY.allows(actor):
        raise PermissionDenied
    _check_fields(fields)
    organization = Organization(**fields)
    validate_organization(organization, exclude_pk=None)
    _save(organization)
    organization.sectors.set(sectors)
    organization.municipalities_served.set(municipalities_served)
    access_log_append(actor=actor, action=Action.CREATE, obj=organization)
    return organization


@transaction.atomic
def organization_update(
    *,
    actor: User,
    organization: Organization,
    version: int,
    sectors: Iterable[ActivitySector] | None = None,
    municipalities_served: Iterable[Municipality] | None = None,
    **changes: object,
) -> Organization:
    """Change an organisation. `version` is the one the editor opened: if someone saved in
    between, nothing is written and StaleObjectError says so."""
    if not can_edit_organization(user=actor, organization=organization):
        raise PermissionDenied
    if "is_demo" in changes and not EDIT_REGISTRY.allows(actor):
        raise PermissionDenied  # the demo flag is the registry keepers' call, not the ETS's
    _check_fields(changes)
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    if current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this organisation while you were editing it. "
                "Reload the page and apply your changes again."
            )
        )
    before = {f: _comparable(current, f) for f in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    validate_organization(current, exclude_pk=current.pk)
    current.version = F("version") + 1
    _save(current)
    current.refresh_from_db()
    changed = [f for f in changes if before[f] != _comparable(current, f)]
    for relation, chosen in (
        ("sectors", sectors),
        ("municipalities_served", municipalities_served),
    ):
        if chosen is None:
            continue
        manager = getattr(current, relation)
        chosen = list(chosen)
        if set(manager.values_list("pk", flat=True)) != {item.pk for item in chosen}:
            manager.set(chosen)
            changed.append(relation)
    access_log_append(
        actor=actor, action=Action.UPDATE, obj=current, details={"fields": sorted(changed)}
    )
    return current


class OrganizationImportError(DomainError):
    """The file has errors: nothing was imported. `rows` holds every row with its errors."""

    def __init__(self, rows: list[CheckedRow]):
        self.rows = rows
        count = sum(1 for row in rows if row.errors)
        super().__init__(
            ngettext(
                "%(count)d row has errors: nothing was imported.",
                "%(count)d rows have errors: nothing was imported.",
                count,
            )
            % {"count": count}
        )


@transaction.atomic
def organization_import(
    *,
    actor: User,
    rows: Sequence[Mapping[str, str]],
    line_numbers: Sequence[int] | None = None,
    source: str = "",
    labels: Mapping[str, str] | None = None,
) -> list[Organization]:
    """Register every row of a file as a new organisation, or none: the rows are checked again
    here (the registry may have changed since the preview) and one error stops everything.
    `labels` (column code -> the user's header) names the columns in the errors."""
    EDIT_REGISTRY.require(actor)
    if not rows:
        raise DomainError(_("The file contains no data rows."), code=OrganizationErrors.NO_ROWS)
    checked = check_rows(rows, line_numbers=line_numbers, labels=labels)
    if any(row.errors for row in checked):
        raise OrganizationImportError(checked)
    organizations = [Organization(**row.fields) for row in checked]
    for organization in organizations:
        organization.search_name = normalize_for_search(organization.name)
    try:
        with transaction.atomic():
            Organization.objects.bulk_create(organizations)
    except IntegrityError as exc:
        raise DomainError(
            duplicate_fiscal_code_message(),
            field="fiscal_code",
            code=OrganizationErrors.DUPLICATE_FISCAL_CODE,
        ) from exc
    sector_links = Organization.sectors.through
    served_links = Organization.municipalities_served.through
    sector_links.objects.bulk_create(
        sector_links(organization_id=org.pk, activitysector_id=sector.pk)
        for org, row in zip(organizations, checked, strict=True)
        for sector in row.sectors
    )
    served_links.objects.bulk_create(
        served_links(organization_id=org.pk, municipality_id=municipality.pk)
        for org, row in zip(organizations, checked, strict=True)
        for municipality in row.municipalities_served
    )
    access_log_append(
        actor=actor,
        action=Action.IMPORT,
        object_type=Organization._meta.label_lower,
        object_repr=source[:300],
        details={
            "count": len(organizations),
            "source": source,
            "organization_ids": [o.pk for o in organizations],
        },
    )
    return organizations


IMPORT_BATCH_KIND = "organizations"


def organization_import_enqueue(
    *,
    actor: User,
    rows: Sequence[Mapping[str, str]],
    line_numbers: Sequence[int],
    labels: Mapping[str, str],
    source: str,
) -> ImportBatch:
    """A large confirmed import: its rows stored in an ImportBatch and the task queued, which
    runs `organization_import_batch_run` (decision 0017)."""
    EDIT_REGISTRY.require(actor)
    batch = import_batch_create(
        actor=actor,
        kind=IMPORT_BATCH_KIND,
        source=source,
        rows=rows,
        line_numbers=line_numbers,
        labels=labels,
    )
    from trama.organizations.tasks import organization_import_run  # tasks import services

    transaction.on_commit(lambda: organization_import_run.enqueue(batch.pk))
    return batch


def organization_import_batch_run(*, batch_id: int) -> ImportBatch:
    """Run a queued import: check every row (recording the progress), then import them all
    in one transaction as `organization_import` does, or none, keeping the errors for the
    status page. Writes the same access-log entry, in the name of who uploaded the file."""
    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    if batch.status != ImportStatus.QUEUED:
        return batch  # already run (a task delivered twice)
    rows = batch.payload.get("rows", [])
    line_numbers = batch.payload.get("line_numbers")
    labels = batch.payload.get("labels", {})
    import_batch_progress(batch=batch, processed=0)
    checked = check_rows(
        rows,
        line_numbers=line_numbers,
        labels=labels,
        on_progress=lambda count: import_batch_progress(batch=batch, processed=count),
    )
    import_batch_progress(batch=batch, processed=len(rows))
    try:
        if any(row.errors for row in checked):
            raise OrganizationImportError(checked)
        created = organization_import(
            actor=batch.created_by,
            rows=rows,
            line_numbers=line_numbers,
            source=batch.source,
            labels=labels,
        )
    except OrganizationImportError as error:
        import_batch_finish(
            batch=batch,
            status=ImportStatus.FAILED,
            message=error.messages[0],
            errors=[
                (row.line, column, message) for row in error.rows for column, message in row.errors
            ],
        )
    except (DomainError, PermissionDenied) as error:
        message = " ".join(error.messages) if isinstance(error, DomainError) else ""
        import_batch_finish(
            batch=batch,
            status=ImportStatus.FAILED,
            message=message or _("You may not register organisations: nothing was imported."),
        )
    else:
        import_batch_finish(
            batch=batch,
            status=ImportStatus.DONE,
            message=ngettext(
                "%(count)d organisation imported.",
                "%(count)d organisations imported.",
                len(created),
            )
            % {"count": len(created)},
            created_count=len(created),
        )
    return batch


EXPORT_COLUMNS = (
    "id",
    "name",
    "kind",
    "legal_form",
    "fiscal_code",
    "vat_number",
    "runts_section",
    "runts_number",
    "address",
    "postcode",
    "municipality_istat",
    "municipality",
    "city",
    "email",
    "pec",
    "phone",
    "website",
    "sectors",
    "municipalities_served",
    "is_demo",
)
# How a column is read when it is not the organisation's field of the same name.
_EXPORT_VALUES = {
    "id": lambda o: o.pk,
    "runts_section": lambda o: o.runts_section.code if o.runts_section else "",
    "municipality_istat": lambda o: o.municipality.istat_code if o.municipality else "",
    "municipality": lambda o: o.municipality.name if o.municipality else "",
    "sectors": lambda o: " ".join(s.code for s in o.sectors.all()),
    "municipalities_served": lambda o: " ".join(
        m.istat_code for m in o.municipalities_served.all()
    ),
    "is_demo": lambda o: "1" if o.is_demo else "0",
}


def _export_row(organization: Organization) -> list[object]:
    return [
        _EXPORT_VALUES[column](organization)
        if column in _EXPORT_VALUES
        else getattr(organization, column)
        for column in EXPORT_COLUMNS
    ]


def organization_export(
    *, actor: User, filters: OrganizationFilters, file_format: str
) -> ExportFile:
    """The organisations `actor` may see, filtered, as CSV or XLSX with the import's columns
    (so an export can be edited and imported elsewhere). Written to the access log."""
    rows = [_export_row(o) for o in organization_list_detailed(user=actor, filters=filters)]
    export = export_file(
        EXPORT_COLUMNS,
        rows,
        file_format=file_format,
        title=_("Organisations"),
        filename_stem="organizzazioni",
    )
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        object_type=Organization._meta.label_lower,
        details={
            "format": file_format,
            "filters": {k: v for k, v in asdict(filters).items() if v not in ("", None)},
            "count": len(rows),
        },
    )
    return export
