"""The person's page (people, a lower app) shows the screenings through this tag, so that
people never imports casework."""

from django import template
from django.utils.translation import gettext as _

from trama.casework import selectors
from trama.casework.screening_views import results_by_instrument
from trama.screening import INSTRUMENTS

register = template.Library()


@register.inclusion_tag("casework/screening_person.html", takes_context=True)
def person_screenings(context, person):
    """The latest result and the chart of each instrument. The page that includes it has
    already logged the opening of the record with its purpose."""
    user = context["request"].user
    screenings = list(selectors.screening_list(user=user, person=person))
    return {
        "person": person,
        "results": results_by_instrument(screenings, chart_prefix="person-screening"),
        "instruments": [(code, _(i.name)) for code, i in INSTRUMENTS.items()],
        "can_write": context.get("can_write", False),
    }
