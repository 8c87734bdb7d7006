"""Issue 5, point 1 in the browser: the coordinator drafts a call with two criteria, uploads
the notice (a PDF made here with WeasyPrint), publishes it, and the public site shows it with
its criteria and document. axe-core on every page; the public page also at 375 px.

Set TRAMA_SHOTS=/some/dir to keep a screenshot of each page at 1280 and 375 px."""

import datetime
import os
import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import Call, CallState

SHOTS = os.environ.get("TRAMA_SHOTS", "")
PHONE_WIDTH = 375


@pytest.fixture
def coordinator(transactional_db):
    user = UserFactory(username="coordinatrice_avvisi", first_name="Marta", last_name="Rosso")
    grant(user, "coordinator")
    return user


@pytest.fixture
def notice_pdf(tmp_path) -> Path:
    from weasyprint import HTML

    path = tmp_path / "avviso.pdf"
    HTML(string="<h1>Avviso pubblico</h1><p>Co-progettazione di servizi.</p>").write_pdf(path)
    assert path.read_bytes().startswith(b"%PDF-")
    return path


def _shot(page, label: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        width = page.viewport_size["width"]
        page.screenshot(path=f"{SHOTS}/calls-{slug}-{width}.png", full_page=True)


def _check(page, label: str) -> None:
    assert_accessible(page, label)
    _shot(page, label)


def test_the_coordinator_publishes_a_call_that_the_public_site_shows(page, coordinator, notice_pdf):
    login(page, coordinator.username)
    page.get_by_role("link", name="Avvisi", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Avvisi")
    _check(page, "call list")

    # The draft: terms, requirements and the timeline in Italian time.
    page.get_by_role("link", name="Nuovo avviso").click()
    _check(page, "new call form")
    page.get_by_label("Titolo").fill("Avviso per la prossimità agli anziani soli")
    page.get_by_label("Tipo di avviso").select_option("co_design")
    page.get_by_label(re.compile("^Finalità")).fill(
        "Co-progettare con gli ETS interventi di prossimità per persone anziane sole."
    )
    page.get_by_label(re.compile("^Risorse disponibili")).fill("90000")
    page.get_by_label(re.compile("^Cofinanziamento minimo")).fill("10")
    page.get_by_label(re.compile("^Soglia di ammissione")).fill("60")
    questions = timezone.localdate() + datetime.timedelta(days=20)
    proposals = timezone.localdate() + datetime.timedelta(days=30)
    page.locator("#id_questions_deadline_0").fill(questions.isoformat())
    page.locator("#id_questions_deadline_1").fill("12:00")
    page.locator("#id_proposals_deadline_0").fill(proposals.isoformat())
    page.locator("#id_proposals_deadline_1").fill("12:00")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("alert")).to_contain_text("bozza")
    _check(page, "draft call")

    # Publishing with no criterion is refused, with the rule.
    page.get_by_role("button", name="Pubblica l'avviso").click()
    expect(page.get_by_role("alert")).to_contain_text("non può essere pubblicato")
    _check(page, "refused publication")

    # Two criteria.
    page.get_by_role("link", name="Gestisci i criteri").click()
    for title, points, weight in (
        ("Qualità della proposta", "40", "1"),
        ("Radicamento", "30", "1.5"),
    ):
        page.get_by_label(re.compile("^Criterio")).fill(title)
        page.get_by_label("Punteggio massimo").fill(points)
        page.get_by_label("Peso").fill(weight)
        page.get_by_role("button", name="Aggiungi").click()
        expect(page.get_by_role("alert")).to_contain_text("Criterio aggiunto")
    expect(page.get_by_role("table")).to_contain_text("Totale (2 criteri)")
    _check(page, "criteria")

    # The notice: a real PDF.
    page.get_by_role("link", name="Torna all'avviso").click()
    page.get_by_role("link", name="Gestisci i documenti").click()
    page.get_by_label("Tipo di documento").select_option("notice")
    page.get_by_label("Titolo").fill("Testo dell'avviso")
    page.get_by_label("File (PDF)").set_input_files(str(notice_pdf))
    page.get_by_role("button", name="Carica").click()
    expect(page.get_by_role("alert")).to_contain_text("Documento caricato")
    _check(page, "documents")

    page.get_by_role("link", name="Torna all'avviso").click()
    page.get_by_role("button", name="Pubblica l'avviso").click()
    expect(page.get_by_role("alert")).to_contain_text("Avviso pubblicato")
    call = Call.objects.get(title="Avviso per la prossimità agli anziani soli")
    assert call.state == CallState.PUBLISHED
    assert timezone.localtime(call.proposals_deadline).hour == 12

    # The public site: in the list of open calls, and its page.
    page.goto("/avvisi/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Avvisi e bandi")
    _check(page, "public call list")
    page.get_by_role("link", name="Avviso per la prossimità agli anziani soli").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Avviso per la prossimità agli anziani soli"
    )
    expect(page.get_by_role("table")).to_contain_text("Radicamento")
    expect(page.get_by_role("link", name="Testo dell'avviso")).to_be_visible()
    _check(page, "public call page")

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the public call page is {width} px wide at {PHONE_WIDTH} px"
    assert_accessible(page, f"public call page at {PHONE_WIDTH} px")
    _shot(page, "public call page")

    # The document is served as the PDF that was uploaded.
    href = page.get_by_role("link", name="Testo dell'avviso").get_attribute("href")
    response = page.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    assert response.body() == notice_pdf.read_bytes()
