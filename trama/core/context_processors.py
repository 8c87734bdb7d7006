from django.conf import settings
from django.utils.functional import SimpleLazyObject

from trama.core.menu import current_section, staff_menu


def trama(request):
    context = {"consortium_name": settings.TRAMA_CONSORTIUM_NAME}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        menu = SimpleLazyObject(lambda: staff_menu(request))
        context["staff_menu"] = menu
        # The second row: the entries of the current page's section, when it has several.
        context["staff_section"] = SimpleLazyObject(lambda: current_section(list(menu)) or {})
    return context
