"""This app's entries in the back-office menu (trama/core/menu.py)."""

from django.utils.translation import pgettext_lazy

from trama.core.menu import register

register("participation:body_list", pgettext_lazy("menu", "Governance bodies"), order=40)
