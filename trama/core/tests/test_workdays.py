"""Working days: weekends, Italy's public holidays (Easter Monday moves every year) and a
town's patron saint's day are not counted."""

import datetime as dt

import pytest

from trama.core.workdays import add_working_days, is_working_day, working_days_between

GRUGLIASCO = "001120"
COLLEGNO = "001090"


@pytest.mark.parametrize(
    "day, working",
    [
        (dt.date(2026, 12, 4), True),  # a Friday
        (dt.date(2026, 12, 5), False),  # Saturday
        (dt.date(2026, 12, 8), False),  # Immacolata
        (dt.date(2026, 4, 6), False),  # Easter Monday 2026
        (dt.date(2027, 3, 29), False),  # Easter Monday 2027
        (dt.date(2026, 4, 7), True),
        (dt.date(2026, 4, 25), False),  # Liberazione (a Saturday too)
        (dt.date(2027, 6, 2), False),  # Festa della Repubblica, a Wednesday
    ],
)
def test_national_calendar(day, working):
    assert is_working_day(day) is working


def test_the_patron_saint_counts_only_in_their_town():
    san_rocco = dt.date(2028, 1, 31)  # a Monday
    assert not is_working_day(san_rocco, istat_code=GRUGLIASCO)
    assert is_working_day(san_rocco, istat_code=COLLEGNO)
    assert is_working_day(san_rocco)


def test_adding_working_days_skips_weekends_and_holidays():
    friday = dt.date(2026, 12, 4)
    assert add_working_days(friday, 1) == dt.date(2026, 12, 7)
    # Monday 7, (Tuesday 8 is the Immacolata), Wednesday 9.
    assert add_working_days(friday, 2) == dt.date(2026, 12, 9)
    assert add_working_days(friday, 0) == friday
    # Christmas week: 24 (Thu), then 28 (Mon) after Christmas, Santo Stefano and the weekend.
    assert add_working_days(dt.date(2026, 12, 23), 2) == dt.date(2026, 12, 28)
    # Across the new year: 1 January, the weekend, Monday 4, Tuesday 5, Epiphany on
    # Wednesday 6, Thursday 7.
    assert add_working_days(dt.date(2026, 12, 31), 3) == dt.date(2027, 1, 7)
    assert add_working_days(dt.date(2027, 1, 5), 1) == dt.date(2027, 1, 7)
    with pytest.raises(ValueError):
        add_working_days(friday, -1)


def test_working_days_between_is_the_inverse_of_adding():
    start = dt.date(2027, 1, 28)
    for days in range(0, 15):
        end = add_working_days(start, days, istat_code=GRUGLIASCO)
        assert working_days_between(start, end, istat_code=GRUGLIASCO) == days
    assert working_days_between(start, start - dt.timedelta(days=3)) == 0
