"""What the proposal services share: who leads a proposal, the locked draft, the version
bump, the access-log entry and the e-mail to the lead's members."""

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.services import access_log_append
from trama.calls.errors import CallErrors
from trama.calls.models import (
    Proposal,
)
from trama.calls.selectors.proposal import (
    member_organization_ids,
)
from trama.calls.workflows import EDITABLE
from trama.core.errors import DomainError, StaleObjectError
from trama.core.notifications import notify
from trama.organizations.selectors import members_of


def is_lead_member(actor: User, organization_id: int) -> bool:
    return organization_id in member_organization_ids(actor)


def not_editable_message(proposal: Proposal) -> str:
    return _(
        "This proposal is “%(state)s”: it can no longer be changed. Only drafts can be edited."
    ) % {"state": proposal.get_state_display()}


def lock_draft(*, actor: User, proposal: Proposal, version: int | None = None) -> Proposal:
    """The proposal row, locked, after checking the actor leads it, it is still a draft and,
    when given, that nobody saved it after `version`."""
    current = (
        Proposal.objects.select_for_update().select_related("call", "lead").get(pk=proposal.pk)
    )
    if not is_lead_member(actor, current.lead_id):
        raise PermissionDenied
    if current.state not in EDITABLE:
        raise DomainError(not_editable_message(current), code=CallErrors.FROZEN)
    if version is not None and current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this proposal while you were editing it. Reload the page "
                "and apply your changes again."
            )
        )
    return current


def bump_version(proposal: Proposal) -> None:
    Proposal.objects.filter(pk=proposal.pk).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    proposal.refresh_from_db(fields=["version", "updated_at"])


def log_proposal(actor: User, proposal: Proposal, action: str, what: str, **details) -> None:
    access_log_append(actor=actor, action=action, obj=proposal, details={"what": what, **details})


def tell_lead(proposal: Proposal, subject, body, note: str = "") -> None:
    title = proposal.title
    notify(
        members_of([proposal.lead]),
        subject=lambda: subject(title),
        body=lambda: body(title, note),
        url_name="calls:proposal_detail",
        url_args=[proposal.pk],
    )
