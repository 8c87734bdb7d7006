"""Scoring a filled-in questionnaire: the total, the domain subtotals, the flag."""

from collections.abc import Mapping
from dataclasses import dataclass

from trama.screening.instruments import Instrument


@dataclass(frozen=True)
class Result:
    instrument: str
    total: int
    domain_totals: dict[str, int]
    flagged: bool
    missing: tuple[str, ...] = ()  # only for a partial score


class ScoringError(ValueError):
    """The answers cannot be scored: items not answered, items the instrument does not have,
    answers an item does not offer. Each attribute lists item codes."""

    def __init__(self, *, missing=(), unknown=(), invalid=()):
        self.missing = tuple(missing)
        self.unknown = tuple(unknown)
        self.invalid = tuple(invalid)
        parts = []
        if self.missing:
            parts.append("not answered: " + ", ".join(self.missing))
        if self.unknown:
            parts.append("not items of this instrument: " + ", ".join(self.unknown))
        if self.invalid:
            parts.append("answers out of range: " + ", ".join(self.invalid))
        super().__init__("; ".join(parts))


def score(instrument: Instrument, answers: Mapping[str, str], *, partial: bool = False) -> Result:
    """Score `answers` (item code -> option code). Refuses anything but a complete set of
    valid answers, unless `partial`: then the unanswered items are listed in `missing`, score
    nothing, and the flag is raised only when the answered items already reach the threshold
    (no option takes points away, so more answers cannot lower the total)."""
    unknown = sorted(code for code in answers if instrument.item(code) is None)
    invalid = []
    missing = []
    total = 0
    domain_totals = {domain.code: 0 for domain in instrument.domains}
    for item in instrument.items:
        if item.code not in answers or answers[item.code] in (None, ""):
            missing.append(item.code)
            continue
        chosen = item.option(answers[item.code]) if isinstance(answers[item.code], str) else None
        if chosen is None:
            invalid.append(item.code)
            continue
        total += chosen.points
        if item.domain:
            domain_totals[item.domain] += chosen.points
    if unknown or invalid or (missing and not partial):
        raise ScoringError(missing=missing, unknown=unknown, invalid=invalid)
    return Result(
        instrument=instrument.code,
        total=total,
        domain_totals=domain_totals,
        flagged=instrument.is_flagged(total),
        missing=tuple(missing),
    )
