"""Deadlines and instants as people in the consortium read them (Europe/Rome).

A deadline is entered to the minute ("entro le 23:59") and lasts the whole of that minute:
it accepts everything before the next minute starts, so a proposal sent at 23:59:30 is in
time (decision 0018). The stored value is the minute as entered; every check and every page
goes through this module, so the rule lives in one place.

In the hour repeated when summer time ends (the last Sunday of October, 02:00-03:00 twice)
a local time alone names two instants: there the UTC offset is shown too.
"""

from __future__ import annotations

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from trama.core.formatting import date_long

ONE_MINUTE = datetime.timedelta(minutes=1)
ONE_SECOND = datetime.timedelta(seconds=1)


def deadline_to_minute(value: datetime.datetime) -> datetime.datetime:
    """The deadline as stored: the minute entered, seconds dropped (an API client sending
    23:59:30 gets the same deadline as one sending 23:59)."""
    return value.replace(second=0, microsecond=0)


def closes_at(deadline: datetime.datetime) -> datetime.datetime:
    """The first instant no longer accepted: the start of the minute after the deadline."""
    return deadline_to_minute(deadline) + ONE_MINUTE


def deadline_open(deadline: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    return (now or timezone.now()) < closes_at(deadline)


def deadline_passed(deadline: datetime.datetime, now: datetime.datetime | None = None) -> bool:
    return not deadline_open(deadline, now)


def last_accepted_second(deadline: datetime.datetime) -> datetime.datetime:
    return closes_at(deadline) - ONE_SECOND


def is_ambiguous_local_time(moment: datetime.datetime) -> bool:
    """True when the local wall-clock time of `moment` happens twice (end of summer time)."""
    local = timezone.localtime(moment)
    twin = local.replace(fold=1 - local.fold)
    return twin.utcoffset() != local.utcoffset()


def utc_offset_label(moment: datetime.datetime) -> str:
    offset = timezone.localtime(moment).utcoffset() or datetime.timedelta(0)
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    minutes = rest // 60
    return f"UTC{hours:+d}" + (f":{minutes:02d}" if minutes else "")


def _offset_if_ambiguous(moment: datetime.datetime) -> str:
    return f" ({utc_offset_label(moment)})" if is_ambiguous_local_time(moment) else ""


def local_moment(moment: datetime.datetime, *, seconds: bool = True) -> str:
    """An instant in Italian time, "31/10/2026 23:59:59", with the offset when ambiguous."""
    local = timezone.localtime(moment)
    pattern = "d/m/Y H:i:s" if seconds else "d/m/Y H:i"
    return formats.date_format(local, pattern) + _offset_if_ambiguous(moment)


def deadline_moment(deadline: datetime.datetime) -> str:
    """The last accepted second of a deadline, for messages: "31/10/2026 23:59:59"."""
    return local_moment(last_accepted_second(deadline))


def deadline_label(deadline: datetime.datetime) -> str:
    """The rule as the pages state it: "entro le 23:59:59 del 31 ottobre 2026"."""
    last = timezone.localtime(last_accepted_second(deadline))
    if last.day in (1, 8, 11):
        # Italian elides before a vowel sound: "dell'8 ottobre", "dell'11 ottobre".
        rule = pgettext("day read with a vowel sound", "by %(time)s on %(date)s%(offset)s")
    else:
        rule = _("by %(time)s on %(date)s%(offset)s")
    return rule % {
        "time": formats.date_format(last, "H:i:s"),
        "date": date_long(last),
        "offset": _offset_if_ambiguous(last),
    }
