"""Amounts as Italian readers write them, in the active language's format: one place for
euros and percentages in messages, PDFs and pages (template filters `euro`, `percent`)."""

from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats

CENT = Decimal("0.01")


def euro(value: Decimal | int | None) -> str:
    """1234.5 → "1.234,50 €" (Italian), "1,234.50 €" (English); empty for no value."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return formats.number_format(amount, 2, use_l10n=True, force_grouping=True) + " €"


def percent(value: Decimal | int | None) -> str:
    """12.345 → "12,35%" (Italian); empty for no value."""
    if value is None:
        return ""
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    return formats.number_format(amount, 2, use_l10n=True) + "%"


def number(value: Decimal | int, places: int = 2) -> str:
    """A plain quantity (hours, points) with its decimals in the active language's format."""
    return formats.number_format(value, places, use_l10n=True)
