"""Pairings (affidi): the supervisor chooses a proposed pair, records the introductory
meeting, starts the pairing, pauses or resumes it and ends it with the reason. One service
per step, each on the kit's workflow (locked row, checked move, one access-log entry); the
volunteer's own state follows (paired when their places are full, available again when a
place frees up)."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.workflow import lock, move
from trama.volunteering import selectors
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import (
    OPEN_PAIRING_STATES,
    MatchingProposal,
    Pairing,
    PairingState,
    Volunteer,
)
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.services.common import require_supervisor
from trama.volunteering.workflows import PAIRING_WORKFLOW, VOLUNTEER_WORKFLOW

P = PairingState


@transaction.atomic
def pairing_choose(*, actor: User, proposal: MatchingProposal) -> Pairing:
    """Start the pairing a matching run proposed: the elder must still be free and the
    volunteer available with a place left."""
    require_supervisor(actor)
    volunteer = lock(Volunteer, proposal.volunteer_id)
    if Pairing.objects.filter(elder_id=proposal.elder_id, state__in=OPEN_PAIRING_STATES).exists():
        raise DomainError(
            _("This elder already has a pairing under way."), code=E.ELDER_ALREADY_PAIRED
        )
    if volunteer.state not in (V.AVAILABLE, V.PAIRED):
        raise DomainError(
            _("%(volunteer)s is not available now (“%(state)s”).")
            % {"volunteer": volunteer, "state": volunteer.get_state_display()},
            code=E.VOLUNTEER_NOT_AVAILABLE,
        )
    if selectors.open_pairings_of(volunteer) >= volunteer.capacity:
        raise DomainError(
            _("%(volunteer)s already follows as many elders as they can.")
            % {"volunteer": volunteer},
            code=E.VOLUNTEER_FULL,
        )
    try:
        with transaction.atomic():
            pairing = Pairing.objects.create(
                volunteer=volunteer,
                elder_id=proposal.elder_id,
                proposal=proposal,
                created_by=actor,
            )
    except IntegrityError:  # chosen at the same moment by someone else
        raise DomainError(
            _("This elder already has a pairing under way."), code=E.ELDER_ALREADY_PAIRED
        ) from None
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=pairing,
        purpose="Mi affido a te: affido",
        details={"proposal": proposal.pk, "run": proposal.run_id},
    )
    return pairing


def _day(value: datetime.date | None, field: str) -> datetime.date:
    if value is None:
        raise DomainError(_("Enter the date."), field=field, code=E.BAD_DATE)
    if value > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."), field=field, code=E.BAD_DATE)
    return value


def _note(value: str, message: str) -> str:
    note = (value or "").strip()
    if not note:
        raise DomainError(message, field="note", code=E.REASON_REQUIRED)
    return note


def _step(actor: User, pairing: Pairing, target: str, **changes) -> Pairing:
    require_supervisor(actor)
    current = lock(Pairing, pairing.pk)
    moved = move(PAIRING_WORKFLOW, current, target, actor=actor, changes=changes)
    _follow_volunteer(actor, moved.volunteer_id)
    return moved


def _follow_volunteer(actor: User, volunteer_id: int) -> None:
    """Paired once every place is taken by an active pairing; available again otherwise."""
    volunteer = lock(Volunteer, volunteer_id)
    active = volunteer.pairings.filter(state=P.ACTIVE).count()
    full = active >= volunteer.capacity
    if full and volunteer.state == V.AVAILABLE:
        move(VOLUNTEER_WORKFLOW, volunteer, V.PAIRED, actor=actor)
    elif not full and volunteer.state == V.PAIRED:
        move(VOLUNTEER_WORKFLOW, volunteer, V.AVAILABLE, actor=actor)


@transaction.atomic
def pairing_introduce(*, actor: User, pairing: Pairing, on: datetime.date | None) -> Pairing:
    return _step(actor, pairing, P.INTRODUCED, introduced_on=_day(on, "on"))


@transaction.atomic
def pairing_activate(*, actor: User, pairing: Pairing, on: datetime.date | None) -> Pairing:
    started = _day(on, "on")
    if pairing.introduced_on and started < pairing.introduced_on:
        raise DomainError(
            _("The pairing cannot start before the introductory meeting."),
            field="on",
            code=E.BAD_DATE,
        )
    if not pairing.agreements.exists():
        raise DomainError(
            _("An active pairing rests on its three-party agreement: write it first."),
            field="on",
            code=E.NO_AGREEMENT,
        )
    changes = {} if pairing.started_on else {"started_on": started}
    return _step(actor, pairing, P.ACTIVE, **changes)


@transaction.atomic
def pairing_pause(*, actor: User, pairing: Pairing, note: str) -> Pairing:
    return _step(actor, pairing, P.PAUSED, state_note=_note(note, _("Write why it pauses.")))


@transaction.atomic
def pairing_end(
    *, actor: User, pairing: Pairing, note: str, on: datetime.date | None = None
) -> Pairing:
    reason = _note(note, _("Write why the pairing ends."))
    return _step(
        actor, pairing, P.ENDED, state_note=reason, ended_on=_day(on or timezone.localdate(), "on")
    )
