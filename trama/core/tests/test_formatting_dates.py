import datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.utils import translation

from trama.core import formatting

UTC = datetime.UTC
# 22:30 UTC on 31 October 2026 is already 1 November in Rome (CET, UTC+1).
LATE_EVENING = datetime.datetime(2026, 10, 31, 23, 30, tzinfo=UTC)


def test_italian_long_date_has_lowercase_month():
    with translation.override("it"):
        assert formatting.date_long(datetime.date(2026, 10, 31)) == "31 ottobre 2026"


def test_english_long_date_follows_reader_language():
    with translation.override("en"):
        assert formatting.date_long(datetime.date(2026, 10, 31)) == "31 October 2026"


def test_instants_are_shown_in_rome_time():
    with translation.override("it"):
        assert formatting.date_short(LATE_EVENING) == "01/11/2026"
        assert formatting.datetime_short(LATE_EVENING) == "01/11/2026 00:30"
        assert formatting.datetime_long(LATE_EVENING) == "1 novembre 2026, 00:30"


def test_summer_time_offset_is_applied():
    summer = datetime.datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    assert formatting.time_short(summer) == "12:00"
    rome = summer.astimezone(ZoneInfo("Europe/Rome"))
    assert formatting.time_short(rome) == "12:00"


def test_no_value_gives_empty_text():
    for function in (
        formatting.date_short,
        formatting.date_long,
        formatting.datetime_short,
        formatting.datetime_long,
    ):
        assert function(None) == ""


def test_template_filters():
    template = Template("{% load trama_format %}{{ day|date_long }} · {{ moment|datetime_short }}")
    with translation.override("it"):
        text = template.render(Context({"day": datetime.date(2026, 3, 8), "moment": LATE_EVENING}))
    assert text == "8 marzo 2026 · 01/11/2026 00:30"
