"""A matching run: load who waits and who is available as plain data, let the algorithm
(trama/matching) find the best proposal under the hard rules, store it with its reasons."""

import datetime
import re
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError
from trama.matching import DEFAULT_WEIGHTS as DEFAULT_WEIGHTS_BY_CRITERION
from trama.matching import Config, Criterion, ElderInput, VolunteerInput, match
from trama.volunteering import selectors
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import (
    ElderNeed,
    ElderProfile,
    MatchingProposal,
    MatchingRun,
    Volunteer,
)
from trama.volunteering.services.common import require_supervisor, words

# The criteria whose weight the supervisor sets (waiting time has its own points per day).
WEIGHTED = tuple(c for c in Criterion if c != Criterion.WAITING)
DEFAULT_WEIGHTS = {str(c): w for c, w in DEFAULT_WEIGHTS_BY_CRITERION.items()}
MAX_WEIGHT = 10
MAX_KM = 100
DEFAULT_MAX_KM = 25
# The means of transport a need calls for, in the words the volunteers' application stores
# (lower-case Italian): accompanying to appointments and doing the shopping need a car.
MEANS_FOR_NEED = {ElderNeed.APPOINTMENTS: "auto", ElderNeed.ERRANDS: "auto"}
# Person.languages is free text ("italiano, rumeno"): any of these separates two languages.
_LANGUAGE_SEPARATORS = re.compile(r"[,;/]|\s+e\s+")


def _clean_weights(weights: Mapping[str, int] | None) -> dict[str, int]:
    chosen = dict(DEFAULT_WEIGHTS if weights is None else weights)
    if set(chosen) - {str(c) for c in WEIGHTED}:
        raise DomainError(_("Unknown criterion."), field="weights", code=E.BAD_WEIGHTS)
    cleaned = {str(c): chosen.get(str(c), 0) for c in WEIGHTED}
    if any(
        not isinstance(w, int) or isinstance(w, bool) or not 0 <= w <= MAX_WEIGHT
        for w in cleaned.values()
    ):
        raise DomainError(
            _("Each weight is a whole number from 0 to %(max)d.") % {"max": MAX_WEIGHT},
            field="weights",
            code=E.BAD_WEIGHTS,
        )
    if not any(cleaned.values()):
        raise DomainError(
            _("At least one weight must be above zero."), field="weights", code=E.BAD_WEIGHTS
        )
    return cleaned


def _volunteer_input(volunteer: Volunteer) -> VolunteerInput:
    latitude, longitude = volunteer.municipality.centroid
    return VolunteerInput(
        id=volunteer.pk,
        slots=frozenset(volunteer.slots),
        latitude=latitude,
        longitude=longitude,
        gender=volunteer.gender,
        languages=frozenset(volunteer.languages),
        interests=frozenset(volunteer.interests),
        means=frozenset(volunteer.means),
        smoker=volunteer.smoker,
        accepts_pets=volunteer.accepts_pets,
        accepts_smoker=volunteer.accepts_smokers,
        gender_preference=volunteer.preferred_gender,
        trained_on=volunteer.trained_on,
        # The places their pairings under way take are not on offer.
        capacity=volunteer.capacity - volunteer.open_pairings,
    )


def _elder_input(profile: ElderProfile) -> ElderInput:
    person = profile.person
    latitude, longitude = person.municipality.centroid
    return ElderInput(
        id=profile.pk,
        slots=frozenset(profile.slots),
        latitude=latitude,
        longitude=longitude,
        waiting_since=profile.waiting_since,
        # Person.sex is "F"/"M"; the volunteers' genders are "f"/"m"/"x".
        gender=person.sex.lower(),
        gender_preference=profile.preferred_gender,
        languages=frozenset(words(_LANGUAGE_SEPARATORS.split(person.languages))),
        interests=frozenset(profile.interests),
        needs=frozenset(MEANS_FOR_NEED[n] for n in profile.needs if n in MEANS_FOR_NEED),
        has_pets=profile.has_pets,
        smoker=profile.smoker,
        accepts_smoker=profile.accepts_smokers,
    )


@transaction.atomic
def matching_run(
    *,
    actor: User,
    max_km: int = DEFAULT_MAX_KM,
    weights: Mapping[str, int] | None = None,
    today: datetime.date | None = None,
) -> MatchingRun:
    """Match everyone waiting with the available volunteers; the proposals are stored, not
    yet confirmed (each pairing will start from the supervisor's confirmation)."""
    require_supervisor(actor)
    today = today or timezone.localdate()
    if isinstance(max_km, bool) or not isinstance(max_km, int) or not 1 <= max_km <= MAX_KM:
        raise DomainError(
            _("The maximum distance is a whole number of km from 1 to %(max)d.") % {"max": MAX_KM},
            field="max_km",
            code=E.BAD_MAX_KM,
        )
    cleaned_weights = _clean_weights(weights)
    elders = [
        _elder_input(p)
        for p in selectors.waiting_elders(actor).filter(
            person__municipality__latitude__isnull=False
        )
    ]
    if not elders:
        raise DomainError(
            _("Nobody is waiting: there is no elder to match."), code=E.NOBODY_TO_MATCH
        )
    volunteers = [
        _volunteer_input(v)
        for v in selectors.matchable_volunteers(actor, today).filter(
            municipality__latitude__isnull=False
        )
    ]
    config = Config(
        today=today,
        max_km=float(max_km),
        training_valid_days=settings.TRAMA_VOLUNTEER_TRAINING_VALID_DAYS,
        weights={Criterion(c): w for c, w in cleaned_weights.items()},
    )
    result = match(volunteers, elders, config)
    run = MatchingRun.objects.create(
        started_by=actor,
        run_on=today,
        max_km=max_km,
        training_valid_days=config.training_valid_days,
        weights=cleaned_weights,
        elders_considered=len(elders),
        volunteers_considered=len(volunteers),
        total_score=result.total,
        unmatched_elders=[
            {"elder": u.id, "reason": str(u.reason), "counts": {str(r): n for r, n in u.counts}}
            for u in result.unmatched_elders
        ],
    )
    MatchingProposal.objects.bulk_create(
        MatchingProposal(
            run=run,
            volunteer_id=p.pair.volunteer_id,
            elder_id=p.pair.elder_id,
            score=p.pair.total,
            km=Decimal(str(round(p.pair.km, 1))),
            explanation=[
                {"criterion": str(c), "fulfilment": f, "points": points}
                for c, f, points in p.pair.criteria
            ],
        )
        for p in result.proposals
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=run,
        purpose="Mi affido a te: abbinamento",
        details={
            "elders": len(elders),
            "volunteers": len(volunteers),
            "proposals": len(result.proposals),
        },
    )
    return run
