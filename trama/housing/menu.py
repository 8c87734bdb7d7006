"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import gettext_lazy as _

from trama.core.menu import register

register("housing:building_list", _("Buildings"), order=85)
register("housing:issue_list", _("Housing issues"), order=86)
register("housing:dashboard", _("Housing dashboard"), order=87)
