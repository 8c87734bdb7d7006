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
