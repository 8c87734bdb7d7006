from django.conf import settings
from django.utils.functional import SimpleLazyObject

from trama.core.menu import staff_menu


def trama(request):
    context = {"consortium_name": settings.TRAMA_CONSORTIUM_NAME}
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        context["staff_menu"] = SimpleLazyObject(lambda: staff_menu(request))
    return context
