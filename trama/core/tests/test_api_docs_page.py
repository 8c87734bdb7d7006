"""The API docs page is Trama's copy of django-ninja's: it names its language and loads the
stylesheet with the contrast fixes and Trama's starter script (no inline script)."""

import pytest


@pytest.mark.django_db
def test_the_docs_page_names_its_language_and_loads_the_fixes(client):
    html = client.get("/api/v1/docs").content.decode()
    assert '<html lang="en">' in html
    assert "trama/css/api-docs.css" in html
    assert "trama/js/api-docs.js" in html
