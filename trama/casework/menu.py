"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

SECTION = _("People")

register("casework:outreach", _("People to reach"), order=51, section=SECTION)
register("casework:dashboard", _("Hub dashboard"), order=52, section=SECTION)
register("casework:appointment_list", _("Appointments"), order=53, section=SECTION)
register("casework:referral_list", _("Referrals"), order=54, section=SECTION)
