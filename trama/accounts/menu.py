"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

SECTION = _("Administration")

register("accounts:user_list", _("Users and roles"), order=90, section=SECTION)
register("accounts:tokens", _("API tokens"), order=92)
