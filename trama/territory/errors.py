"""Stable codes of the hubs' and offices' domain errors (decision 0026)."""

from enum import StrEnum


class TerritoryErrors(StrEnum):
    HUB_NAME_TAKEN = "hub_name_taken"  # the municipality has a hub with this name
