"""What a submission freezes and proves: the snapshot of the proposal, its fingerprint and
the receipt PDF.

The fingerprint of a submission
-------------------------------
On submission the proposal's content is written to `Proposal.submitted_content` as a JSON
object (see `proposal_snapshot`; amounts are decimal strings with two places, times are
ISO 8601 in UTC, attachments are listed with their title, size in bytes and SHA-256).
`Proposal.fingerprint` is the SHA-256, in lowercase hex, of that object serialised as

    json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        .encode("utf-8")

so anyone holding the JSON (API, receipt) can recompute it with any language's JSON
library: keys sorted, no spaces, non-ASCII characters kept as UTF-8. Because the JSON
names each attachment's SHA-256, the fingerprint also covers the attachments' bytes.
"""

import hashlib
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.budget import CENT, volunteer_value
from trama.calls.models import (
    Proposal,
)
from trama.calls.selectors.proposal import (
    can_read_receipt,
)
from trama.calls.services.proposal_budget import budget_figures
from trama.core.deadlines import local_moment
from trama.core.pdf import render_pdf

SNAPSHOT_FORMAT = "trama.calls.proposal/1"


def _money(value: Decimal) -> str:
    return str(value.quantize(CENT))


def proposal_snapshot(proposal: Proposal, *, submitted_at) -> dict:
    """Everything the lead submits, as plain JSON data (see the module's docstring)."""
    call = proposal.call
    rate = call.volunteer_hour_rate
    lines = sorted(proposal.budget_lines.all(), key=lambda line: (line.position, line.pk))
    figures = budget_figures(proposal, lines, rate)
    return {
        "format": SNAPSHOT_FORMAT,
        "proposal_id": proposal.pk,
        "submitted_at": submitted_at.astimezone(ZoneInfo("UTC")).isoformat(),
        "call": {
            "id": call.pk,
            "title": call.title,
            "proposals_deadline": call.proposals_deadline.astimezone(ZoneInfo("UTC")).isoformat(),
            "volunteer_hour_rate": _money(rate),
            "min_cofunding_percent": _money(call.min_cofunding_percent),
        },
        "lead": {
            "id": proposal.lead.pk,
            "name": proposal.lead.name,
            "fiscal_code": proposal.lead.fiscal_code,
        },
        "title": proposal.title,
        "summary": proposal.summary,
        "target_groups": sorted(group.code for group in proposal.target_groups.all()),
        "expected_beneficiaries": proposal.expected_beneficiaries,
        "activities": [
            {
                "title": activity.title,
                "description": activity.description,
                "target_group": activity.target_group.code if activity.target_group else None,
                "expected_number": activity.expected_number,
            }
            for activity in sorted(proposal.activities.all(), key=lambda a: (a.position, a.pk))
        ],
        "indicators": [
            {"name": indicator.name, "unit": indicator.unit, "target": _money(indicator.target)}
            for indicator in sorted(proposal.indicators.all(), key=lambda i: i.pk)
        ],
        "budget": {
            "total": _money(proposal.total_budget),
            "consortium_share": _money(figures.consortium),
            "cofunding_cash": _money(figures.cash),
            "cofunding_in_kind": _money(figures.in_kind),
            "cofunding_volunteer_value": _money(figures.volunteer),
            "lines": [
                {
                    "description": line.description,
                    "amount": _money(line.amount),
                    "consortium_share": _money(line.consortium_share),
                    "cofunding_cash": _money(line.cofunding_cash),
                    "cofunding_in_kind": _money(line.cofunding_in_kind),
                    "volunteer_hours": _money(line.volunteer_hours),
                    "volunteer_value": _money(volunteer_value(line.volunteer_hours, rate)),
                }
                for line in lines
            ],
        },
        "partners": [
            {
                "id": partner.organization.pk,
                "name": partner.organization.name,
                "fiscal_code": partner.organization.fiscal_code,
                "role": partner.role,
                "confirmed_at": partner.confirmed_at.astimezone(ZoneInfo("UTC")).isoformat()
                if partner.confirmed_at
                else None,
            }
            for partner in sorted(
                proposal.partners.all(), key=lambda p: (p.organization.name, p.organization.pk)
            )
        ],
        "attachments": [
            {"title": attachment.title, "size": attachment.size, "sha256": attachment.sha256}
            for attachment in sorted(
                proposal.attachments.all(), key=lambda a: (a.uploaded_at, a.pk)
            )
        ],
    }


def canonical_json(content: dict) -> bytes:
    """The one serialisation the fingerprint is computed on (module docstring)."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def content_fingerprint(content: dict) -> str:
    return hashlib.sha256(canonical_json(content)).hexdigest()


def render_receipt(proposal: Proposal) -> bytes:
    """The receipt as PDF (WeasyPrint, local files only), from the submitted content: what
    it shows is what the fingerprint covers."""
    content = proposal.submitted_content or {}
    submitted_at = proposal.submitted_at
    return render_pdf(
        "calls/proposal/receipt_pdf.html",
        {
            "proposal": proposal,
            "content": content,
            "submitted_at_rome": local_moment(submitted_at) if submitted_at else "",
            "fingerprint": proposal.fingerprint,
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
            "budget": {
                key: Decimal(value)
                for key, value in content.get("budget", {}).items()
                if key != "lines"
            },
        },
        stylesheet="calls/proposal/receipt_pdf.css",
    )


def proposal_receipt_pdf(*, actor: User, proposal: Proposal) -> bytes:
    """The submission receipt, rendered from the frozen content; the download is logged."""
    if not can_read_receipt(user=actor, proposal=proposal):
        raise PermissionDenied
    pdf = render_receipt(proposal)
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=proposal,
        details={"what": "receipt", "fingerprint": proposal.fingerprint},
    )
    return pdf
