from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def localized(obj, field: str) -> str:
    """`{{ project|localized:"summary" }}`: the English text on English pages when there is one,
    the Italian otherwise (the model's own `localized` when it has one)."""
    language = get_language() or "it"
    if hasattr(obj, "localized"):
        return obj.localized(field, language)
    if language == "en":
        return getattr(obj, f"{field}_en", "") or getattr(obj, field)
    return getattr(obj, field)


@register.filter
def tel_uri(number: str) -> str:
    """`0119501417` or `+39 011 950 1417` → `+390119501417`, for `href="tel:…"`."""
    digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
    return digits if digits.startswith("+") else f"+39{digits}"
