"""Matching of volunteers (affidatari) with elders for "Mi affido a te": plain Python and
SciPy, no Django, no app (the volunteering app loads the data and stores the proposal
through a thin service).

A pair is feasible only when every hard constraint holds: the volunteer has finished the
training and it has not expired (it counts for `Config.training_valid_days` from its day),
they share at least one weekly time slot, the distance between their municipalities'
centroids is within the maximum, each side's gender preference is met by the other, and
neither pets nor smoking (either's) are excluded by a preference; forbidden pairs are never
feasible.

A feasible pair's score is the sum over explicit weighted criteria of weight × fulfilment
in whole percent (so scores are integers and comparisons exact): availability overlap
(shared slots / the elder's slots), closeness (1 − km / max km), shared languages (any),
interests (shared / all of the two), needs covered by the volunteer's means. Waiting-time
priority adds weight × days waited (capped) so the long-waiting come first.

The proposal maximises the total score (each elder at most one volunteer, each volunteer at
most their capacity k) with `scipy.optimize.linear_sum_assignment` on a matrix with k rows
per volunteer and one "nobody" column per row. Locked pairs are kept as they are, after
the same hard checks (a lock that breaks one is refused with its reason). Every proposed
pair carries its criterion-by-criterion explanation; every one left unmatched, the
constraint that bound them. `greedy` is the baseline the tests benchmark against.
"""

from trama.matching.algorithm import (
    DEFAULT_WEIGHTS,
    Config,
    Criterion,
    ElderInput,
    Exclusion,
    MatchResult,
    PairScore,
    Proposal,
    RefusedLock,
    Unmatched,
    VolunteerInput,
    distance_km,
    evaluate_pair,
    greedy,
    match,
    training_expires_on,
)

__all__ = [
    "DEFAULT_WEIGHTS",
    "Config",
    "Criterion",
    "ElderInput",
    "Exclusion",
    "MatchResult",
    "PairScore",
    "Proposal",
    "RefusedLock",
    "Unmatched",
    "VolunteerInput",
    "distance_km",
    "evaluate_pair",
    "greedy",
    "match",
    "training_expires_on",
]
