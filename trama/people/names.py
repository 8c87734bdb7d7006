"""The search key of people's names (decision 0004).

A search ignores case, accents, doubled letters ("Rosi" finds "Rossi"), apostrophes, spaces
and hyphens ("DAngelo", "d angelo" and "d'angelo" find "D'Angelo") and the order of the
name's words ("Bianchi De Luca" and "luca de bianchi" find "De Luca Bianchi").

The key is computed here, in plain Python, and stored in `Person.search_name`, so SQLite and
PostgreSQL answer alike; on PostgreSQL a pg_trgm index serves the "contains" of each term.
"""

import re

from django.db.models import Q

from trama.core.text import normalize_for_search

_REPEATED = re.compile(r"(.)\1+")
# A word of a name: letters and digits; apostrophes, hyphens, dots and spaces separate words.
_WORD = re.compile(r"[^\W_]+")
# Between the sorting part of the key and its words (never inside a search term).
SEPARATOR = " | "


def _collapse(value: str) -> str:
    return _REPEATED.sub(r"\1", value)


def search_key(value: str | None) -> str:
    """Lower-case, accent-free, doubled letters collapsed: "Niccolò Rossi" -> "nicolo rosi"."""
    return _collapse(normalize_for_search(value))


def _words(value: str) -> list[str]:
    return [_collapse(word) for word in _WORD.findall(normalize_for_search(value))]


def _compact(value: str) -> str:
    """The whole of a name without separators: "D'Angelo" -> "dangelo", "De Luca" -> "deluca"."""
    return _collapse("".join(_words(value)))


def person_search_name(first_name: str, last_name: str) -> str:
    """The stored key: "last first" (what lists sort by), then the sorted set of the name's
    words and of each name written without separators, which search terms are matched in.

    "D'Angelo", "Maria Pia" -> "d'angelo maria pia | angelo d dangelo maria mariapia pia".
    """
    words = set(_words(last_name)) | set(_words(first_name))
    words |= {_compact(last_name), _compact(first_name)} - {""}
    return f"{search_key(f'{last_name} {first_name}')}{SEPARATOR}{' '.join(sorted(words))}"


def search_terms(query: str | None) -> list[str]:
    """What a query must find, each in the key: every word the user typed, without its
    apostrophes or hyphens ("d'angelo" -> "dangelo"; "d angelo" -> "d", "angelo")."""
    terms = (_compact(part) for part in normalize_for_search(query).split())
    return list(dict.fromkeys(term for term in terms if term))


def person_name_q(query: str | None, field: str = "search_name") -> Q:
    """The condition "the person's name matches `query`": every term in the key, in any order.
    A query with no letters at all matches no one."""
    terms = search_terms(query)
    if not terms:
        return Q(pk__in=[])
    condition = Q()
    for term in terms:
        condition &= Q(**{f"{field}__contains": term})
    return condition
