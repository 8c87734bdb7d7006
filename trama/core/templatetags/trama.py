from django import template

from trama.core.deadlines import deadline_label, local_moment

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
