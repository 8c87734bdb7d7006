"""The organisations import in the browser: an Italian Excel CSV, its preview, the
confirmation; axe on every page, at desktop width and at 390 px."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.demo.loader import DEMO_PASSWORD
from trama.organizations.models import Organization
from trama.organizations.tests.factories import valid_numeric_fiscal_code


def _excel_csv() -> bytes:
    # Windows-1252 and `;`, as Italian Excel saves "CSV (delimitato dal separatore di elenco)".
    lines = [
        "Denominazione;Forma giuridica;Codice fiscale;Comune;Settori",
        f"Circolo Società Aperta;Associazione di promozione sociale;{valid_numeric_fiscal_code(515151)};Collegno;a u",
        "Volontari di Borgata;Organizzazione di volontariato;;Grugliasco;",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def test_coordinator_imports_an_italian_excel_csv(page, demo):
    login(page, "coordinatrice", DEMO_PASSWORD)
    page.goto("/gestione/organizzazioni/importa/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importa organizzazioni")
    assert_accessible(page, "import page")

    page.set_input_files(
        "#id_file", files=[{"name": "elenco.csv", "mimeType": "text/csv", "buffer": _excel_csv()}]
    )
    page.get_by_role("button", name="Controlla il file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Controllo dell'importazione")
    expect(page.get_by_role("status")).to_contain_text("Nessun errore")
    expect(page.locator("table")).to_contain_text("Circolo Società Aperta")
    assert_accessible(page, "preview")
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, "preview at 390 px")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the preview scrolls sideways at 390 px ({width} px)"

    page.get_by_role("button", name=re.compile("Importa 2 organizzazioni")).click()
    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "2 organizzazioni importate"
    )
    assert_accessible(page, "list after the import at 390 px")
    imported = Organization.objects.get(name="Circolo Società Aperta")
    assert (imported.legal_form, imported.municipality.name) == ("aps", "Collegno")


def test_a_large_import_runs_in_the_background_and_its_page_shows_the_outcome(page, demo, settings):
    settings.TRAMA_IMPORT_BACKGROUND_ROWS = 1  # the two rows count as a large file
    login(page, "coordinatrice", DEMO_PASSWORD)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/gestione/organizzazioni/importa/")
    assert_accessible(page, "import page at 390 px")
    page.set_input_files(
        "#id_file", files=[{"name": "elenco.csv", "mimeType": "text/csv", "buffer": _excel_csv()}]
    )
    page.get_by_role("button", name="Controlla il file").click()
    expect(page.locator("main")).to_contain_text("in background")
    page.get_by_role("button", name=re.compile("Importa 2 organizzazioni")).click()
    # The test settings run tasks at once, so the status page already shows the outcome.
    expect(page.get_by_role("heading", level=1)).to_contain_text("Importazione in background")
    expect(page.get_by_role("status")).to_contain_text("2 organizzazioni importate")
    assert_accessible(page, "background import at 390 px")
    assert Organization.objects.filter(name="Volontari di Borgata").exists()
