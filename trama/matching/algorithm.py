"""The matching itself (see the package's docstring for the rules)."""

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
from scipy.optimize import linear_sum_assignment

EARTH_RADIUS_KM = 6371.0088
# Far above any reachable total, so the solver never picks an infeasible cell.
INFEASIBLE = 10**9


class Criterion(StrEnum):
    AVAILABILITY = "availability"
    DISTANCE = "distance"
    LANGUAGES = "languages"
    INTERESTS = "interests"
    NEEDS = "needs"
    WAITING = "waiting"


class Exclusion(StrEnum):
    """Why a pair (or a lock) is not feasible, in the order the checks run."""

    FORBIDDEN = "forbidden"
    NOT_TRAINED = "not_trained"
    TRAINING_EXPIRED = "training_expired"
    NO_SHARED_SLOT = "no_shared_slot"
    TOO_FAR = "too_far"
    GENDER = "gender"
    PETS = "pets"
    SMOKING = "smoking"
    # Only for locks and the unmatched, never for a single pair.
    CAPACITY = "capacity"
    ALREADY_LOCKED = "already_locked"
    NO_CANDIDATE = "no_candidate"


# Points per whole percent of each criterion's fulfilment, unless the supervisor sets others.
DEFAULT_WEIGHTS: dict[Criterion, int] = {
    Criterion.AVAILABILITY: 3,
    Criterion.DISTANCE: 2,
    Criterion.LANGUAGES: 2,
    Criterion.INTERESTS: 1,
    Criterion.NEEDS: 2,
}


@dataclass(frozen=True)
class VolunteerInput:
    id: int
    slots: frozenset[str]
    latitude: float
    longitude: float
    gender: str = ""
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    means: frozenset[str] = frozenset()
    smoker: bool = False
    accepts_pets: bool = True
    accepts_smoker: bool = True
    gender_preference: str = ""  # the elder's gender they prefer; "" = any
    trained_on: datetime.date | None = None  # when they finished the training
    capacity: int = 1  # how many elders they can still take on


@dataclass(frozen=True)
class ElderInput:
    id: int
    slots: frozenset[str]
    latitude: float
    longitude: float
    waiting_since: datetime.date
    gender: str = ""
    gender_preference: str = ""  # "" = any
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    needs: frozenset[str] = frozenset()  # means of transport the needs call for
    has_pets: bool = False
    smoker: bool = False
    accepts_smoker: bool = True


@dataclass(frozen=True)
class Config:
    today: datetime.date
    max_km: float = 25.0
    # A training counts from its day for this many days (TRAMA_VOLUNTEER_TRAINING_VALID_DAYS).
    training_valid_days: int = 730
    weights: dict[Criterion, int] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    # Points per day waited, capped: priority must not swamp compatibility.
    waiting_points_per_day: int = 1
    waiting_cap_days: int = 180
    forbidden: frozenset[tuple[int, int]] = frozenset()  # (volunteer id, elder id)
    locked: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class PairScore:
    volunteer_id: int
    elder_id: int
    exclusion: Exclusion | None
    # (criterion, fulfilment in whole percent, points) for a feasible pair.
    criteria: tuple[tuple[Criterion, int, int], ...] = ()
    km: float = 0.0

    @property
    def feasible(self) -> bool:
        return self.exclusion is None

    @property
    def total(self) -> int:
        return sum(points for _, _, points in self.criteria)


@dataclass(frozen=True)
class Proposal:
    pair: PairScore
    locked: bool = False


@dataclass(frozen=True)
class RefusedLock:
    volunteer_id: int
    elder_id: int
    reason: Exclusion


@dataclass(frozen=True)
class Unmatched:
    id: int
    reason: Exclusion  # the constraint that excluded the most candidates
    # How many candidates each constraint excluded.
    counts: tuple[tuple[Exclusion, int], ...]


@dataclass(frozen=True)
class MatchResult:
    proposals: tuple[Proposal, ...]
    refused_locks: tuple[RefusedLock, ...]
    unmatched_elders: tuple[Unmatched, ...]
    unmatched_volunteers: tuple[Unmatched, ...]

    @property
    def total(self) -> int:
        return sum(p.pair.total for p in self.proposals)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle (haversine) distance between two centroids."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _percent(numerator: int, denominator: int) -> int:
    # Half up, in integers, so the same inputs always give the same score.
    return (200 * numerator + denominator) // (2 * denominator) if denominator else 100


def training_expires_on(trained_on: datetime.date, config: Config) -> datetime.date:
    """The first day on which a training no longer counts."""
    return trained_on + datetime.timedelta(days=config.training_valid_days)


def _exclusion(v: VolunteerInput, e: ElderInput, km: float, config: Config) -> Exclusion | None:
    if (v.id, e.id) in config.forbidden:
        return Exclusion.FORBIDDEN
    if v.trained_on is None or v.trained_on > config.today:
        return Exclusion.NOT_TRAINED
    if training_expires_on(v.trained_on, config) <= config.today:
        return Exclusion.TRAINING_EXPIRED
    if not v.slots & e.slots:
        return Exclusion.NO_SHARED_SLOT
    if km > config.max_km:
        return Exclusion.TOO_FAR
    if (e.gender_preference and e.gender_preference != v.gender) or (
        v.gender_preference and v.gender_preference != e.gender
    ):
        return Exclusion.GENDER
    if e.has_pets and not v.accepts_pets:
        return Exclusion.PETS
    if (v.smoker and not e.accepts_smoker) or (e.smoker and not v.accepts_smoker):
        return Exclusion.SMOKING
    return None


def evaluate_pair(v: VolunteerInput, e: ElderInput, config: Config) -> PairScore:
    """The hard checks, then each criterion's fulfilment and points."""
    km = distance_km(v.latitude, v.longitude, e.latitude, e.longitude)
    exclusion = _exclusion(v, e, km, config)
    if exclusion is not None:
        return PairScore(v.id, e.id, exclusion, km=km)
    interests_union = v.interests | e.interests
    fulfilment = {
        Criterion.AVAILABILITY: _percent(len(v.slots & e.slots), len(e.slots)),
        Criterion.DISTANCE: max(0, round(100 * (1 - km / config.max_km))) if config.max_km else 0,
        Criterion.LANGUAGES: 100 if v.languages & e.languages else 0,
        Criterion.INTERESTS: _percent(len(v.interests & e.interests), len(interests_union)),
        Criterion.NEEDS: _percent(len(e.needs & v.means), len(e.needs)),
    }
    criteria = [(c, f, config.weights.get(c, 0) * f) for c, f in fulfilment.items()]
    days = min(max((config.today - e.waiting_since).days, 0), config.waiting_cap_days)
    criteria.append((Criterion.WAITING, days, days * config.waiting_points_per_day))
    return PairScore(v.id, e.id, None, tuple(criteria), km)


def _unmatched(
    ids: Iterable[int], reasons: dict[int, list[Exclusion]], default: Exclusion
) -> tuple[Unmatched, ...]:
    out = []
    for item in ids:
        counts = Counter(reasons.get(item, []))
        ordered = tuple(
            sorted(counts.items(), key=lambda kv: (-kv[1], list(Exclusion).index(kv[0])))
        )
        # A feasible candidate taken by someone else binds first: more volunteers would help.
        if Exclusion.CAPACITY in counts:
            reason = Exclusion.CAPACITY
        else:
            reason = ordered[0][0] if ordered else default
        out.append(Unmatched(item, reason, ordered))
    return tuple(out)


def _prepare(
    volunteers: Sequence[VolunteerInput], elders: Sequence[ElderInput], config: Config
) -> tuple[dict[tuple[int, int], PairScore], list[Proposal], list[RefusedLock], dict[int, int]]:
    scores = {(v.id, e.id): evaluate_pair(v, e, config) for v in volunteers for e in elders}
    capacity = {v.id: v.capacity for v in volunteers}
    locked_elders: set[int] = set()
    kept: list[Proposal] = []
    refused: list[RefusedLock] = []
    for volunteer_id, elder_id in config.locked:
        pair = scores.get((volunteer_id, elder_id))
        if pair is None:
            refused.append(RefusedLock(volunteer_id, elder_id, Exclusion.NO_CANDIDATE))
        elif pair.exclusion is not None:
            refused.append(RefusedLock(volunteer_id, elder_id, pair.exclusion))
        elif elder_id in locked_elders:
            refused.append(RefusedLock(volunteer_id, elder_id, Exclusion.ALREADY_LOCKED))
        elif capacity[volunteer_id] < 1:
            refused.append(RefusedLock(volunteer_id, elder_id, Exclusion.CAPACITY))
        else:
            kept.append(Proposal(pair, locked=True))
            locked_elders.add(elder_id)
            capacity[volunteer_id] -= 1
    return scores, kept, refused, capacity


def _finish(
    volunteers: Sequence[VolunteerInput],
    elders: Sequence[ElderInput],
    scores: dict[tuple[int, int], PairScore],
    proposals: list[Proposal],
    refused: list[RefusedLock],
) -> MatchResult:
    matched_elders = {p.pair.elder_id for p in proposals}
    matched_volunteers = {p.pair.volunteer_id for p in proposals}
    elder_reasons: dict[int, list[Exclusion]] = {}
    volunteer_reasons: dict[int, list[Exclusion]] = {}
    for (v_id, e_id), pair in scores.items():
        reason = pair.exclusion or Exclusion.CAPACITY  # feasible but taken by someone else
        elder_reasons.setdefault(e_id, []).append(reason)
        volunteer_reasons.setdefault(v_id, []).append(reason)
    proposals.sort(key=lambda p: (p.pair.volunteer_id, p.pair.elder_id))
    return MatchResult(
        proposals=tuple(proposals),
        refused_locks=tuple(refused),
        unmatched_elders=_unmatched(
            (e.id for e in elders if e.id not in matched_elders),
            elder_reasons,
            Exclusion.NO_CANDIDATE,
        ),
        unmatched_volunteers=_unmatched(
            (v.id for v in volunteers if v.id not in matched_volunteers and v.capacity > 0),
            volunteer_reasons,
            Exclusion.NO_CANDIDATE,
        ),
    )


def match(
    volunteers: Sequence[VolunteerInput], elders: Sequence[ElderInput], config: Config
) -> MatchResult:
    """The proposal of greatest total score, locks kept."""
    scores, proposals, refused, capacity = _prepare(volunteers, elders, config)
    taken = {p.pair.elder_id for p in proposals}
    free_elders = [e for e in elders if e.id not in taken]
    rows = [v for v in volunteers for _ in range(max(capacity[v.id], 0))]
    if rows and free_elders:
        # One "nobody" column per row: leaving a row empty costs 0, so no pair is forced.
        cost = np.zeros((len(rows), len(free_elders) + len(rows)), dtype=np.int64)
        for i, v in enumerate(rows):
            for j, e in enumerate(free_elders):
                pair = scores[(v.id, e.id)]
                cost[i, j] = -pair.total if pair.feasible else INFEASIBLE
        for i, j in zip(*linear_sum_assignment(cost), strict=True):
            if j < len(free_elders) and cost[i, j] < 0:
                proposals.append(Proposal(scores[(rows[i].id, free_elders[j].id)]))
    return _finish(volunteers, elders, scores, proposals, refused)


def greedy(
    volunteers: Sequence[VolunteerInput], elders: Sequence[ElderInput], config: Config
) -> MatchResult:
    """Baseline: the best remaining feasible pair first, until none is left."""
    scores, proposals, refused, capacity = _prepare(volunteers, elders, config)
    taken = {p.pair.elder_id for p in proposals}
    candidates = sorted(
        (p for p in scores.values() if p.feasible and p.total > 0),
        key=lambda p: (-p.total, p.volunteer_id, p.elder_id),
    )
    for pair in candidates:
        if pair.elder_id not in taken and capacity[pair.volunteer_id] > 0:
            proposals.append(Proposal(pair))
            taken.add(pair.elder_id)
            capacity[pair.volunteer_id] -= 1
    return _finish(volunteers, elders, scores, proposals, refused)
