"""Italian identifiers of organisations, checked with python-stdnum."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale, iva


def clean_fiscal_code(value: str) -> str:
    """An organisation's codice fiscale: 11 digits (entities, same check digit as the P.IVA) or
    16 characters (a sole trader's personal code). Returns it compact and upper-case."""
    value = (value or "").strip().upper().replace(" ", "")
    if not value:
        return ""
    try:
        if value.isdigit():
            return iva.validate(value)
        return codicefiscale.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "The codice fiscale “%(value)s” is not valid: check the digits (the last one is a check digit)."
            ),
            params={"value": value},
            code="invalid_fiscal_code",
        ) from exc


def clean_vat_number(value: str) -> str:
    value = (value or "").strip().upper().replace(" ", "")
    if value.startswith("IT"):
        value = value[2:]
    if not value:
        return ""
    try:
        return iva.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _(
                "The partita IVA “%(value)s” is not valid: it must have 11 digits and a correct check digit."
            ),
            params={"value": value},
            code="invalid_vat_number",
        ) from exc
