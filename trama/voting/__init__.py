"""Quorum and majority of a body's vote, as plain data (no Django): the participation app
stores the votes and asks here whether the body could vote and what it decided.

Rules (the ones a cabina di regia's regulation usually states):
- quorum: at least `quorum_percent` % of the voting members present, rounded up;
- simple majority: more votes in favour than against (abstentions do not count);
- absolute majority: more votes in favour than half of the voting members present;
- two thirds: at least two thirds of the voting members present in favour.
A tie is never an approval.
"""

from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction
from math import ceil


class MajorityRule(StrEnum):
    SIMPLE = "simple"
    ABSOLUTE = "absolute"
    TWO_THIRDS = "two_thirds"


@dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    required: int

    @property
    def met(self) -> bool:
        return self.members > 0 and self.present >= self.required


def quorum(*, present: int, members: int, quorum_percent: int) -> Quorum:
    if not 1 <= quorum_percent <= 100:
        raise ValueError("quorum_percent must be between 1 and 100")
    if present < 0 or members < 0 or present > members:
        raise ValueError("present must be between 0 and members")
    required = max(1, ceil(Fraction(members * quorum_percent, 100)))
    return Quorum(present=present, members=members, required=required)


def approved(*, yes: int, no: int, abstain: int, present: int, rule: MajorityRule) -> bool:
    """Whether the motion passes. `present` counts the voting members present, each of whom
    cast exactly one of yes/no/abstain."""
    if min(yes, no, abstain) < 0 or yes + no + abstain != present:
        raise ValueError("every voting member present casts exactly one vote")
    if rule is MajorityRule.SIMPLE:
        return yes > no
    if rule is MajorityRule.ABSOLUTE:
        return 2 * yes > present
    if rule is MajorityRule.TWO_THIRDS:
        return present > 0 and 3 * yes >= 2 * present
    raise ValueError(f"unknown rule {rule!r}")
