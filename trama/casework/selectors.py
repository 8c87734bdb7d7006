"""Every read of casework goes through here, scoped by the user's roles.

- people readers (coordinator, supervisor, operator, mediator) see the sessions and
  referrals of the people they may see (`people.selectors.hub_scope`);
- the DPO sees those of the people it broke the glass for, while the window lasts
  (`people.selectors.person_scope_q`, decision 0019), and lists nothing else;
- members of an organisation (ets_member, partner bound to an organisation) see only the
  referrals addressed to it, and only through `ReceivedReferral`: the shared summary, the
  person's first name and initial, an age band — never notes, reasons or the record.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone, translation

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.casework.capabilities import ANSWER_REFERRALS, READ_DASHBOARD, RECEIVE_REFERRALS
from trama.casework.models import (
    ActionStatus,
    Appointment,
    ListeningSession,
    Need,
    PlanAction,
    PlanReview,
    PlanStatus,
    Referral,
    ReferralEvent,
    ReferralState,
    Screening,
    SupportPlan,
)
from trama.core.timeline import TimelineEntry, entries_from_sources
from trama.people import selectors as people_selectors
from trama.people.capabilities import OPEN_PERSON, READ_PEOPLE
from trama.people.models import Person
from trama.projects.models import Project
from trama.territory.models import Hub


def _require_case_reader(user: User) -> None:
    OPEN_PERSON.require(user)


def receiving_organizations(user: User) -> set[int]:
    """The organisations on whose behalf `user` answers referrals."""
    if not user.is_authenticated:
        return set()
    return user.scope_ids(Role.ETS_MEMBER, ScopeKind.ORGANIZATION) | user.scope_ids(
        Role.PARTNER, ScopeKind.ORGANIZATION
    )


def is_receiver(*, user: User, referral: Referral) -> bool:
    """May `user` move this referral on behalf of the receiving side?"""
    if not user.is_authenticated:
        return False
    if user.has_any_role(Role.COORDINATOR):
        return True
    return (
        referral.to_organization_id is not None
        and referral.to_organization_id in receiving_organizations(user)
    )


def answer_days() -> int:
    return int(getattr(settings, "TRAMA_REFERRAL_ANSWER_DAYS", 7))


def overdue_threshold(now: datetime.datetime | None = None) -> datetime.datetime:
    return (now or timezone.now()) - datetime.timedelta(days=answer_days())


def overdue_only(qs: QuerySet[Referral], *, now: datetime.datetime | None = None):
    """`qs` narrowed to the referrals still waiting for an answer past the threshold; the same
    filter for either side (sent or received)."""
    return qs.filter(state=ReferralState.SENT, sent_at__lt=overdue_threshold(now))


def is_overdue(referral, *, now: datetime.datetime | None = None) -> bool:
    return referral.state == ReferralState.SENT and referral.sent_at < overdue_threshold(now)


# Needs and projects -------------------------------------------------------------------


def need_list() -> QuerySet[Need]:
    return Need.objects.filter(is_active=True).order_by("position", "code")


def project_choices() -> QuerySet[Project]:
    return Project.objects.order_by("position", "name")


# Listening sessions ---------------------------------------------------------------------


def _visible_persons(user: User) -> QuerySet[Person]:
    return people_selectors.person_list(user=user)


def _of_visible_persons(qs: QuerySet, user: User) -> QuerySet:
    """`qs` (rows with a `person`) narrowed to the people `user` follows. Who sees every hub
    gets `qs` as it is: an `IN (SELECT id FROM people_person)` would only slow the query."""
    condition = people_selectors.person_scope_q(user, "person__")
    return qs if condition is None else qs.filter(condition)


def session_list(*, user: User, person_id: int | None = None) -> QuerySet[ListeningSession]:
    _require_case_reader(user)
    qs = _of_visible_persons(ListeningSession.objects.all(), user)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return _session_related(qs)


def _session_related(qs: QuerySet[ListeningSession]) -> QuerySet[ListeningSession]:
    return (
        qs.select_related("person", "hub", "operator")
        .prefetch_related(
            Prefetch("needs", queryset=Need.objects.order_by("position")),
            Prefetch("suggested_projects", queryset=Project.objects.order_by("name")),
        )
        .order_by("-held_on", "-id")
    )


def session_get(*, user: User, pk: int) -> ListeningSession:
    return session_list(user=user).get(pk=pk)


# Referrals: the referring side --------------------------------------------------------------


def _referral_related(qs: QuerySet[Referral]) -> QuerySet[Referral]:
    return qs.select_related("person", "from_user", "from_hub", "to_organization", "to_project")


def referral_list(*, user: User, person_id: int | None = None) -> QuerySet[Referral]:
    """Referrals of the people `user` follows, with everything (for the referring side)."""
    _require_case_reader(user)
    condition = people_selectors.person_scope_q(user, "person__")
    qs = Referral.objects.all()
    if condition is not None:
        if READ_PEOPLE.allows(user):
            condition |= Q(from_hub_id__in=people_selectors.hub_scope(user))
        qs = qs.filter(condition)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return _referral_related(qs).order_by("-sent_at", "-id")


def referral_get(*, user: User, pk: int) -> Referral:
    return (
        referral_list(user=user)
        .prefetch_related(
            Prefetch("events", queryset=ReferralEvent.objects.select_related("by").order_by("at"))
        )
        .get(pk=pk)
    )


def referrals_overdue(*, user: User, now: datetime.datetime | None = None) -> QuerySet[Referral]:
    """Referrals still waiting for an answer after TRAMA_REFERRAL_ANSWER_DAYS days, on the
    side `user` stands: sent by their hubs, or addressed to their organisation."""
    threshold = overdue_threshold(now)
    sent = READ_PEOPLE.allows(user)
    qs = referral_list(user=user) if sent else referral_received_list(user=user)
    return qs.filter(state=ReferralState.SENT, sent_at__lt=threshold)


# Referrals: the receiving side -------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedReferral:
    """What a referral shares with the organisation that receives it, and nothing else."""

    id: int
    state: str
    state_label: str
    person_label: str
    age_band: str
    shared_summary: str
    to_organization: str
    to_project: str
    from_hub: str
    sent_at: datetime.datetime
    answered_at: datetime.datetime | None
    overdue: bool


RECEIVED_FIELDS = (
    "id",
    "state",
    "shared_summary",
    "sent_at",
    "answered_at",
    "person__first_name",
    "person__last_name",
    "person__birth_date",
    "to_organization__name",
    "to_project__name",
    "from_hub__name",
)


def age_band(birth_date: datetime.date | None, today: datetime.date) -> str:
    if birth_date is None:
        return "—"
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    if age < 18:
        return "0–17"
    if age < 30:
        return "18–29"
    if age >= 80:
        return "80+"
    low = (age // 10) * 10
    return f"{low}–{low + 9}"


def referral_received_list(*, user: User) -> QuerySet[Referral]:
    """The referrals addressed to `user`'s organisations (the coordinator: all). Rows are
    values (RECEIVED_FIELDS); turn them into ReceivedReferral with `received_view`."""
    if not user.is_authenticated or not ANSWER_REFERRALS.allows(user):
        raise PermissionDenied
    qs = Referral.objects.all()
    if not user.has_any_role(Role.COORDINATOR):
        qs = qs.filter(to_organization_id__in=receiving_organizations(user))
    return qs.order_by("-sent_at", "-id")


def received_view(row: dict, *, now: datetime.datetime | None = None) -> ReceivedReferral:
    now = now or timezone.now()
    last = (row["person__last_name"] or "").strip()
    return ReceivedReferral(
        id=row["id"],
        state=row["state"],
        state_label=ReferralState(row["state"]).label,
        person_label=f"{row['person__first_name']} {last[:1]}."
        if last
        else row["person__first_name"],
        age_band=age_band(row["person__birth_date"], timezone.localdate(now)),
        shared_summary=row["shared_summary"],
        to_organization=row["to_organization__name"] or "",
        to_project=row["to_project__name"] or "",
        from_hub=row["from_hub__name"],
        sent_at=row["sent_at"],
        answered_at=row["answered_at"],
        overdue=row["state"] == ReferralState.SENT and row["sent_at"] < overdue_threshold(now),
    )


def received_rows(qs: QuerySet[Referral]):
    return qs.values(*RECEIVED_FIELDS)


def referral_received_get(*, user: User, pk: int) -> ReceivedReferral:
    row = received_rows(referral_received_list(user=user).filter(pk=pk)).first()
    if row is None:
        raise Referral.DoesNotExist
    return received_view(row)


def referral_events_shared(*, referral_id: int) -> QuerySet[ReferralEvent]:
    """The steps of a referral, for the receiving side (feedback is written by them)."""
    return ReferralEvent.objects.filter(referral_id=referral_id).select_related("by").order_by("at")


# Support plans ------------------------------------------------------------------------------


def plan_list(*, user: User, person_id: int | None = None) -> QuerySet[SupportPlan]:
    _require_case_reader(user)
    qs = _of_visible_persons(SupportPlan.objects.all(), user)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return _plan_related(qs)


def _plan_related(qs: QuerySet[SupportPlan]) -> QuerySet[SupportPlan]:
    return qs.select_related("person", "hub", "created_by").order_by("-created_at", "-id")


def plan_get(*, user: User, pk: int) -> SupportPlan:
    return (
        plan_list(user=user)
        .prefetch_related(
            Prefetch("actions", queryset=PlanAction.objects.select_related("owner")),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("by")),
        )
        .get(pk=pk)
    )


def plan_action_get(*, user: User, pk: int) -> PlanAction:
    """One action of a plan the user may see; DoesNotExist otherwise."""
    return PlanAction.objects.get(pk=pk, plan__in=plan_list(user=user).values("pk"))


@dataclass(frozen=True)
class FollowUps:
    actions: list
    reviews: list


def follow_ups(*, user: User, until: datetime.date) -> FollowUps:
    """What is due by `until` in the plans of the people `user` follows: planned actions
    and plan reviews, oldest first (overdue ones included)."""
    plans = plan_list(user=user).filter(status=PlanStatus.ACTIVE)
    actions = (
        PlanAction.objects.filter(
            plan__in=plans.values("pk"), status=ActionStatus.PLANNED, due_on__lte=until
        )
        .select_related("plan__person", "owner")
        .order_by("due_on", "id")
    )
    reviews = plans.filter(next_review_on__lte=until).order_by("next_review_on", "id")
    return FollowUps(actions=list(actions[:200]), reviews=list(reviews[:200]))


# Timeline -------------------------------------------------------------------------------------


def person_timeline(*, person: Person, user: User | None = None) -> list[TimelineEntry]:
    """Everything that happened about a person, newest first: registration, consents,
    listening sessions, referrals and their steps, plans, screenings, and what the higher
    apps register in `trama.core.timeline` (for `user`, the reader). `person` is one opened
    with `people.services.person_open` (within the actor's scope, logged; see
    `services.timeline_open`): every row about them is in the same scope, so it is not
    computed again. A fixed number of queries."""
    from django.utils.translation import gettext as _

    person_id = person.pk
    entries = [TimelineEntry(at=person.created_at, kind="person", title=_("Registered"), text="")]
    for consent in person.consents.select_related("notice").order_by("given_at"):
        entries.append(
            TimelineEntry(
                at=consent.given_at,
                kind="consent",
                title=_("Consent given"),
                text=f"{consent.get_purpose_display()} ({consent.notice.version})",
            )
        )
        if consent.withdrawn_at:
            entries.append(
                TimelineEntry(
                    at=consent.withdrawn_at,
                    kind="consent",
                    title=_("Consent withdrawn"),
                    text=consent.get_purpose_display(),
                )
            )
    tz = timezone.get_current_timezone()
    for session in _session_related(ListeningSession.objects.filter(person_id=person_id)):
        at = session.created_at
        if session.held_on != timezone.localtime(at).date():
            at = datetime.datetime.combine(session.held_on, datetime.time(12), tzinfo=tz)
        entries.append(
            TimelineEntry(
                at=at,
                kind="listening",
                title=_("Listening session (%(channel)s)")
                % {"channel": session.get_channel_display()},
                text=", ".join(str(n) for n in session.needs.all()),
                url_name="casework:session_detail",
                url_pk=session.pk,
            )
        )
    referrals = _referral_related(Referral.objects.filter(person_id=person_id)).order_by(
        "-sent_at", "-id"
    )
    referrals = referrals.prefetch_related(
        Prefetch("events", queryset=ReferralEvent.objects.order_by("at"))
    )
    for referral in referrals:
        target = referral.to_organization or referral.to_project
        for event in referral.events.all():
            if event.from_state:
                title = _("Referral to %(target)s: %(state)s") % {
                    "target": target,
                    "state": event.get_to_state_display(),
                }
            else:
                title = _("Referral sent to %(target)s") % {"target": target}
            entries.append(
                TimelineEntry(
                    at=event.at,
                    kind="referral",
                    title=title,
                    text=event.feedback,
                    url_name="casework:referral_detail",
                    url_pk=referral.pk,
                )
            )
    plans = _plan_related(SupportPlan.objects.filter(person_id=person_id))
    for plan in plans.prefetch_related("reviews"):
        entries.append(
            TimelineEntry(
                at=plan.created_at,
                kind="plan",
                title=_("Support plan opened"),
                text=plan.goals[:200],
                url_name="casework:plan_detail",
                url_pk=plan.pk,
            )
        )
        for review in plan.reviews.all():
            entries.append(
                TimelineEntry(
                    at=review.at,
                    kind="plan",
                    title=_("Support plan reviewed"),
                    text=review.notes[:200],
                    url_name="casework:plan_detail",
                    url_pk=plan.pk,
                )
            )
    for screening in opened_person_screenings(person=person):
        entries.append(
            TimelineEntry(
                at=_day_at(screening.taken_on, screening.created_at),
                kind="screening",
                title=_("Screening: %(instrument)s")
                % {"instrument": screening.get_instrument_display()},
                text=screening_summary(screening),
                url_name="casework:screening_list",
                url_pk=person_id,
            )
        )
    if user is not None:
        entries.extend(entries_from_sources(person, user))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


# Appointments ---------------------------------------------------------------------------------


def appointment_list(
    *, user: User, person_id: int | None = None, hub_id: int | None = None
) -> QuerySet[Appointment]:
    """Appointments of the people `user` follows (like their sessions)."""
    _require_case_reader(user)
    qs = _of_visible_persons(Appointment.objects.all(), user)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    if hub_id is not None:
        qs = qs.filter(hub_id=hub_id)
    return qs.select_related("person", "hub", "operator").order_by("starts_at", "id")


def appointment_get(*, user: User, pk: int) -> Appointment:
    return appointment_list(user=user).get(pk=pk)


def appointments_on(
    *, user: User, day: datetime.date, hub_id: int | None = None
) -> QuerySet[Appointment]:
    """The appointments of one local day."""
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(day, datetime.time.min, tzinfo=tz)
    end = start + datetime.timedelta(days=1)
    return appointment_list(user=user, hub_id=hub_id).filter(
        starts_at__gte=start, starts_at__lt=end
    )


# The hub dashboard ----------------------------------------------------------------------------

OPEN_REFERRAL_STATES = (ReferralState.SENT, ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)
DASHBOARD_LIST_LIMIT = 20
PLAN_HORIZON_DAYS = 14


@dataclass(frozen=True)
class NeedCount:
    code: str
    label: str
    people: int


@dataclass
class Dashboard:
    """The figures of the hub dashboard. Lists are capped (`DASHBOARD_LIST_LIMIT`); counts
    are not."""

    today: datetime.date
    hub_id: int | None
    sees_people: bool
    appointments: list = field(default_factory=list)
    appointments_total: int = 0
    sent_open: int = 0
    sent_overdue: int = 0
    sent_overdue_list: list = field(default_factory=list)
    received_open: int = 0
    received_overdue: int = 0
    received_list: list[ReceivedReferral] = field(default_factory=list)
    actions_late: int = 0
    actions_due: int = 0
    actions: list = field(default_factory=list)
    people_seen: int = 0
    needs: list[NeedCount] = field(default_factory=list)


def dashboard_hub_choices(*, user: User):
    """The hubs the dashboard may be narrowed to (none for the receiving side)."""
    if not READ_PEOPLE.allows(user):
        return Hub.objects.none()
    return people_selectors.hubs_for(user=user)


def _month_start(today: datetime.date) -> datetime.date:
    return today.replace(day=1)


def dashboard(
    *, user: User, hub_id: int | None = None, now: datetime.datetime | None = None
) -> Dashboard:
    """Everything the hub dashboard shows, in a fixed number of queries whatever the data."""
    READ_DASHBOARD.require(user)
    now = now or timezone.now()
    today = timezone.localdate(now)
    threshold = overdue_threshold(now)
    sees_people = READ_PEOPLE.allows(user)
    board = Dashboard(today=today, hub_id=hub_id, sees_people=sees_people)
    if sees_people:
        today_appointments = appointments_on(user=user, day=today, hub_id=hub_id)
        board.appointments = list(today_appointments[:DASHBOARD_LIST_LIMIT])
        board.appointments_total = today_appointments.count()
        sent = referral_list(user=user).filter(state__in=OPEN_REFERRAL_STATES)
        if hub_id is not None:
            sent = sent.filter(from_hub_id=hub_id)
        overdue_q = Q(state=ReferralState.SENT, sent_at__lt=threshold)
        totals = sent.aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_q))
        board.sent_open, board.sent_overdue = totals["open"], totals["overdue"]
        board.sent_overdue_list = list(
            sent.filter(overdue_q).order_by("sent_at", "id")[:DASHBOARD_LIST_LIMIT]
        )

        horizon = today + datetime.timedelta(days=PLAN_HORIZON_DAYS)
        plans = plan_list(user=user).filter(status=PlanStatus.ACTIVE)
        if hub_id is not None:
            plans = plans.filter(hub_id=hub_id)
        actions = PlanAction.objects.filter(
            plan__in=plans.values("pk"), status=ActionStatus.PLANNED, due_on__lte=horizon
        )
        action_totals = actions.aggregate(
            late=Count("pk", filter=Q(due_on__lt=today)),
            due=Count("pk", filter=Q(due_on__gte=today)),
        )
        board.actions_late, board.actions_due = action_totals["late"], action_totals["due"]
        due_first = ("due_on", "id")
        if hub_id is not None or people_selectors.hub_scope(user) is not None:
            # A few plans (a hub's): read their actions through the (plan, status, due_on)
            # index and sort those. Ordering by the bare column lets PostgreSQL walk the
            # region's planned actions in due-date order looking for the hub's, which grows
            # with the region; the expression takes that plan away.
            due_first = (Coalesce("due_on", "due_on"), "id")
        board.actions = list(
            actions.select_related("plan__person", "owner").order_by(*due_first)[
                :DASHBOARD_LIST_LIMIT
            ]
        )

        sessions = session_list(user=user).filter(
            held_on__gte=_month_start(today), held_on__lte=today
        )
        if hub_id is not None:
            sessions = sessions.filter(hub_id=hub_id)
        board.people_seen = sessions.aggregate(people=Count("person", distinct=True))["people"]
        board.needs = people_seen_by_need(sessions)
    if RECEIVE_REFERRALS.allows(user):
        received = referral_received_list(user=user).filter(state__in=OPEN_REFERRAL_STATES)
        overdue_q = Q(state=ReferralState.SENT, sent_at__lt=threshold)
        totals = received.aggregate(open=Count("pk"), overdue=Count("pk", filter=overdue_q))
        board.received_open, board.received_overdue = totals["open"], totals["overdue"]
        rows = received_rows(received.order_by("sent_at", "id")[:DASHBOARD_LIST_LIMIT])
        board.received_list = [received_view(row, now=now) for row in rows]
    return board


def people_seen_by_need(sessions: QuerySet[ListeningSession]) -> list[NeedCount]:
    """How many distinct people had each need emerge in `sessions`: one aggregate query."""
    through = ListeningSession.needs.through
    rows = (
        through.objects.filter(listeningsession__in=sessions.values("pk"))
        .values("need__code", "need__label", "need__label_en", "need__position")
        .annotate(people=Count("listeningsession__person", distinct=True))
        .order_by("-people", "need__position", "need__code")
    )
    language = translation.get_language() or "it"
    return [
        NeedCount(
            code=row["need__code"],
            label=(row["need__label_en"] or row["need__label"])
            if language.startswith("en")
            else row["need__label"],
            people=row["people"],
        )
        for row in rows
    ]


def overdue_count(*, user: User, now: datetime.datetime | None = None) -> int:
    """Overdue referrals on either side `user` stands (for the home page's panel): one query,
    each referral counted once."""
    sides = Q(pk__in=[])
    if READ_PEOPLE.allows(user):
        sides |= Q(pk__in=referral_list(user=user).values("pk"))
    if RECEIVE_REFERRALS.allows(user):
        sides |= Q(pk__in=referral_received_list(user=user).values("pk"))
    return Referral.objects.filter(
        sides, state=ReferralState.SENT, sent_at__lt=overdue_threshold(now)
    ).count()


# Outreach -------------------------------------------------------------------------------------


def reached_person_ids(*, project_id: int) -> QuerySet[Person]:
    """The people already reached for a project, as a subquery of ids: anyone with a referral
    to it (whatever its state: even a declined one was an answer) or a listening session that
    suggested it."""
    referred = Referral.objects.filter(to_project_id=project_id).values("person_id")
    suggested = ListeningSession.suggested_projects.through.objects.filter(
        project_id=project_id
    ).values("listeningsession__person_id")
    return Person.objects.filter(Q(pk__in=referred) | Q(pk__in=suggested)).values("pk")


# Screenings -----------------------------------------------------------------------------------


def screening_list(*, user: User, person: Person | int | None = None) -> QuerySet[Screening]:
    """Screenings of the people `user` may see (of one person when given), newest first."""
    _require_case_reader(user)
    qs = _of_visible_persons(Screening.objects.all(), user)
    if person is not None:
        qs = qs.filter(person_id=getattr(person, "pk", person))
    return _screening_related(qs)


def _screening_related(qs: QuerySet[Screening]) -> QuerySet[Screening]:
    return qs.select_related("operator", "hub").order_by("-taken_on", "-id")


def opened_person_screenings(*, person: Person) -> list[Screening]:
    """The screenings of a person opened with `people.services.person_open` (within the
    actor's scope, logged), newest first: the scope was checked on the person."""
    return list(_screening_related(Screening.objects.filter(person=person)))


def _day_at(day: datetime.date, created_at: datetime.datetime) -> datetime.datetime:
    """A dated record on the timeline: when it was written if on that day, else midday."""
    if timezone.localtime(created_at).date() == day:
        return created_at
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=timezone.get_current_timezone())


def screening_summary(screening: Screening) -> str:
    """The total with the instrument's range, and the flag, in the active language."""
    from django.utils.translation import gettext as _

    from trama.screening import INSTRUMENTS

    definition = INSTRUMENTS[screening.instrument]
    text = _("Total %(total)d (range %(minimum)d–%(maximum)d)") % {
        "total": screening.total,
        "minimum": definition.minimum,
        "maximum": definition.maximum,
    }
    if screening.flagged:
        text += " — " + _(definition.threshold_label)
    return text
