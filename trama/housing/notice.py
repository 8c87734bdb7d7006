"""The stairwell notice: a building's upcoming collective activities, one A4 page to pin
up. It names no household (it hangs in a public place)."""

from django.conf import settings
from django.utils import timezone

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.pdf import render_pdf
from trama.housing import selectors
from trama.housing.models import Building

NOTICE_ACTIVITIES = 12


def building_notice_pdf(*, actor: User, building: Building) -> bytes:
    today = timezone.localdate()
    pdf = render_pdf(
        "housing/notice_pdf.html",
        {
            "building": building,
            "activities": list(selectors.upcoming_collective(building, today)[:NOTICE_ACTIVITIES]),
            "mediators": selectors.mediators_of(building),
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
            "today": today,
        },
        stylesheet="housing/notice_pdf.css",
    )
    access_log_append(
        actor=actor, action=Action.EXPORT, obj=building, details={"document": "notice"}
    )
    return pdf
