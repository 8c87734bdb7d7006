"""Amounts and dates as Italian readers write them, in the active language's format: one
place for euros, percentages and dates in messages, PDFs and pages (template filters in
`trama_format`: `euro`, `percent`, `date_short`, `date_long`, `datetime_short`,
`datetime_long`)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone

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


# Dates and instants: always shown in Europe/Rome (the active time zone), in the reader's
# language. Django's "F" gives the month as it stands inside a date, which in Italian is
# lowercase ("31 ottobre 2026"); "E"/"N" would capitalise it, so they are not used here.
def _local(value: datetime.date) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    return value


def date_short(value: datetime.date | None) -> str:
    """ "31/10/2026"; an instant is first taken to Italian time. Empty for no value."""
    if value is None:
        return ""
    local = _local(value)
    if isinstance(local, datetime.datetime):
        local = local.date()
    return formats.date_format(local, "SHORT_DATE_FORMAT")


def date_long(value: datetime.date | None) -> str:
    """ "31 ottobre 2026" (Italian), "31 October 2026" (English). Empty for no value."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "j F Y")


def time_short(value: datetime.datetime | None) -> str:
    """ "23:59" in Italian time. Empty for no value."""
    if value is None:
        return ""
    return formats.date_format(_local(value), "H:i")


def datetime_short(value: datetime.datetime | None) -> str:
    """ "31/10/2026 23:59" in Italian time. Empty for no value."""
    if value is None:
        return ""
    return f"{date_short(value)} {time_short(value)}"


def datetime_long(value: datetime.datetime | None) -> str:
    """ "31 ottobre 2026, 23:59" in Italian time. Empty for no value."""
    if value is None:
        return ""
    return f"{date_long(value)}, {time_short(value)}"
