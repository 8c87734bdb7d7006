"""The three-party agreement of a pairing: written by the supervisor, a new version at each
change (the latest in force), produced as PDF for the three to sign; and the supervisor's
reviews of the pairing at the agreement's dates."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.pdf import render_pdf
from trama.core.workflow import lock
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import Agreement, Pairing, PairingReview, PairingState
from trama.volunteering.services.common import require_supervisor

MAX_MONTHS = 36
MAX_REIMBURSEMENT = Decimal("500.00")  # a month's expenses: beyond it, a typing slip


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    pairing: Pairing,
    objectives: str,
    months: int,
    review_dates: Sequence[datetime.date],
    monthly_reimbursement: Decimal,
    social_worker: str,
) -> Agreement:
    """A new version of the pairing's agreement (the first, or a change)."""
    require_supervisor(actor)
    pairing = lock(Pairing, pairing.pk)
    if pairing.state == PairingState.ENDED:
        raise DomainError(
            _("The pairing has ended: its agreement no longer changes."), code=E.PAIRING_ENDED
        )
    objectives, social_worker = objectives.strip(), " ".join(social_worker.split())
    if not objectives:
        raise DomainError(
            _("Write the objectives agreed."), field="objectives", code=E.AGREEMENT_INCOMPLETE
        )
    if not social_worker:
        raise DomainError(
            _("Name the social worker who signs."),
            field="social_worker",
            code=E.AGREEMENT_INCOMPLETE,
        )
    if not 1 <= months <= MAX_MONTHS:
        raise DomainError(
            _("The agreement lasts from 1 to %(most)s months.") % {"most": MAX_MONTHS},
            field="months",
            code=E.AGREEMENT_MONTHS,
        )
    if not Decimal("0") <= monthly_reimbursement <= MAX_REIMBURSEMENT:
        raise DomainError(
            _("The monthly reimbursement goes from 0 to %(most)s euro.")
            % {"most": MAX_REIMBURSEMENT},
            field="monthly_reimbursement",
            code=E.AGREEMENT_REIMBURSEMENT,
        )
    start = pairing.started_on or pairing.introduced_on or timezone.localdate()
    end = _add_months(start, months)
    dates = sorted(set(review_dates))
    if not dates or any(not start <= day <= end for day in dates):
        raise DomainError(
            _("Give at least one review date, between %(start)s and %(end)s.")
            % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
            field="review_dates",
            code=E.AGREEMENT_REVIEW_DATES,
        )
    latest = pairing.agreements.aggregate(v=Max("version"))["v"] or 0
    agreement = Agreement.objects.create(
        pairing=pairing,
        version=latest + 1,
        objectives=objectives,
        months=months,
        review_dates=[day.isoformat() for day in dates],
        monthly_reimbursement=monthly_reimbursement,
        social_worker=social_worker,
        created_by=actor,
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=agreement, details={"version": agreement.version}
    )
    return agreement


def _add_months(day: datetime.date, months: int) -> datetime.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


def agreement_pdf(*, actor: User, agreement: Agreement) -> bytes:
    """The agreement as PDF, for the three parties to sign; each download is logged."""
    require_supervisor(actor)
    pairing = agreement.pairing
    pdf = render_pdf(
        "volunteering/agreement_pdf.html",
        {
            "agreement": agreement,
            "pairing": pairing,
            "elder": pairing.elder.person,
            "volunteer": pairing.volunteer,
            "reviews": [datetime.date.fromisoformat(day) for day in agreement.review_dates],
            "start": pairing.started_on or pairing.introduced_on,
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
            "generated_at": timezone.localtime(),
        },
        stylesheet="volunteering/agreement_pdf.css",
    )
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=agreement,
        details={"document": "agreement", "version": agreement.version},
    )
    return pdf


@transaction.atomic
def review_record(*, actor: User, pairing: Pairing, on: datetime.date, notes: str) -> PairingReview:
    """The supervisor's review of a pairing under way."""
    require_supervisor(actor)
    pairing = lock(Pairing, pairing.pk)
    if pairing.state == PairingState.ENDED:
        raise DomainError(_("The pairing has ended."), code=E.PAIRING_ENDED)
    start = pairing.started_on or pairing.introduced_on
    if on > timezone.localdate() or (start and on < start):
        raise DomainError(
            _("The review's date must be between the start of the pairing and today."),
            field="on",
            code=E.REVIEW_DATE,
        )
    notes = notes.strip()
    if not notes:
        raise DomainError(_("Write how the pairing is going."), field="notes", code=E.REVIEW_EMPTY)
    review = PairingReview.objects.create(pairing=pairing, on=on, notes=notes, reviewed_by=actor)
    access_log_append(actor=actor, action=Action.CREATE, obj=review)
    return review
