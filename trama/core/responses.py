"""Files handed to the browser: one way to answer with a download."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def attachment(content: bytes | str, *, filename: str, content_type: str) -> HttpResponse:
    """A download of `content` named `filename` (RFC 6266, so accents and apostrophes in a
    name survive). Never kept by a cache: every file Trama hands out is someone's data."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response
