"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

register("casework:outreach", _("People to reach"), order=51)
register("casework:dashboard", _("Hub dashboard"), order=52)
register("casework:appointment_list", _("Appointments"), order=53)
register("casework:referral_list", _("Referrals"), order=54)
