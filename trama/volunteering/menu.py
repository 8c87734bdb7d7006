"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

SECTION = _("Mi affido a te")

register("volunteering:volunteer_list", _("Volunteers"), order=70, section=SECTION)
register("volunteering:elder_list", _("Elders"), order=71, section=SECTION)
register("volunteering:matching", _("Matching"), order=72, section=SECTION)
register("volunteering:pairing_list", _("Pairings"), order=73, section=SECTION)
register("volunteering:my_pairings", _("My pairings"), order=74, section=SECTION)
