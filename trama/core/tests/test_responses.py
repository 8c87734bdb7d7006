"""Downloads: one answer for every file Trama hands out."""

from trama.core.responses import attachment


def test_a_plain_name_is_a_plain_attachment_never_cached():
    response = attachment(b"%PDF-", filename="verbale-3.pdf", content_type="application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="verbale-3.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    assert response.content == b"%PDF-"


def test_accents_and_apostrophes_survive_in_the_name():
    response = attachment(b"x", filename="verbale-Sant'Ambrogio-è.pdf", content_type="text/plain")
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert "Sant%27Ambrogio-%C3%A8.pdf" in header
