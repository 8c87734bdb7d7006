"""Every read of casework goes through here, scoped by the user's roles.

- people readers (coordinator, dpo, supervisor, operator, mediator) see the sessions and
  referrals of the people they may see (`people.selectors.hub_scope`);
- members of an organisation (ets_member, partner bound to an organisation) see only the
  referrals addressed to it, and only through `ReceivedReferral`: the shared summary, the
  person's first name and initial, an age band — never notes, reasons or the record.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.casework.models import (
    ActionStatus,
    ListeningSession,
    Need,
    PlanAction,
    PlanReview,
    PlanStatus,
    Referral,
    ReferralEvent,
    ReferralState,
    SupportPlan,
)
from trama.people import selectors as people_selectors
from trama.people.models import Person
from trama.projects.models import Project

CASE_READERS = people_selectors.PEOPLE_READERS
CASE_WRITERS = people_selectors.PEOPLE_WRITERS
RECEIVER_ROLES = (Role.ETS_MEMBER, Role.PARTNER)
REFERRAL_READERS = (*CASE_READERS, *RECEIVER_ROLES)


def _require_case_reader(user: User) -> None:
    if not user.is_authenticated or not user.has_any_role(*CASE_READERS):
        raise PermissionDenied


def can_write(*, user: User) -> bool:
    return people_selectors.can_write(user=user)


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


def session_list(*, user: User, person_id: int | None = None) -> QuerySet[ListeningSession]:
    _require_case_reader(user)
    qs = ListeningSession.objects.filter(person__in=_visible_persons(user).values("pk"))
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
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
    hubs = people_selectors.hub_scope(user)
    qs = Referral.objects.all()
    if hubs is not None:
        qs = qs.filter(Q(person__reference_hub_id__in=hubs) | Q(from_hub_id__in=hubs))
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
    if user.is_authenticated and user.has_any_role(*CASE_READERS):
        qs = referral_list(user=user)
    else:
        qs = referral_received_list(user=user)
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
    if not user.is_authenticated or not user.has_any_role(Role.COORDINATOR, *RECEIVER_ROLES):
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
    qs = SupportPlan.objects.filter(person__in=_visible_persons(user).values("pk"))
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
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


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    text: str
    url_name: str = ""
    url_pk: int | None = None


def person_timeline(*, user: User, person_id: int) -> list[TimelineEntry]:
    """Everything that happened about a person, newest first: registration, consents,
    listening sessions, referrals and their steps. A fixed number of queries."""
    from django.utils.translation import gettext as _

    person = _visible_persons(user).get(pk=person_id)
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
    for session in session_list(user=user, person_id=person_id):
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
    referrals = referral_list(user=user, person_id=person_id).prefetch_related(
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
    for plan in plan_list(user=user, person_id=person_id).prefetch_related("reviews"):
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
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries
