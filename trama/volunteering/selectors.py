"""The volunteers', elders' and matching runs' reads. Supervisors (and the consortium's
coordinators and admins) see every volunteer, elder and run; the other roles never see them
(403)."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append, access_log_append_many
from trama.casework.models import Referral, ReferralState
from trama.people.models import Person
from trama.volunteering.capabilities import LOG_VISITS, MANAGE_VOLUNTEERS
from trama.volunteering.models import (
    OPEN_PAIRING_STATES,
    Agreement,
    ElderProfile,
    MatchingProposal,
    MatchingRun,
    Pairing,
    PairingState,
    Visit,
    Volunteer,
    VolunteerDocument,
)
from trama.volunteering.models import VolunteerState as V

# The project's address in `projects` (its demo and the consortium's page name it so).
PROJECT_SLUG = "mi-affido-a-te"
# A referral the receiving side accepted and has not closed.
ACCEPTED_REFERRAL_STATES = (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS)


def _expired(today: datetime.date) -> Exists:
    return Exists(
        VolunteerDocument.objects.filter(
            volunteer=OuterRef("pk"), expires_on__isnull=False, expires_on__lt=today
        )
    )


def volunteers_for(user: User, today: datetime.date) -> QuerySet[Volunteer]:
    """Every volunteer, each annotated with `has_expired_document` (the supervisor's flag)."""
    MANAGE_VOLUNTEERS.require(user)
    return Volunteer.objects.select_related("municipality").annotate(
        has_expired_document=_expired(today)
    )


def expired_documents(volunteer: Volunteer, today: datetime.date) -> list[VolunteerDocument]:
    return list(volunteer.documents.filter(expires_on__isnull=False, expires_on__lt=today))


def matchable_volunteers(user: User, today: datetime.date) -> QuerySet[Volunteer]:
    """Those matching may propose: available (or paired with room left), no expired document;
    each with `open_pairings`, the places their pairings under way already take."""
    return (
        volunteers_for(user, today)
        .annotate(
            open_pairings=Count("pairings", filter=Q(pairings__state__in=OPEN_PAIRING_STATES))
        )
        .filter(
            Q(state=V.AVAILABLE) | Q(state=V.PAIRED),
            has_expired_document=False,
            capacity__gt=F("open_pairings"),
        )
    )


def volunteer_detail(user: User, pk: int, today: datetime.date) -> Volunteer:
    """One volunteer with their documents; the read of a person's data is logged."""
    volunteer = get_object_or_404(volunteers_for(user, today).prefetch_related("documents"), pk=pk)
    access_log_append(
        actor=user, action=Action.READ, obj=volunteer, purpose="Mi affido a te: scheda volontario"
    )
    return volunteer


def accepted_referral(person: Person) -> Referral | None:
    """The person's earliest accepted, still open referral to Mi affido a te, if any."""
    return (
        Referral.objects.filter(
            person=person, to_project__slug=PROJECT_SLUG, state__in=ACCEPTED_REFERRAL_STATES
        )
        .order_by("answered_at", "pk")
        .first()
    )


def elder_candidates(user: User) -> QuerySet[Person]:
    """People accepted into Mi affido a te who have no elder's profile yet (the profile
    service checks the age and the rest, naming what is missing)."""
    MANAGE_VOLUNTEERS.require(user)
    accepted = Referral.objects.filter(
        person=OuterRef("pk"), to_project__slug=PROJECT_SLUG, state__in=ACCEPTED_REFERRAL_STATES
    )
    return (
        Person.objects.filter(Exists(accepted), anonymized_at__isnull=True)
        .exclude(Exists(ElderProfile.objects.filter(person=OuterRef("pk"))))
        .select_related("municipality")
        .order_by("last_name", "first_name", "pk")
    )


def elder_candidate(user: User, pk: int) -> Person:
    return get_object_or_404(elder_candidates(user), pk=pk)


def elders_for(user: User) -> QuerySet[ElderProfile]:
    MANAGE_VOLUNTEERS.require(user)
    return ElderProfile.objects.select_related("person", "person__municipality", "referral")


def waiting_elders(user: User) -> QuerySet[ElderProfile]:
    """Those matching considers: not anonymised, their referral still accepted and open, no
    pairing under way."""
    return elders_for(user).filter(
        ~Exists(Pairing.objects.filter(elder=OuterRef("pk"), state__in=OPEN_PAIRING_STATES)),
        person__anonymized_at__isnull=True,
        referral__state__in=ACCEPTED_REFERRAL_STATES,
    )


def elder_detail(user: User, pk: int) -> ElderProfile:
    """One elder's profile; the read of a person's data is logged (naming no one)."""
    pairings = Pairing.objects.select_related("volunteer").order_by("-created_at", "-pk")
    profile = get_object_or_404(
        elders_for(user).prefetch_related(Prefetch("pairings", queryset=pairings)), pk=pk
    )
    access_log_append(
        actor=user,
        action=Action.READ,
        obj=profile,
        object_repr=profile.log_label,
        purpose="Mi affido a te: profilo anziano",
    )
    return profile


def runs_for(user: User) -> QuerySet[MatchingRun]:
    MANAGE_VOLUNTEERS.require(user)
    return MatchingRun.objects.select_related("started_by")


def run_detail(user: User, pk: int) -> MatchingRun:
    """One run with its proposals, their volunteers and elders; the read is logged."""
    proposals = MatchingProposal.objects.select_related(
        "volunteer", "volunteer__municipality", "elder", "elder__person"
    )
    run = get_object_or_404(
        runs_for(user).prefetch_related(Prefetch("proposals", queryset=proposals)), pk=pk
    )
    access_log_append(
        actor=user, action=Action.READ, obj=run, purpose="Mi affido a te: abbinamenti proposti"
    )
    return run


def pairings_for(user: User) -> QuerySet[Pairing]:
    MANAGE_VOLUNTEERS.require(user)
    return Pairing.objects.select_related(
        "volunteer", "elder", "elder__person", "elder__person__municipality"
    )


def agreements_for(user: User) -> QuerySet[Agreement]:
    """The three-party agreements of the pairings `user` manages, with the parties."""
    return Agreement.objects.filter(pairing__in=pairings_for(user)).select_related(
        "pairing__elder__person__municipality", "pairing__volunteer"
    )


def pairing_detail(user: User, pk: int) -> Pairing:
    """One pairing with the proposal it came from; the read of the elder's data is logged."""
    pairing = get_object_or_404(pairings_for(user).select_related("proposal"), pk=pk)
    access_log_append(
        actor=user,
        action=Action.READ,
        obj=pairing,
        purpose="Mi affido a te: affido",
    )
    return pairing


def open_pairings_of(volunteer: Volunteer) -> int:
    return volunteer.pairings.filter(state__in=OPEN_PAIRING_STATES).count()


def proposals_for(user: User) -> QuerySet[MatchingProposal]:
    MANAGE_VOLUNTEERS.require(user)
    return MatchingProposal.objects.all()


def elders_with_open_pairing(user: User, elder_ids: list[int] | None = None) -> set[int]:
    """The elders (of `elder_ids`, or all) who have a pairing under way."""
    MANAGE_VOLUNTEERS.require(user)
    pairings = Pairing.objects.filter(state__in=OPEN_PAIRING_STATES)
    if elder_ids is not None:
        pairings = pairings.filter(elder_id__in=elder_ids)
    return set(pairings.order_by().values_list("elder_id", flat=True))


# The volunteer's own side ------------------------------------------------------------------

VISITED_STATES = (PairingState.INTRODUCED, PairingState.ACTIVE, PairingState.PAUSED)


def my_pairings(user: User) -> QuerySet[Pairing]:
    """The volunteer's own pairings under way — what they need of the elder comes with them
    (name, address, phone, needs; never case notes or screenings)."""
    LOG_VISITS.require(user)
    return (
        Pairing.objects.filter(volunteer__user=user, state__in=VISITED_STATES)
        .select_related("elder__person__municipality")
        .order_by("elder__person__first_name", "pk")
    )


def my_pairings_read(user: User) -> list[Pairing]:
    """The volunteer's pairings for their page, with their visits; the read of each elder's
    name, address and phone is logged (one entry per elder, one insert)."""
    pairings = list(my_pairings(user).prefetch_related("visits"))
    if pairings:
        access_log_append_many(
            actor=user,
            action=Action.READ,
            objects=[(p.elder.person, {"view": "volunteer", "pairing": p.pk}) for p in pairings],
        )
    return pairings


def visits_of(pairing: Pairing) -> QuerySet[Visit]:
    return pairing.visits.select_related("logged_by")


def pairings_without_visits(*, since: datetime.date) -> QuerySet[Pairing]:
    """The active pairings whose last visit (or start, when none yet) is before `since`."""
    return (
        Pairing.objects.filter(state=PairingState.ACTIVE)
        .annotate(last_visit=Max("visits__on"))
        .filter(Q(last_visit__lt=since) | Q(last_visit__isnull=True, started_on__lt=since))
        .order_by("pk")
    )


# A review held up to this many days before a date of the agreement counts for it.
REVIEW_EARLY_DAYS = 30


def next_review(pairing: Pairing) -> datetime.date | None:
    """The first review date of the agreement in force not yet covered by a review (None when
    every date is, or there is no agreement)."""
    # Over `.all()`, so a list of pairings with both prefetched asks nothing more.
    agreement = next(iter(pairing.agreements.all()), None)
    if agreement is None:
        return None
    last = max((review.on for review in pairing.reviews.all()), default=None)
    early = datetime.timedelta(days=REVIEW_EARLY_DAYS)
    dates = sorted(datetime.date.fromisoformat(day) for day in agreement.review_dates)
    return next((day for day in dates if last is None or last < day - early), None)


@dataclass(frozen=True)
class ProjectFigures:
    elders_waiting: int
    active_pairings: int
    visits_this_month: int
    hours_this_month: float


def project_figures(user: User, today: datetime.date | None = None) -> ProjectFigures:
    """Mi affido a te at a glance (the home page's panel): four counts."""
    MANAGE_VOLUNTEERS.require(user)
    month = (today or timezone.localdate()).replace(day=1)
    visits = Visit.objects.filter(on__gte=month).aggregate(n=Count("pk"), minutes=Sum("minutes"))
    return ProjectFigures(
        elders_waiting=waiting_elders(user).count(),
        active_pairings=Pairing.objects.filter(state=PairingState.ACTIVE).count(),
        visits_this_month=visits["n"],
        hours_this_month=round((visits["minutes"] or 0) / 60, 1),
    )
