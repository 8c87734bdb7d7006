"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

SECTION = _("Calls")

register("calls:call_list", _("Calls"), order=30, section=SECTION)
register("calls:portal", _("Proposals portal"), order=31, section=SECTION)
register("calls:evaluation_calls", _("Evaluation"), order=32, section=SECTION)
register("calls:codesign_list", _("Co-design"), order=33, section=SECTION)
