"""The rules an organisation must satisfy before it is saved, shared by the services and the
import check so that a file row and a form are judged the same way."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trama.organizations.identifiers import clean_fiscal_code, clean_vat_number
from trama.organizations.models import Organization

# Foreign keys arrive as instances resolved from the reference tables; the database enforces
# them, so full_clean need not query for each.
_NOT_CLEANED = [
    "fiscal_code",
    "vat_number",
    "search_name",
    "version",
    "municipality",
    "runts_section",
]


def duplicate_fiscal_code_message() -> str:
    return _("Another organisation already has this codice fiscale.")


def validate_organization(
    organization: Organization, *, exclude_pk: int | None, check_registry: bool = True
) -> None:
    """Normalise the identifiers in place and raise a ValidationError with every field's
    messages. `check_registry=False` leaves the duplicate codice fiscale check to a caller that
    checks many rows at once."""
    errors: dict[str, list[str]] = {}
    for field, cleaner in (("fiscal_code", clean_fiscal_code), ("vat_number", clean_vat_number)):
        try:
            setattr(organization, field, cleaner(getattr(organization, field)))
        except ValidationError as exc:
            errors.setdefault(field, []).extend(exc.messages)
    if organization.runts_number and organization.runts_section_id is None:
        errors.setdefault("runts_section", []).append(
            _("Give the RUNTS section of the registration number.")
        )
    if organization.postcode and not re.fullmatch(r"[0-9]{5}", organization.postcode):
        errors.setdefault("postcode", []).append(_("The postcode (CAP) has 5 digits."))
    if check_registry and organization.fiscal_code and not errors.get("fiscal_code"):
        clash = Organization.objects.filter(fiscal_code=organization.fiscal_code).exclude(
            pk=exclude_pk
        )
        if clash.exists():
            errors.setdefault("fiscal_code", []).append(duplicate_fiscal_code_message())
    try:
        # The check constraints repeat the rules above in the database; their generic
        # messages would only duplicate ours.
        organization.full_clean(
            exclude=_NOT_CLEANED, validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
