"""Template filters over `trama.core.formatting`: `{% load trama_format %}`."""

from django import template

from trama.core import formatting

register = template.Library()

for _name in (
    "euro",
    "percent",
    "date_short",
    "date_long",
    "time_short",
    "datetime_short",
    "datetime_long",
):
    register.filter(_name, getattr(formatting, _name))
