import io
from unittest import mock

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from trama.core import pdf


def test_print_stylesheet_and_fonts_are_local_files():
    assert finders.find(pdf.PRINT_STYLESHEET)
    faces = pdf.font_faces()
    assert "Titillium Web" in faces
    assert "http" not in faces and "file://" in faces


@pytest.mark.django_db
def test_render_pdf_gives_a_pdf_with_the_text_and_embedded_local_fonts():
    html = "<html><body><h1>Ricevuta</h1><p>31 ottobre 2026</p></body></html>"
    with mock.patch.object(pdf, "render_to_string", return_value=html) as render:
        data = pdf.render_pdf("any.html", {"x": 1})
    render.assert_called_once_with("any.html", {"x": 1})
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert "31 ottobre 2026" in reader.pages[0].extract_text()
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("Titillium" in name for name in fonts)
