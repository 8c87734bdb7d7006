"""What the engine knows about one person: plain data, every field optional.

`None` always means "we do not know", never "no": the difference is the whole point of the
three-valued result (an operator must see "ISEE missing", not "not eligible"). The Django glue
fills it from the person's record (or from the anonymous self-check form); the SQL path reads
the same fields as columns of a flat view (`sql.Columns`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

FamilyNetwork = Literal["strong", "weak", "none"]
FAMILY_NETWORKS: tuple[FamilyNetwork, ...] = ("strong", "weak", "none")


@dataclass(frozen=True)
class PersonFacts:
    """The facts the rules read. An ISEE is two facts: its value and the day it expires."""

    birth_date: date | None = None
    residence_istat: str | None = None
    isee_value: Decimal | None = None
    isee_expires_on: date | None = None
    lives_alone: bool | None = None
    family_network: FamilyNetwork | None = None
    atc_tenant: bool | None = None
    in_charge_uvg: bool | None = None
    household_has_minors: bool | None = None

    def __post_init__(self) -> None:
        # A misspelt network ("Weak") would silently read as "strong": refuse it at the door.
        if self.family_network is not None and self.family_network not in FAMILY_NETWORKS:
            raise ValueError(f"family_network must be one of {FAMILY_NETWORKS} or None")
