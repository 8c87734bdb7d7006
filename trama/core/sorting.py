"""Sortable tables: a sort key read from the query string against a whitelist, and the
state of each column's header (its `aria-sort` and the link that sorts by it).

A list page declares its columns once (key, label, numeric or not); the selector maps the
keys to database expressions and always adds the id as the last key, so that the order is
stable across pages. An unknown key falls back to the default: the query string never
reaches `order_by` as it is.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = False

    @property
    def param(self) -> str:
        """The value of the `sort` parameter that asks for this order."""
        return f"-{self.key}" if self.descending else self.key


def parse_sort(raw: str | None, *, allowed: Iterable[str], default: Sort) -> Sort:
    """The order a query-string value asks for ("title", "-total"), or `default` when the
    value names no allowed column."""
    value = (raw or "").strip()
    descending = value.startswith("-")
    key = value[1:] if descending else value
    if key not in set(allowed):
        return default
    return Sort(key=key, descending=descending)


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    numeric: bool = False


@dataclass(frozen=True)
class SortHeader:
    """What a column's header shows: its label, `aria-sort` (only on the sorted column, as
    WAI-ARIA asks) and the `sort` value of its link (the sorted column's link reverses it)."""

    key: str
    label: str
    numeric: bool
    aria_sort: str  # "ascending", "descending" or "" when the table is not sorted by it
    link_param: str


def sort_headers(columns: Sequence[Column], current: Sort) -> list[SortHeader]:
    headers = []
    for column in columns:
        if column.key == current.key:
            aria = "descending" if current.descending else "ascending"
            link = Sort(column.key, descending=not current.descending).param
        else:
            aria = ""
            link = Sort(column.key).param
        headers.append(
            SortHeader(
                key=column.key,
                label=column.label,
                numeric=column.numeric,
                aria_sort=aria,
                link_param=link,
            )
        )
    return headers
