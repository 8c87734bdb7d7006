"""Sortable tables: only whitelisted keys reach the order, and the headers say how."""

import pytest

from trama.core.sorting import Column, Sort, parse_sort, sort_headers

ALLOWED = ["title", "total"]
DEFAULT = Sort("title")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("total", Sort("total")),
        ("-total", Sort("total", descending=True)),
        (" -title ", Sort("title", descending=True)),
        (None, DEFAULT),
        ("", DEFAULT),
        ("-", DEFAULT),
        ("--total", DEFAULT),
        ("password", DEFAULT),
        ("lead__fiscal_code", DEFAULT),
    ],
)
def test_parse_sort_accepts_only_the_columns(raw, expected):
    assert parse_sort(raw, allowed=ALLOWED, default=DEFAULT) == expected


def test_only_the_sorted_column_has_aria_sort_and_its_link_reverses_it():
    columns = [Column("title", "Titolo"), Column("total", "Totale", numeric=True)]

    ascending = sort_headers(columns, Sort("total"))
    descending = sort_headers(columns, Sort("total", descending=True))

    assert [(h.aria_sort, h.link_param) for h in ascending] == [
        ("", "title"),
        ("ascending", "-total"),
    ]
    assert [(h.aria_sort, h.link_param) for h in descending] == [
        ("", "title"),
        ("descending", "total"),
    ]
    assert ascending[1].numeric and not ascending[0].numeric
