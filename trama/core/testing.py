"""Helpers for the tests of every app: reading what Trama generates, with Python only.

PDFs are read with pypdf rather than poppler's command-line tools, so that `make test`
needs nothing beyond Python on a fresh machine.
"""

from io import BytesIO

from pypdf import PdfReader


def pdf_text(data: bytes) -> str:
    """The text of every page of a PDF, in reading order, pages separated by a newline."""
    reader = PdfReader(BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def pdf_font_names(data: bytes) -> set[str]:
    """The base names of the fonts the PDF's pages use (subset prefixes like `ABCDEF+` dropped)."""
    reader = PdfReader(BytesIO(data))
    names: set[str] = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            name = str(font.get_object().get("/BaseFont", ""))
            names.add(name.lstrip("/").split("+", 1)[-1])
    return names


def captured_sql(captured) -> list[str]:
    """The SQL of a CaptureQueriesContext (or django_assert_num_queries), in order."""
    return [query["sql"] for query in captured.captured_queries]


def assert_query_budget(few: list[str], many: list[str], *, budget: int, label: str = "") -> None:
    """A page issues as many queries with many rows as with few, and no more than its
    absolute budget; on failure the message numbers the SQL of the larger run (and of the
    smaller one when the counts differ), so the extra query shows itself."""

    def listing(queries: list[str]) -> str:
        return "\n".join(f"  {n:>3}. {sql[:400]}" for n, sql in enumerate(queries, 1))

    name = f"{label}: " if label else ""
    if len(many) != len(few):
        raise AssertionError(
            f"{name}{len(few)} queries with few rows, {len(many)} with many.\n"
            f"With few:\n{listing(few)}\nWith many:\n{listing(many)}"
        )
    if len(many) > budget:
        raise AssertionError(
            f"{name}{len(many)} queries, over the budget of {budget}:\n{listing(many)}"
        )
