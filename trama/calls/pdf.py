"""PDF in and out for the calls app: recognising an uploaded PDF (documents of a call,
attachments of a proposal) and rendering one from a template (receipt, minutes) with
WeasyPrint, reading only local files so that no render ever reaches the network."""

import hashlib
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# A PDF is recognised by its first bytes, not by its name or the type the browser declared.
PDF_MAGIC = b"%PDF-"

# (family, folder under static/fonts, file stem, ((weight, variant), ...))
_FONTS = (
    (
        "Titillium Web",
        "Titillium_Web",
        "titillium-web-v10-latin-ext_latin",
        ((400, "regular"), (600, "600"), (700, "700")),
    ),
    ("Roboto Mono", "Roboto_Mono", "roboto-mono-v13-latin-ext_latin", ((400, "regular"),)),
)


@dataclass(frozen=True)
class UploadFacts:
    size: int
    sha256: str
    is_pdf: bool


def upload_facts(upload) -> UploadFacts:
    """Size, SHA-256 and whether it starts like a PDF, read in chunks (the whole file is
    never held in memory); the file is left rewound."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < len(PDF_MAGIC):
            head += chunk[: len(PDF_MAGIC) - len(head)]
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return UploadFacts(size=size, sha256=digest.hexdigest(), is_pdf=head == PDF_MAGIC)


def font_faces() -> str:
    """@font-face rules pointing at the fonts Trama serves itself."""
    faces = []
    for family, folder, stem, variants in _FONTS:
        for weight, name in variants:
            path = finders.find(f"fonts/{folder}/{stem}-{name}.ttf")
            if path:
                faces.append(
                    f"@font-face {{ font-family: '{family}'; font-weight: {weight}; "
                    f"src: url('file://{path}'); }}"
                )
    return "\n".join(faces)


def render_pdf(template: str, context: dict, *, stylesheet: str) -> bytes:
    """`template` rendered with `context` as a PDF, styled by the static file `stylesheet`."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"file"})
    fonts = FontConfiguration()
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[
            CSS(string=font_faces(), url_fetcher=fetcher, font_config=fonts),
            CSS(filename=finders.find(stylesheet), url_fetcher=fetcher, font_config=fonts),
        ],
        font_config=fonts,
    )
