"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from trama.core.menu import register

SECTION = pgettext_lazy("menu section", "Housing")

register("housing:building_list", _("Buildings"), order=85, section=SECTION)
register("housing:issue_list", _("Housing issues"), order=86, section=SECTION)
register("housing:dashboard", _("Housing dashboard"), order=87, section=SECTION)
