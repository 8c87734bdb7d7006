"""A person's timeline, filled by every app that records events about them.

Casework draws the timeline of a person opened within the reader's scope; higher apps
(housing…) add their events through a source registered here from `AppConfig.ready()`,
since casework may not import them. A source gets the opened person and the reader and
returns its entries in a fixed number of queries; it links an entry only to a page the
reader may open."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    text: str
    url_name: str = ""
    url_pk: int | None = None


Source = Callable[[Any, Any], Iterable[TimelineEntry]]
_SOURCES: dict[str, Source] = {}


def register(key: str, source: Source) -> None:
    """Add an app's events (`source(person, user)`) to every timeline; once per key."""
    _SOURCES[key] = source


def entries_from_sources(person, user) -> list[TimelineEntry]:
    return [entry for source in _SOURCES.values() for entry in source(person, user)]
