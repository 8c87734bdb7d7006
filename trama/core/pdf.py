"""PDFs rendered from templates with WeasyPrint (receipts, minutes, the data-subject export).

Every PDF gets the shared print stylesheet `core/print.css` and the fonts Trama serves
itself; the renderer reads only local files, so no render ever reaches the network."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_STYLESHEET = "core/print.css"

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


def font_faces() -> str:
    """@font-face rules pointing at the local font files."""
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


def render_pdf(template_name: str, context: dict, *, stylesheet: str | None = None) -> bytes:
    """`template_name` rendered with `context` as a PDF: the shared print stylesheet, then
    the static file `stylesheet` when the document needs rules of its own."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    html = render_to_string(template_name, context)
    fetcher = URLFetcher(allowed_protocols={"file"})
    fonts = FontConfiguration()
    sheets = [font_faces(), PRINT_STYLESHEET] + ([stylesheet] if stylesheet else [])
    return HTML(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=[
            CSS(string=sheets[0], url_fetcher=fetcher, font_config=fonts),
            *(
                CSS(filename=finders.find(name), url_fetcher=fetcher, font_config=fonts)
                for name in sheets[1:]
            ),
        ],
        font_config=fonts,
    )
