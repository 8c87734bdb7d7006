"""Text normalisation shared by every searchable name."""

import unicodedata


def normalize_for_search(value: str | None) -> str:
    """Lower-case, accent-free, single-spaced: "Niccolò  D'Àrco" -> "niccolo d'arco".

    Stored in a `search_*` column on both databases, so "contains" works the same on SQLite
    and PostgreSQL and can be indexed (pg_trgm) there.
    """
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFKD", value)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
