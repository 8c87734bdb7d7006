"""A deadline lasts its whole minute; in the hour repeated when summer time ends, times carry
their UTC offset so that they name one instant."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from trama.core.deadlines import (
    closes_at,
    deadline_label,
    deadline_open,
    deadline_to_minute,
    is_ambiguous_local_time,
    local_moment,
)

ROME = ZoneInfo("Europe/Rome")
UTC = datetime.UTC


def rome(*args, fold=0) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=ROME).replace(fold=fold)


@pytest.fixture(autouse=True)
def italian():
    with translation.override("it"):
        yield


def test_a_deadline_at_23_59_accepts_the_whole_minute():
    deadline = rome(2026, 3, 31, 23, 59)
    assert deadline_open(deadline, rome(2026, 3, 31, 23, 59, 30))
    assert deadline_open(deadline, rome(2026, 3, 31, 23, 59, 59, 999999))
    assert not deadline_open(deadline, rome(2026, 4, 1, 0, 0))
    assert closes_at(deadline) == rome(2026, 4, 1, 0, 0)


def test_seconds_sent_with_a_deadline_are_dropped():
    assert deadline_to_minute(rome(2026, 3, 31, 23, 59, 30, 5)) == rome(2026, 3, 31, 23, 59)


def test_the_page_states_the_rule_to_the_second():
    assert deadline_label(rome(2026, 3, 31, 23, 59)) == "entro le 23:59:59 del 31 marzo 2026"
    assert deadline_label(rome(2026, 10, 8, 12, 0)) == "entro le 12:00:59 dell'8 ottobre 2026"
    assert deadline_label(rome(2026, 11, 11, 9, 30)) == "entro le 09:30:59 dell'11 novembre 2026"
    with translation.override("en"):
        assert deadline_label(rome(2026, 3, 31, 23, 59)) == "by 23:59:59 on 31 March 2026"


def test_month_and_weekday_names_are_lower_case_in_italian():
    from django.utils.formats import date_format

    assert date_format(datetime.date(2026, 10, 25), "l j F Y") == "domenica 25 ottobre 2026"


def test_the_repeated_hour_at_the_end_of_summer_time_shows_the_offset():
    # 25 October 2026: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    first = datetime.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # 02:30 UTC+2
    second = datetime.datetime(2026, 10, 25, 1, 30, tzinfo=UTC)  # 02:30 UTC+1
    assert is_ambiguous_local_time(first) and is_ambiguous_local_time(second)
    assert local_moment(first) == "25/10/2026 02:30:00 (UTC+2)"
    assert local_moment(second) == "25/10/2026 02:30:00 (UTC+1)"
    deadline = datetime.datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
    assert deadline_label(deadline) == "entro le 02:45:59 del 25 ottobre 2026 (UTC+1)"


def test_an_ordinary_time_carries_no_offset():
    assert local_moment(datetime.datetime(2026, 10, 25, 2, 30, tzinfo=UTC)) == (
        "25/10/2026 03:30:00"
    )
    assert not is_ambiguous_local_time(rome(2026, 3, 29, 12, 0))
