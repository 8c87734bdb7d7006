"""The cabina di regia in the browser: the coordinator prepares a meeting, convenes it,
records who is there, puts an item to the vote and gives the decision an action; the owner's
member reports progress; the public accountability page shows it. axe on every page, at
desktop width and at 390 px."""

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone, login
from trama.core.testing import pdf_text
from trama.demo.loader import DEMO_PASSWORD
from trama.participation.demo import BODY_NAME
from trama.participation.models import Decision, FollowUpAction, GovernanceBody


def test_a_meeting_from_convocation_to_public_accountability(page, demo):
    body = GovernanceBody.objects.get(name=BODY_NAME)
    login(page, "coordinatrice", DEMO_PASSWORD)
    page.goto("/gestione/")
    page.get_by_role("link", name="Cabine di regia").first.click()
    page.get_by_role("link", name=BODY_NAME, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BODY_NAME)
    assert_accessible(page, "body")
    assert_fits_phone(page, "body")

    page.get_by_role("link", name="Nuova riunione").click()
    start = timezone.localtime() + dt.timedelta(days=14)
    page.get_by_label("Titolo").fill("Riunione di dicembre")
    page.get_by_label("Inizio").fill(start.strftime("%Y-%m-%dT18:00"))
    # A meeting ending before it starts is refused, in Italian, and nothing is created.
    page.get_by_label("Fine").fill(start.strftime("%Y-%m-%dT17:00"))
    page.get_by_label("Luogo").fill("Cittadella del Welfare")
    page.get_by_label("Ordine del giorno").fill("Bilancio delle attività\nVarie ed eventuali")
    page.get_by_label("Punti messi ai voti").fill("1")
    page.get_by_role("button", name="Crea").click()
    expect(page.locator("main")).to_contain_text("La riunione deve finire dopo l’inizio.")
    assert_accessible(page, "meeting form with an error")
    assert not body.meetings.filter(title="Riunione di dicembre").exists()
    page.get_by_label("Fine").fill(start.strftime("%Y-%m-%dT20:00"))
    page.get_by_role("button", name="Crea").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riunione di dicembre")

    page.get_by_role("button", name="Convoca per e-mail").click()
    expect(page.locator("main")).to_contain_text("convocata")
    page.get_by_role("link", name="Registra le presenze").click()
    assert_accessible(page, "attendance")
    for member in body.members.select_related("organization")[:4]:
        page.get_by_label(re.compile(re.escape(str(member.organization)))).select_option("present")
    page.get_by_role("button", name="Salva le presenze").click()
    expect(page.locator("main")).to_contain_text("Presenze registrate")
    assert_accessible(page, "meeting being held")
    assert_fits_phone(page, "meeting being held")

    page.get_by_role("link", name=re.compile("Registra la decisione — Bilancio")).click()
    expect(page.locator("main")).to_contain_text("Il numero legale è raggiunto.")
    page.get_by_label("Decisione").fill("Il bilancio delle attività è approvato.")
    for radio in page.get_by_role("radio", name="favorevole").all():
        radio.check()
    page.get_by_role("button", name="Registra la decisione").click()
    expect(page.locator("main")).to_contain_text("Decisione registrata: approvata.")

    # The draft minutes, as a PDF, with the vote just recorded.
    meeting = body.meetings.get(title="Riunione di dicembre")
    page.goto(f"/gestione/partecipazione/riunioni/{meeting.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Scarica la bozza del verbale (PDF)").click()
    assert download.value.suggested_filename == f"verbale-riunione-{meeting.pk}.pdf"
    minutes = " ".join(pdf_text(Path(download.value.path()).read_bytes()).split())
    assert "Il bilancio delle attività è approvato." in minutes and "Bozza" in minutes

    decision = Decision.objects.get(item__meeting__title="Riunione di dicembre")
    page.goto(f"/gestione/partecipazione/decisioni/{decision.pk}/")
    page.locator("#id_title").fill("Presentare il bilancio ai quartieri")
    page.get_by_label("Organizzazione responsabile").select_option(label="Auser Grugliasco")
    page.get_by_label("Scadenza").fill("2027-02-28")
    page.get_by_role("button", name="Aggiungi l'azione").click()
    expect(page.locator("main")).to_contain_text("Azione aggiunta.")
    assert_accessible(page, "decision")

    # The member of the owner organisation reports how far it has gone.
    action = FollowUpAction.objects.get(title="Presentare il bilancio ai quartieri")
    page.context.clear_cookies()
    login(page, "ets", DEMO_PASSWORD)
    page.goto(f"/gestione/partecipazione/azioni/{action.pk}/")
    page.get_by_label("Avanzamento (%)").fill("100")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_label("Che cosa è stato fatto").fill("Presentato in tre quartieri.")
    page.get_by_role("button", name="Comunica l’avanzamento").click()
    expect(page.locator("main")).to_contain_text("Al 100% l’azione è conclusa")
    page.locator("#id_status").select_option("done")
    page.get_by_role("button", name="Comunica l’avanzamento").click()
    expect(page.locator("main")).to_contain_text("Avanzamento comunicato.")
    assert_accessible(page, "action")

    page.context.clear_cookies()
    page.goto(f"/cabine-di-regia/{body.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(BODY_NAME)
    row = page.get_by_role("row", name=re.compile("Presentare il bilancio ai quartieri"))
    expect(row).to_contain_text("100%")
    expect(row).to_contain_text("conclusa")
    assert_accessible(page, "public accountability page")
    assert_fits_phone(page, "public accountability page")
