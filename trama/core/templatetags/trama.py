from django import template
from django.urls import resolve, reverse

from trama.core.deadlines import deadline_label, local_moment
from trama.core.policy import view_allows

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced (for pagination links)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def deadline_rule(deadline) -> str:
    """ "entro le 23:59:59 del 31 ottobre 2026": a deadline lasts its whole minute."""
    return deadline_label(deadline) if deadline else ""


@register.filter
def moment(value) -> str:
    """An instant in Italian time to the second, with the UTC offset in the repeated hour."""
    return local_moment(value) if value else ""


@register.simple_tag(takes_context=True)
def url_if_allowed(context, name: str, *args) -> str:
    """The URL of `name` when its view lets the current user in, else "": a page links
    only to what the reader can open (the view's own roles decide, as in the menu)."""
    url = reverse(name, args=args)
    user = context["request"].user
    return url if user.is_authenticated and view_allows(resolve(url).func, user) else ""
