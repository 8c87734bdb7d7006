"""The yearly report of a building for its owner body, as PDF: the year's figures of the
dashboard, each chart as its table, and the activities by kind. Aggregates only: it names
no household."""

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.pdf import render_pdf
from trama.housing.dashboard import figures
from trama.housing.models import Activity, ActivityKind, Building


def building_report_pdf(*, actor: User, building: Building, year: int) -> bytes:
    kinds = dict(ActivityKind.choices)
    by_kind = [
        (str(kinds[kind]), n)
        for kind, n in Activity.objects.filter(building=building, on__year=year)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "kind")
    ]
    pdf = render_pdf(
        "housing/report_pdf.html",
        {
            "building": building,
            "year": year,
            "figures": figures(actor, building=building, year=year),
            "by_kind": by_kind,
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
            "generated_at": timezone.localtime(),
        },
        stylesheet="housing/report_pdf.css",
    )
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=building,
        details={"document": "report", "year": year},
    )
    return pdf
