"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

SECTION = _("Administration")

register("audit:log", _("Access log"), order=91, section=SECTION)
