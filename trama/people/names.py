"""The search key of people's names: accent-, case- and double-letter-insensitive, so that
"Nicolo" finds "Niccolò" and "Rosi" finds "Rossi" (a common spelling slip when a name is
heard, not read). Plain Python: the same key is stored and searched on SQLite and PostgreSQL."""

import re

from trama.core.text import normalize_for_search

_REPEATED = re.compile(r"(.)\1+")


def search_key(value: str | None) -> str:
    return _REPEATED.sub(r"\1", normalize_for_search(value))


def person_search_name(first_name: str, last_name: str) -> str:
    """Both orders, so that "rossi maria" and "maria rossi" are found by "contains"."""
    return f"{search_key(f'{last_name} {first_name}')} | {search_key(f'{first_name} {last_name}')}"
