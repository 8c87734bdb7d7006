"""The DPO answers a data-subject request in the browser: PDF export, then anonymisation."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.audit.models import AccessLogEntry, Action
from trama.demo.loader import DEMO_PASSWORD
from trama.people.models import Person


def _break_the_glass(page, person: Person) -> None:
    """The DPO reads a person only by breaking the glass with a reason (decision 0019)."""
    page.goto("/gestione/persone/accesso-straordinario/")
    page.get_by_label("Numero di scheda").fill(str(person.pk))
    page.get_by_label(re.compile("^Perché ti serve")).fill(
        "Richiesta di accesso dell'interessato, protocollo 412"
    )
    page.get_by_role("button", name="Apri la scheda").click()


def _open_record(page, person: Person) -> None:
    page.goto(f"/gestione/persone/{person.pk}/")
    page.get_by_label(re.compile("^Perché apri")).select_option("data_subject_request")
    page.get_by_role("button", name="Apri la scheda").click()


def test_dpo_exports_the_pdf_and_anonymises_a_person(page, demo):
    person = Person.objects.filter(anonymized_at__isnull=True).exclude(fiscal_code="").first()
    last_name = person.last_name
    login(page, "dpo", DEMO_PASSWORD)
    _break_the_glass(page, person)
    expect(page.get_by_role("heading", level=1)).to_contain_text(last_name)
    _open_record(page, person)
    expect(page.get_by_role("heading", level=1)).to_contain_text(last_name)
    expect(page.get_by_role("heading", name="Richieste dell'interessato")).to_be_visible()
    assert_accessible(page, "person with the data-subject buttons")

    with page.expect_download() as download_info:
        page.get_by_role("button", name="Esporta i dati (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == f"persona-{person.pk}-dati.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(4) == b"%PDF"
    assert AccessLogEntry.objects.filter(
        action=Action.EXPORT, object_id=str(person.pk), details__format="pdf"
    ).exists()

    page.get_by_role("link", name="Anonimizza").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonimizza una persona")
    assert_accessible(page, "erasure confirmation")
    page.get_by_role("button", name="Anonimizza definitivamente").click()
    expect(page.locator("#id_reason_errors")).to_be_visible()
    assert_accessible(page, "erasure without a reason")
    assert Person.objects.get(pk=person.pk).anonymized_at is None

    page.get_by_label(re.compile("^Motivo della cancellazione")).fill(
        "Richiesta scritta consegnata al presidio il 3 novembre"
    )
    page.get_by_role("button", name="Anonimizza definitivamente").click()
    expect(page.get_by_role("alert").first).to_contain_text("anonimizzata")

    _open_record(page, person)
    expect(page.get_by_role("status").first).to_contain_text("è stata anonimizzata")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(last_name)
    expect(page.get_by_role("link", name="Anonimizza")).to_have_count(0)
    assert_accessible(page, "anonymised person")
    assert Person.objects.get(pk=person.pk).anonymized_at is not None


def test_the_data_subject_page_fits_a_phone(page, demo):
    person = Person.objects.filter(anonymized_at__isnull=True).first()
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, "dpo", DEMO_PASSWORD)
    _break_the_glass(page, person)
    page.goto(f"/gestione/persone/{person.pk}/anonimizza/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anonimizza una persona")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "erasure confirmation at 375 px")
