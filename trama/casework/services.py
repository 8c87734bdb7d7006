"""Writes to casework: one transaction each, audited. The access log names people and
referrals by number only."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.casework import selectors, workflows
from trama.casework.errors import CaseworkErrors
from trama.casework.models import (
    ActionStatus,
    Appointment,
    AppointmentStatus,
    Channel,
    ListeningSession,
    Need,
    PlanAction,
    PlanReview,
    Referral,
    ReferralEvent,
    ReferralState,
    Screening,
    SupportPlan,
)
from trama.core.errors import DomainError
from trama.core.notifications import notify
from trama.core.workflow import lock, move
from trama.organizations.models import Organization
from trama.organizations.selectors import members_of
from trama.people import selectors as people_selectors
from trama.people.capabilities import WRITE_PEOPLE
from trama.people.models import Person
from trama.people.services import person_open
from trama.projects.models import Project
from trama.screening import INSTRUMENTS, ScoringError
from trama.screening import score as screening_score
from trama.territory.models import Hub

MIN_FEEDBACK = 3
MAX_DURATION_MINUTES = 24 * 60


def _require_writer_for(actor: User, person: Person) -> None:
    WRITE_PEOPLE.require(actor)
    if not people_selectors.person_in_scope(user=actor, pk=person.pk):
        raise PermissionDenied
    # New free text would identify again someone whose data were erased.
    if person.anonymized_at is not None:
        raise DomainError(
            _("This person has been anonymised: nothing new can be recorded."),
            code=CaseworkErrors.ANONYMISED,
        )


def _of_person(record: object, person_id: int) -> str:
    """How the log names a record about a person: never by name, always with the person's
    number, so that the person's export lists who changed it (`person_access_entries`)."""
    return f"{record} of person #{person_id}"


def _check_hub(actor: User, hub: Hub | None, field: str) -> None:
    if hub is None:
        raise DomainError(_("Choose the hub."), field=field, code=CaseworkErrors.HUB_REQUIRED)
    hubs = people_selectors.hub_scope(actor)
    if hubs is not None and hub.pk not in hubs:
        raise DomainError(
            _("You can only choose one of the hubs where you work."),
            field=field,
            code=CaseworkErrors.HUB_OUT_OF_SCOPE,
        )


# Listening sessions ---------------------------------------------------------------------


@transaction.atomic
def session_record(
    *,
    actor: User,
    person: Person,
    hub: Hub,
    held_on: datetime.date,
    duration_minutes: int,
    channel: str,
    needs: list[Need] | None = None,
    notes: str = "",
    suggested_projects: list[Project] | None = None,
    suggested_services: str = "",
) -> ListeningSession:
    """Record a listening session with the needs that emerged and what was suggested."""
    _require_writer_for(actor, person)
    _check_hub(actor, hub, "hub")
    errors: dict[str, list[str]] = {}
    if held_on is None or held_on > timezone.localdate():
        errors["held_on"] = [_("The date cannot be in the future.")]
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > MAX_DURATION_MINUTES:
        errors["duration_minutes"] = [_("Give a duration between 1 minute and 24 hours.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the session took place.")]
    if errors:
        raise ValidationError(errors)
    session = ListeningSession.objects.create(
        person=person,
        hub=hub,
        operator=actor,
        held_on=held_on,
        duration_minutes=duration_minutes,
        channel=channel,
        notes=notes.strip(),
        suggested_services=suggested_services.strip(),
    )
    session.needs.set(needs or [])
    session.suggested_projects.set(suggested_projects or [])
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=session,
        object_repr=f"{session} of {person.log_label}",
        details={"needs": sorted(n.code for n in needs or [])},
    )
    return session


# Referrals ---------------------------------------------------------------------------------


def _notify_receivers(referral: Referral) -> None:
    """Tell the members of the receiving organisation, after commit: no personal data
    beyond the summary written for them, and the link."""
    if referral.to_organization is None:
        return
    organization = referral.to_organization.name
    summary = referral.shared_summary
    notify(
        members_of([referral.to_organization]),
        subject=lambda: _("New referral for %(organization)s") % {"organization": organization},
        body=lambda: (
            _(
                "A new referral has been addressed to %(organization)s.\n\n"
                "%(summary)s\n\nOpen it in Trama to accept or decline it:"
            )
            % {"organization": organization, "summary": summary}
        ),
        url_name="casework:referral_detail",
        url_args=[referral.pk],
    )


@transaction.atomic
def referral_send(
    *,
    actor: User,
    person: Person,
    from_hub: Hub,
    shared_summary: str,
    reason: str = "",
    to_organization: Organization | None = None,
    to_project: Project | None = None,
    now: datetime.datetime | None = None,
) -> Referral:
    """Refer a person to an organisation and/or a project; its members are told by e-mail."""
    _require_writer_for(actor, person)
    _check_hub(actor, from_hub, "from_hub")
    shared_summary = (shared_summary or "").strip()
    errors: dict[str, list[str]] = {}
    if to_organization is None and to_project is None:
        errors["to_organization"] = [_("Choose the organisation or the project to refer to.")]
    if len(shared_summary) < MIN_FEEDBACK:
        errors["shared_summary"] = [
            _("Write the summary the receiving side will read (no sensitive details).")
        ]
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    referral = Referral.objects.create(
        person=person,
        from_user=actor,
        from_hub=from_hub,
        to_organization=to_organization,
        to_project=to_project,
        reason=(reason or "").strip(),
        shared_summary=shared_summary,
        state=ReferralState.SENT,
        sent_at=now,
    )
    ReferralEvent.objects.create(
        referral=referral, from_state="", to_state=ReferralState.SENT, by=actor, at=now
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=referral,
        object_repr=f"{referral} of {person.log_label}",
        details={
            "to_organization": to_organization.pk if to_organization else None,
            "to_project": to_project.pk if to_project else None,
        },
    )
    _notify_receivers(referral)
    return referral


def _referral_move(
    target: str,
    actor: User,
    referral: Referral,
    feedback: str,
    now: datetime.datetime | None = None,
) -> Referral:
    """One step taken by the receiving side. Nothing changes when it is refused."""
    feedback = " ".join((feedback or "").split())
    with transaction.atomic():
        current = lock(Referral, referral.pk)
        if not selectors.is_receiver(user=actor, referral=current):
            raise PermissionDenied
        workflows.REFERRAL_WORKFLOW.check(current.state, target)
        if len(feedback) < MIN_FEEDBACK:
            raise DomainError(
                _(
                    "Write a short feedback (at least %(count)d characters) for the referring operator."
                )
                % {"count": MIN_FEEDBACK},
                field="feedback",
                code=CaseworkErrors.FEEDBACK_TOO_SHORT,
            )
        now = now or timezone.now()
        previous = current.state
        changes = {}
        if previous in workflows.AWAITING_ANSWER:
            changes["answered_at"] = now
        if target in workflows.FINAL:
            changes["closed_at"] = now
        current = move(
            workflows.REFERRAL_WORKFLOW,
            current,
            target,
            actor=actor,
            changes=changes,
            details={"from": previous, "to": target},
            object_repr=_of_person(current, current.person_id),
        )
        ReferralEvent.objects.create(
            referral=current,
            from_state=previous,
            to_state=target,
            by=actor,
            feedback=feedback,
            at=now,
        )
        return current


def referral_accept(*, actor: User, referral: Referral, feedback: str, now=None) -> Referral:
    return _referral_move(ReferralState.ACCEPTED, actor, referral, feedback, now)


def referral_decline(*, actor: User, referral: Referral, feedback: str, now=None) -> Referral:
    return _referral_move(ReferralState.DECLINED, actor, referral, feedback, now)


def referral_start(*, actor: User, referral: Referral, feedback: str, now=None) -> Referral:
    return _referral_move(ReferralState.IN_PROGRESS, actor, referral, feedback, now)


def referral_complete(*, actor: User, referral: Referral, feedback: str, now=None) -> Referral:
    return _referral_move(ReferralState.COMPLETED, actor, referral, feedback, now)


def referral_drop(*, actor: User, referral: Referral, feedback: str, now=None) -> Referral:
    return _referral_move(ReferralState.DROPPED, actor, referral, feedback, now)


# One service per transition; pages and the API pick it by the target state.
TRANSITION_SERVICES = {
    ReferralState.ACCEPTED: referral_accept,
    ReferralState.DECLINED: referral_decline,
    ReferralState.IN_PROGRESS: referral_start,
    ReferralState.COMPLETED: referral_complete,
    ReferralState.DROPPED: referral_drop,
}


def referral_transition(
    *, actor: User, referral: Referral, to_state: str, feedback: str
) -> Referral:
    service = TRANSITION_SERVICES.get(to_state)
    if service is None:
        workflows.REFERRAL_WORKFLOW.check(referral.state, to_state)
        raise DomainError(
            _("Unknown state."), code=CaseworkErrors.UNKNOWN_STATE
        )  # pragma: no cover
    return service(actor=actor, referral=referral, feedback=feedback)


# Support plans ------------------------------------------------------------------------------


def _require_plan_writer(actor: User, plan: SupportPlan) -> None:
    WRITE_PEOPLE.require(actor)
    if not people_selectors.person_in_scope(user=actor, pk=plan.person_id):
        raise PermissionDenied


@transaction.atomic
def plan_create(
    *, actor: User, person: Person, hub: Hub, goals: str, next_review_on: datetime.date
) -> SupportPlan:
    _require_writer_for(actor, person)
    _check_hub(actor, hub, "hub")
    goals = (goals or "").strip()
    errors: dict[str, list[str]] = {}
    if len(goals) < MIN_FEEDBACK:
        errors["goals"] = [_("Write the goals of the plan.")]
    if next_review_on is None or next_review_on < timezone.localdate():
        errors["next_review_on"] = [_("The next review cannot be in the past.")]
    if errors:
        raise ValidationError(errors)
    plan = SupportPlan.objects.create(
        person=person, hub=hub, created_by=actor, goals=goals, next_review_on=next_review_on
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=plan, object_repr=f"{plan} of {person.log_label}"
    )
    return plan


@transaction.atomic
def plan_action_add(
    *,
    actor: User,
    plan: SupportPlan,
    description: str,
    due_on: datetime.date,
    owner: User | None = None,
    owner_text: str = "",
) -> PlanAction:
    _require_plan_writer(actor, plan)
    description = " ".join((description or "").split())
    owner_text = " ".join((owner_text or "").split())
    errors: dict[str, list[str]] = {}
    if not description:
        errors["description"] = [_("Describe the action.")]
    if owner is None and not owner_text:
        errors["owner_text"] = [_("Say who is in charge of the action.")]
    if due_on is None:
        errors["due_on"] = [_("Give the due date.")]
    if errors:
        raise ValidationError(errors)
    action = PlanAction.objects.create(
        plan=plan, description=description, owner=owner, owner_text=owner_text, due_on=due_on
    )
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=plan,
        object_repr=_of_person(plan, plan.person_id),
        details={"action_added": action.pk},
    )
    return action


@transaction.atomic
def plan_action_set_status(*, actor: User, action: PlanAction, status: str) -> PlanAction:
    """Mark an action done or cancelled; any other move is refused and changes nothing."""
    current = (
        PlanAction.objects.select_for_update(of=("self",)).select_related("plan").get(pk=action.pk)
    )
    _require_plan_writer(actor, current.plan)
    workflows.ACTION_WORKFLOW.check(current.status, status)
    current.status = status
    current.done_at = timezone.now() if status == ActionStatus.DONE else None
    current.save(update_fields=["status", "done_at"])
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current.plan,
        object_repr=_of_person(current.plan, current.plan.person_id),
        details={"action": current.pk, "status": status},
    )
    return current


@transaction.atomic
def plan_review_record(
    *,
    actor: User,
    plan: SupportPlan,
    reviewed_on: datetime.date,
    notes: str,
    next_review_on: datetime.date,
) -> PlanReview:
    """A periodic review: what happened, and when the plan is reviewed next."""
    _require_plan_writer(actor, plan)
    notes = (notes or "").strip()
    errors: dict[str, list[str]] = {}
    if len(notes) < MIN_FEEDBACK:
        errors["notes"] = [_("Write what the review found.")]
    if reviewed_on is None or reviewed_on > timezone.localdate():
        errors["reviewed_on"] = [_("The date cannot be in the future.")]
    elif next_review_on is None or next_review_on <= reviewed_on:
        errors["next_review_on"] = [_("The next review must come after this one.")]
    if errors:
        raise ValidationError(errors)
    review = PlanReview.objects.create(plan=plan, reviewed_on=reviewed_on, by=actor, notes=notes)
    SupportPlan.objects.filter(pk=plan.pk).update(
        next_review_on=next_review_on, version=F("version") + 1
    )
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=plan,
        object_repr=_of_person(plan, plan.person_id),
        details={"review": review.pk},
    )
    return review


@transaction.atomic
def timeline_open(
    *, actor: User, person_id: int, purpose: str, note: str = ""
) -> list[selectors.TimelineEntry]:
    """The person's timeline, opened like their record (`people.services.person_open`:
    purpose, scope and one log entry). DoesNotExist when outside the actor's scope."""
    person = person_open(
        actor=actor, person_id=person_id, purpose=purpose, note=note, view="timeline"
    )
    return selectors.person_timeline(person=person, user=actor)


# Appointments ---------------------------------------------------------------------------------

MAX_APPOINTMENT_MINUTES = 8 * 60


@transaction.atomic
def appointment_create(
    *,
    actor: User,
    person: Person,
    hub: Hub,
    starts_at: datetime.datetime,
    duration_minutes: int,
    channel: str,
    purpose: str,
    operator: User | None = None,
    now: datetime.datetime | None = None,
) -> Appointment:
    """Plan an appointment with a person at one of the actor's hubs (the actor meets them
    unless another operator is named)."""
    _require_writer_for(actor, person)
    _check_hub(actor, hub, "hub")
    purpose = " ".join((purpose or "").split())
    now = now or timezone.now()
    errors: dict[str, list[str]] = {}
    if starts_at is None or starts_at < now - datetime.timedelta(days=1):
        errors["starts_at"] = [_("An appointment cannot start in the past.")]
    if not duration_minutes or duration_minutes <= 0 or duration_minutes > MAX_APPOINTMENT_MINUTES:
        errors["duration_minutes"] = [_("Give a duration between 1 minute and 8 hours.")]
    if channel not in Channel.values:
        errors["channel"] = [_("Choose how the appointment takes place.")]
    if len(purpose) < MIN_FEEDBACK:
        errors["purpose"] = [_("Say what the appointment is for.")]
    if errors:
        raise ValidationError(errors)
    appointment = Appointment.objects.create(
        person=person,
        hub=hub,
        operator=operator or actor,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        channel=channel,
        purpose=purpose,
        created_by=actor,
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=appointment,
        object_repr=f"{appointment} of {person.log_label}",
    )
    return appointment


def _appointment_close(
    actor: User,
    appointment: Appointment,
    status: str,
    session: ListeningSession | None = None,
) -> Appointment:
    """Move a planned appointment to held, missed or cancelled; nothing else is allowed."""
    with transaction.atomic():
        current = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if not WRITE_PEOPLE.allows(actor) or not people_selectors.person_in_scope(
            user=actor, pk=current.person_id
        ):
            raise PermissionDenied
        if current.status != AppointmentStatus.PLANNED:
            raise DomainError(
                _("This appointment is already %(status)s.")
                % {"status": current.get_status_display()},
                code=CaseworkErrors.NOT_PLANNED,
            )
        if session is not None and session.person_id != current.person_id:
            raise DomainError(
                _("The listening session is about another person."),
                field="session",
                code=CaseworkErrors.SESSION_OF_ANOTHER_PERSON,
            )
        current.status = status
        current.session = session
        current.save(update_fields=["status", "session"])
        access_log_append(
            actor=actor,
            action=Action.UPDATE,
            obj=current,
            object_repr=_of_person(current, current.person_id),
            details={"status": status, "session": session.pk if session else None},
        )
        return current


def appointment_mark_held(
    *, actor: User, appointment: Appointment, session: ListeningSession | None = None
) -> Appointment:
    """The appointment took place; optionally link the listening session recorded then."""
    return _appointment_close(actor, appointment, AppointmentStatus.HELD, session)


def appointment_mark_missed(*, actor: User, appointment: Appointment) -> Appointment:
    return _appointment_close(actor, appointment, AppointmentStatus.MISSED)


def appointment_cancel(*, actor: User, appointment: Appointment) -> Appointment:
    return _appointment_close(actor, appointment, AppointmentStatus.CANCELLED)


APPOINTMENT_SERVICES = {
    AppointmentStatus.HELD: appointment_mark_held,
    AppointmentStatus.MISSED: appointment_mark_missed,
    AppointmentStatus.CANCELLED: appointment_cancel,
}


# Overdue alerts -------------------------------------------------------------------------------


def _send_overdue_alert(referral: Referral) -> None:
    """The referring operator and the receiving organisation's members, after commit. No
    personal data in the e-mail: the referral's number, the organisation, a link."""
    recipients = [referral.from_user]
    if referral.to_organization is not None:
        recipients += members_of([referral.to_organization])
    number, target, days = (
        referral.pk,
        str(referral.to_organization or referral.to_project),
        selectors.answer_days(),
    )
    notify(
        recipients,
        subject=lambda: _("Referral #%(number)s is waiting for an answer") % {"number": number},
        body=lambda: (
            _(
                "Referral #%(number)s to %(target)s was sent %(days)d days ago and has not "
                "been answered yet.\n\nOpen it in Trama:"
            )
            % {"number": number, "target": target, "days": days}
        ),
        url_name="casework:referral_detail",
        url_args=[referral.pk],
    )


def overdue_alerts_send(*, now: datetime.datetime | None = None) -> int:
    """E-mail the referring operator and the receiving organisation's members about each
    referral that became overdue, once per referral. Returns how many were reported."""
    now = now or timezone.now()
    due = Referral.objects.filter(
        state=ReferralState.SENT,
        sent_at__lt=selectors.overdue_threshold(now),
        overdue_notified_at__isnull=True,
    ).select_related("from_user", "to_organization", "to_project")
    reported = 0
    for referral in due.order_by("sent_at", "id").iterator():
        with transaction.atomic():
            # Claimed first: a second scheduler run (or worker) skips what this one reports.
            claimed = Referral.objects.filter(
                pk=referral.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=now)
            if not claimed:
                continue
            _send_overdue_alert(referral)
            access_log_append(
                actor=None,
                action=Action.UPDATE,
                obj=referral,
                object_repr=_of_person(referral, referral.person_id),
                details={"overdue_alert": True},
            )
        reported += 1
    return reported


# Screenings -----------------------------------------------------------------------------------


def _screening_errors(error: ScoringError) -> dict[str, list[str]]:
    """The scoring package's refusal as form messages, one per item (fields are named by the
    item codes)."""
    errors: dict[str, list[str]] = {}
    for code in error.missing:
        errors[code] = [_("Answer this question.")]
    for code in error.invalid:
        errors[code] = [_("Choose one of the answers offered.")]
    if error.unknown:
        errors["answers"] = [
            _("These are not questions of this instrument: %(items)s.")
            % {"items": ", ".join(error.unknown)}
        ]
    return errors


@transaction.atomic
def screening_record(
    *,
    actor: User,
    person: Person,
    instrument: str,
    answers: dict[str, str],
    taken_on: datetime.date,
    hub: Hub,
) -> Screening:
    """Record a screening questionnaire; the total, the domain subtotals and the flag are
    computed here by `trama.screening` from the answers, whatever the client believes."""
    _require_writer_for(actor, person)
    _check_hub(actor, hub, "hub")
    definition = INSTRUMENTS.get(instrument)
    if definition is None:
        raise DomainError(
            _("Choose one of the screening instruments."),
            field="instrument",
            code=CaseworkErrors.UNKNOWN_INSTRUMENT,
        )
    errors: dict[str, list[str]] = {}
    if taken_on is None or taken_on > timezone.localdate():
        errors["taken_on"] = [_("The date cannot be in the future.")]
    if not isinstance(answers, dict):
        errors["answers"] = [_("The answers are missing.")]
        answers = {}
    try:
        result = screening_score(definition, answers)
    except ScoringError as error:
        errors.update(_screening_errors(error))
    if errors:
        raise ValidationError(errors)
    screening = Screening.objects.create(
        person=person,
        hub=hub,
        operator=actor,
        instrument=definition.code,
        taken_on=taken_on,
        answers={item.code: answers[item.code] for item in definition.items},
        total=result.total,
        flagged=result.flagged,
        domain_totals=result.domain_totals,
    )
    # The log names the instrument, not the score: the score is health data.
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=screening,
        object_repr=f"{screening} of {person.log_label}",
        details={"instrument": definition.code},
    )
    return screening


@transaction.atomic
def screening_list_open(
    *, actor: User, person_id: int, purpose: str, note: str = ""
) -> list[Screening]:
    """A person's screenings, opened like their record (`people.services.person_open`:
    purpose, scope and one log entry). DoesNotExist when outside the actor's scope."""
    person = person_open(
        actor=actor, person_id=person_id, purpose=purpose, note=note, view="screenings"
    )
    return selectors.opened_person_screenings(person=person)
