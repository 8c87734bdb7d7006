"""The volunteer's side of a pairing: their access to Trama (made when the supervisor
approves them) and the visits they log; a worrying visit alerts the supervisors at once, a
pairing without a visit for TRAMA_VISIT_ALERT_DAYS days reaches them in the daily alert."""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.selectors import role_holders
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.core.notifications import notify
from trama.volunteering import selectors
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import Pairing, PairingState, Visit, Volunteer

MIN_MINUTES, MAX_MINUTES = 5, 720


def _free_username(volunteer: Volunteer) -> str:
    base = slugify(volunteer.email.split("@")[0]).replace("-", ".")[:140] or "volontario"
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def volunteer_account(volunteer: Volunteer) -> User:
    """The volunteer's user with the volunteer's role (made once; kept afterwards). No
    password: the e-mail sends them to set one."""
    if volunteer.user_id:
        return volunteer.user
    user = User(
        username=_free_username(volunteer),
        email=volunteer.email,
        first_name=volunteer.first_name,
        last_name=volunteer.last_name,
    )
    user.set_unusable_password()
    user.save()
    RoleGrant.objects.create(user=user, role=Role.VOLUNTEER, scope_kind=ScopeKind.CONSORTIUM)
    Volunteer.objects.filter(pk=volunteer.pk).update(user=user)
    volunteer.user = user
    access_log_append(actor=None, action=Action.GRANT, obj=user, details={"role": Role.VOLUNTEER})
    notify(
        [user],
        subject=lambda: _("Mi affido a te: your access to Trama"),
        body=lambda: (
            _(
                "Welcome among the volunteers of Mi affido a te. In Trama you will see the elders "
                "you keep company and log your visits. Your username is %(username)s: choose your "
                "password from this page, with your e-mail address:"
            )
            % {"username": user.username}
        ),
        url_name="accounts:password_reset",
    )
    return user


def _supervisors() -> list[User]:
    return list(role_holders((Role.SUPERVISOR,)))


@transaction.atomic
def visit_log(
    *,
    actor: User,
    pairing: Pairing,
    on: datetime.date,
    minutes: int,
    activities: str,
    concern: str = "",
    key: uuid.UUID | None = None,
) -> tuple[Visit, bool]:
    """The volunteer logs a visit of their active pairing. The same `key` sent again (a
    double tap, a phone sending again when the connection is back) returns the visit already
    recorded: (visit, created)."""
    pairing = selectors.my_pairings(actor).get(pk=pairing.pk)
    key = key or uuid.uuid4()
    existing = Visit.objects.filter(key=key, pairing=pairing).first()
    if existing is not None:
        return existing, False
    if pairing.state != PairingState.ACTIVE:
        raise DomainError(
            _("Visits are logged while the pairing is active (now “%(state)s”).")
            % {"state": pairing.get_state_display()},
            code=E.NOT_VISITING,
        )
    today = timezone.localdate()
    if on > today or (pairing.started_on and on < pairing.started_on):
        raise DomainError(
            _("The date must be between the start of the pairing (%(start)s) and today.")
            % {"start": pairing.started_on.strftime("%d/%m/%Y") if pairing.started_on else "—"},
            field="on",
            code=E.VISIT_DATE,
        )
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise DomainError(
            _("A visit lasts from %(low)s minutes to %(high)s hours.")
            % {"low": MIN_MINUTES, "high": MAX_MINUTES // 60},
            field="minutes",
            code=E.VISIT_MINUTES,
        )
    activities, concern = activities.strip(), concern.strip()
    if not activities:
        raise DomainError(
            _("Write in a few words what you did together."),
            field="activities",
            code=E.VISIT_EMPTY,
        )
    try:
        with transaction.atomic():
            visit = Visit.objects.create(
                pairing=pairing,
                on=on,
                minutes=minutes,
                activities=activities,
                concern=concern,
                key=key,
                logged_by=actor,
            )
    except IntegrityError:  # the same key, sent twice at the same moment
        return Visit.objects.get(key=key), False
    access_log_append(
        actor=actor, action=Action.CREATE, obj=visit, details={"concern": bool(concern)}
    )
    if concern:
        number = pairing.pk
        notify(
            _supervisors(),
            subject=lambda: (
                _("Mi affido a te: a volunteer is worried (pairing #%(number)s)")
                % {"number": number}
            ),
            body=lambda: (
                _(
                    "A volunteer wrote something worrying about their visit of %(day)s. Read it in "
                    "Trama:"
                )
                % {"day": on.strftime("%d/%m/%Y")}
            ),
            url_name="volunteering:pairing_detail",
            url_args=[pairing.pk],
        )
    return visit, True


def visit_alert_days() -> int:
    return settings.TRAMA_VISIT_ALERT_DAYS


def visits_overdue_alert_send(*, today: datetime.date | None = None) -> int:
    """The supervisors' daily alert: the active pairings with no visit for
    TRAMA_VISIT_ALERT_DAYS days (counted from the start when none yet). Returns how many."""
    today = today or timezone.localdate()
    late = list(
        selectors.pairings_without_visits(since=today - datetime.timedelta(days=visit_alert_days()))
    )
    if not late:
        return 0
    numbers = [pairing.pk for pairing in late]
    days = visit_alert_days()
    notify(
        _supervisors(),
        subject=lambda: (
            ngettext(
                "Mi affido a te: %(n)s pairing without visits",
                "Mi affido a te: %(n)s pairings without visits",
                len(numbers),
            )
            % {"n": len(numbers)}
        ),
        body=lambda: (
            _("No visit in the last %(days)s days for the pairings %(numbers)s.")
            % {"days": days, "numbers": ", ".join(f"#{n}" for n in numbers)}
        ),
        url_name="volunteering:pairing_list",
    )
    return len(numbers)


def weekly_digest_send(*, today: datetime.date | None = None) -> int:
    """Each supervisor's weekly e-mail: the active pairings, with the visits of the last seven
    days, those without a recent visit and those whose review is due (numbers only — the
    names are on the page). Returns how many pairings it covered."""
    today = today or timezone.localdate()
    active = list(
        Pairing.objects.filter(state=PairingState.ACTIVE)
        .prefetch_related("agreements", "reviews")
        .order_by("pk")
    )
    if not active:
        return 0
    week = today - datetime.timedelta(days=7)
    visits = Visit.objects.filter(pairing__in=active, on__gt=week).count()
    quiet = {
        p.pk
        for p in selectors.pairings_without_visits(
            since=today - datetime.timedelta(days=visit_alert_days())
        )
    }
    due = [p.pk for p in active if (day := selectors.next_review(p)) and day <= today]

    def numbers(ids) -> str:
        return ", ".join(f"#{n}" for n in sorted(ids)) or "—"

    notify(
        _supervisors(),
        subject=lambda: _("Mi affido a te: the week of the pairings"),
        body=lambda: (
            _(
                "Active pairings: %(active)s. Visits logged in the last seven days: %(visits)s.\n"
                "Without a visit for %(days)s days: %(quiet)s.\nReview due: %(due)s."
            )
            % {
                "active": len(active),
                "visits": visits,
                "days": visit_alert_days(),
                "quiet": numbers(quiet),
                "due": numbers(due),
            }
        ),
        url_name="volunteering:pairing_list",
    )
    return len(active)
