"""Writes to the organisations registry. One transaction each, audited."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError, StaleObjectError
from trama.core.text import normalize_for_search
from trama.organizations.identifiers import clean_fiscal_code, clean_vat_number
from trama.organizations.models import ActivitySector, Organization
from trama.organizations.selectors import can_create_organization, can_edit_organization
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


def _validate(organization: Organization, *, exclude_pk: int | None) -> None:
    errors: dict[str, list] = {}
    for field, cleaner in (("fiscal_code", clean_fiscal_code), ("vat_number", clean_vat_number)):
        try:
            setattr(organization, field, cleaner(getattr(organization, field)))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if organization.runts_number and organization.runts_section_id is None:
        errors.setdefault("runts_section", []).append(_("Give the RUNTS section of the registration number."))
    if organization.fiscal_code and not errors.get("fiscal_code"):
        clash = Organization.objects.filter(fiscal_code=organization.fiscal_code).exclude(pk=exclude_pk)
        if clash.exists():
            errors.setdefault("fiscal_code", []).append(
                _("Another organisation already has this codice fiscale.")
            )
    try:
        organization.full_clean(exclude=["fiscal_code", "vat_number", "search_name", "version"], validate_unique=False)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _save(organization: Organization) -> None:
    organization.search_name = normalize_for_search(organization.name)
    try:
        with transaction.atomic():
            organization.save()
    except IntegrityError as exc:  # a concurrent insert with the same codice fiscale
        raise DomainError(_("Another organisation already has this codice fiscale."), field="fiscal_code") from exc


@transaction.atomic
def organization_create(
    *,
    actor: User | None,
    sectors: Iterable[ActivitySector] = (),
    municipalities_served: Iterable[Municipality] = (),
    check_permission: bool = True,
    **fields,
) -> Organization:
    """Register an organisation. `fields` are the model's own (see SCALAR_FIELDS)."""
    if check_permission and not can_create_organization(user=actor):
        raise PermissionDenied
    unknown = set(fields) - set(SCALAR_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    organization = Organization(**fields)
    _validate(organization, exclude_pk=None)
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
    **changes,
) -> Organization:
    """Change an organisation. `version` is the one the editor opened: if someone saved in
    between, nothing is written and StaleObjectError says so."""
    if not can_edit_organization(user=actor, organization=organization):
        raise PermissionDenied
    unknown = set(changes) - set(SCALAR_FIELDS)
    if unknown:
        raise TypeError(f"unknown organisation fields: {sorted(unknown)}")
    current = Organization.objects.select_for_update().get(pk=organization.pk)
    if current.version != version:
        raise StaleObjectError(
            _("Someone else saved this organisation while you were editing it. Reload the page and apply your changes again.")
        )
    before = {f: getattr(current, f if f not in ("runts_section", "municipality") else f"{f}_id") for f in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    _validate(current, exclude_pk=current.pk)
    current.version = F("version") + 1
    _save(current)
    current.refresh_from_db()
    if sectors is not None:
        current.sectors.set(sectors)
    if municipalities_served is not None:
        current.municipalities_served.set(municipalities_served)
    changed = sorted(
        f for f in changes if before[f] != getattr(current, f if f not in ("runts_section", "municipality") else f"{f}_id")
    )
    access_log_append(actor=actor, action=Action.UPDATE, obj=current, details={"fields": changed})
    return current
