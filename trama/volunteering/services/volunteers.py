"""The volunteers' writes: one transaction each, each with its access-log entry (a state
move is logged by the kit's `move`)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role
from trama.accounts.services import role_revoke
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.workflow import lock, move
from trama.territory.models import Municipality
from trama.volunteering import selectors
from trama.volunteering.errors import VolunteeringErrors
from trama.volunteering.models import DocumentKind, Volunteer, VolunteerDocument
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.services.common import check_gender, clean_slots, words
from trama.volunteering.services.common import require_supervisor as _require_supervisor
from trama.volunteering.services.visits import volunteer_account
from trama.volunteering.workflows import VOLUNTEER_WORKFLOW

MAX_CAPACITY = 5


@transaction.atomic
def volunteer_apply(
    *,
    first_name: str,
    last_name: str,
    email: str,
    municipality: Municipality | None,
    slots: Iterable[str],
    consent: bool,
    phone: str = "",
    gender: str = "",
    languages: Iterable[str] = (),
    interests: Iterable[str] = (),
    means: Iterable[str] = (),
    smoker: bool = False,
    accepts_pets: bool = True,
    accepts_smokers: bool = True,
    preferred_gender: str = "",
    capacity: int = 1,
    now: datetime.datetime | None = None,
) -> Volunteer:
    """A candidate's application from the public page (nobody logged in)."""
    first_name, last_name = " ".join(first_name.split()), " ".join(last_name.split())
    email = email.strip()
    if not first_name:
        raise DomainError(
            _("Write your first name."), field="first_name", code=VolunteeringErrors.NAME_REQUIRED
        )
    if not last_name:
        raise DomainError(
            _("Write your last name."), field="last_name", code=VolunteeringErrors.NAME_REQUIRED
        )
    try:
        validate_email(email)
    except Exception as exc:
        raise DomainError(
            _("Write a valid e-mail address."), field="email", code=VolunteeringErrors.BAD_EMAIL
        ) from exc
    if municipality is None or not municipality.in_consortium:
        raise DomainError(
            _("Choose one of the consortium's municipalities."),
            field="municipality",
            code=VolunteeringErrors.NOT_IN_CONSORTIUM,
        )
    chosen = clean_slots(slots)
    check_gender(gender, "gender")
    check_gender(preferred_gender, "preferred_gender")
    if not 1 <= capacity <= MAX_CAPACITY:
        raise DomainError(
            _("You can follow from 1 to %(max)d elders.") % {"max": MAX_CAPACITY},
            field="capacity",
            code=VolunteeringErrors.BAD_CAPACITY,
        )
    if not consent:
        raise DomainError(
            _("Accept the privacy notice to apply."),
            field="consent",
            code=VolunteeringErrors.NO_CONSENT,
        )
    volunteer = Volunteer.objects.create(
        first_name=first_name,
        last_name=last_name,
        email=email,
        phone=phone.strip(),
        gender=gender,
        municipality=municipality,
        slots=chosen,
        languages=words(languages),
        interests=words(interests),
        means=words(means),
        smoker=smoker,
        accepts_pets=accepts_pets,
        accepts_smokers=accepts_smokers,
        preferred_gender=preferred_gender,
        capacity=capacity,
        consent_at=now or timezone.now(),
    )
    access_log_append(
        actor=None,
        action=Action.CREATE,
        obj=volunteer,
        purpose="Mi affido a te: candidatura",
        details={"municipality": municipality.pk},
    )
    return volunteer


def _move(
    actor: User,
    volunteer: Volunteer,
    target: str,
    *,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> Volunteer:
    """One step by the supervisor. Nothing changes when it is refused."""
    _require_supervisor(actor)
    with transaction.atomic():
        current = lock(Volunteer, volunteer.pk)
        VOLUNTEER_WORKFLOW.check(current.state, target)
        previous = current.state
        return move(
            VOLUNTEER_WORKFLOW,
            current,
            target,
            actor=actor,
            changes={"state_note": " ".join(note.split()), **(changes or {})},
            details={"from": previous, "to": target},
        )


def volunteer_schedule_interview(
    *, actor: User, volunteer: Volunteer, at: datetime.datetime | None, now=None
) -> Volunteer:
    if at is None or at < (now or timezone.now()):
        raise DomainError(
            _("Choose a date and time in the future."), field="at", code=VolunteeringErrors.BAD_DATE
        )
    return _move(actor, volunteer, V.INTERVIEW_SCHEDULED, changes={"interview_at": at})


def volunteer_record_interview(*, actor: User, volunteer: Volunteer, notes: str) -> Volunteer:
    notes = notes.strip()
    if not notes:
        raise DomainError(
            _("Write the interview's outcome and notes."),
            field="notes",
            code=VolunteeringErrors.OUTCOME_REQUIRED,
        )
    return _move(actor, volunteer, V.INTERVIEWED, changes={"interview_notes": notes})


def volunteer_approve(*, actor: User, volunteer: Volunteer, note: str = "") -> Volunteer:
    """Approved: the volunteer gets their access to Trama (their pairings and visits)."""
    with transaction.atomic():
        approved = _move(actor, volunteer, V.APPROVED, note=note)
        volunteer_account(approved)
    return approved


def volunteer_reject(*, actor: User, volunteer: Volunteer, note: str) -> Volunteer:
    if not note.strip():
        raise DomainError(
            _("Write why the candidate is not approved."),
            field="note",
            code=VolunteeringErrors.REASON_REQUIRED,
        )
    return _move(actor, volunteer, V.NOT_APPROVED, note=note)


def volunteer_mark_trained(
    *,
    actor: User,
    volunteer: Volunteer,
    note: str = "",
    trained_on: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Volunteer:
    """The training is completed on `trained_on` (today when not given); it counts for
    matching for TRAMA_VOLUNTEER_TRAINING_VALID_DAYS from that day."""
    today = today or timezone.localdate()
    trained_on = trained_on or today
    if trained_on > today:
        raise DomainError(
            _("The training cannot end in the future."),
            field="trained_on",
            code=VolunteeringErrors.BAD_DATE,
        )
    return _move(actor, volunteer, V.TRAINED, note=note, changes={"trained_on": trained_on})


def volunteer_make_available(
    *, actor: User, volunteer: Volunteer, today: datetime.date | None = None
) -> Volunteer:
    # An expired document keeps them out of matching until it is renewed.
    if selectors.expired_documents(volunteer, today or timezone.localdate()):
        raise DomainError(
            _("A document has expired: record the renewed one first."),
            field="documents",
            code=VolunteeringErrors.DOCUMENT_EXPIRED,
        )
    return _move(actor, volunteer, V.AVAILABLE)


def volunteer_mark_paired(*, actor: User, volunteer: Volunteer) -> Volunteer:
    return _move(actor, volunteer, V.PAIRED)


def volunteer_pause(*, actor: User, volunteer: Volunteer, note: str) -> Volunteer:
    if not note.strip():
        raise DomainError(
            _("Write why the volunteer pauses."),
            field="note",
            code=VolunteeringErrors.REASON_REQUIRED,
        )
    return _move(actor, volunteer, V.PAUSED, note=note)


def volunteer_withdraw(*, actor: User, volunteer: Volunteer, note: str) -> Volunteer:
    if not note.strip():
        raise DomainError(
            _("Write why the volunteer withdraws."),
            field="note",
            code=VolunteeringErrors.REASON_REQUIRED,
        )
    with transaction.atomic():
        withdrawn = _move(actor, volunteer, V.WITHDRAWN, note=note)
        # Their access ends with them: the volunteer's role is revoked (the user stays).
        if withdrawn.user_id:
            for grant in RoleGrant.objects.filter(
                user_id=withdrawn.user_id, role=Role.VOLUNTEER, revoked_at__isnull=True
            ):
                role_revoke(actor=actor, grant=grant)
    return withdrawn


@transaction.atomic
def document_add(
    *,
    actor: User,
    volunteer: Volunteer,
    kind: str,
    issued_on: datetime.date | None,
    expires_on: datetime.date | None = None,
) -> VolunteerDocument:
    _require_supervisor(actor)
    if kind not in DocumentKind.values:
        raise DomainError(
            _("Choose the kind of document."), field="kind", code=VolunteeringErrors.BAD_CHOICE
        )
    if issued_on is None:
        raise DomainError(
            _("Write the date of issue."), field="issued_on", code=VolunteeringErrors.BAD_DATE
        )
    if expires_on is not None and expires_on <= issued_on:
        raise DomainError(
            _("The expiry date must follow the date of issue."),
            field="expires_on",
            code=VolunteeringErrors.BAD_DATE,
        )
    document = VolunteerDocument.objects.create(
        volunteer=volunteer, kind=kind, issued_on=issued_on, expires_on=expires_on
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=document,
        object_repr=f"{document.get_kind_display()} ({volunteer})",
        details={"volunteer": volunteer.pk, "expires_on": str(expires_on or "")},
    )
    return document
