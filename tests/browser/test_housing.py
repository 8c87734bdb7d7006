"""RI-abitare la città in the browser, end to end on the demo: the mediator records a
condominium meeting with who came and a visit to one household, reports a maintenance issue
and refers it to ATC; ATC's member sees it (and no household's name), takes it in hand and
resolves it; the mediator records the household's two answers; the building's dashboard
shows the time to resolution. axe on every page, at desktop width and at 390 px."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone, login
from trama.demo.loader import DEMO_PASSWORD
from trama.housing.models import Activity, Building, Issue, IssueState

BUILDING = "Palazzina ATC – Collegno"
DESCRIPTION = "La caldaia dell'alloggio si spegne ogni notte."


def _check(page, label: str) -> None:
    assert_accessible(page, label)
    assert_fits_phone(page, label)


def _logout(page) -> None:
    page.get_by_role("button", name="Esci").click()
    page.wait_for_url(re.compile(r".*/(accounts/login/)?(\?.*)?$"))


def test_a_mediator_bridges_an_issue_to_atc_and_the_dashboard_shows_its_resolution(page, demo):
    building = Building.objects.get(hub__name=BUILDING)
    tenants = [t.household for t in building.units.first().tenancies.filter(end_on=None)]
    tenants += [
        t.household
        for unit in building.units.all()[1:3]
        for t in unit.tenancies.filter(end_on=None)
    ]
    first, second = tenants[0], tenants[1]
    today = timezone.localdate().isoformat()

    login(page, "mediatrice", DEMO_PASSWORD)
    page.goto("/gestione/")
    page.get_by_role("link", name="Abitare", exact=True).first.click()
    page.get_by_role("link", name="Palazzine").first.click()
    _check(page, "buildings")
    page.get_by_role("link", name=BUILDING).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(BUILDING)
    _check(page, "building")

    # A condominium meeting, with who came.
    page.get_by_role("link", name="Nuova attività").click()
    page.get_by_label("Tipo di attività").select_option(
        label="Incontro, attività aggregativa o formativa"
    )
    page.get_by_text("Tutta la palazzina", exact=True).click()
    page.get_by_label("Titolo").fill("Riunione di condominio di dicembre")
    page.get_by_label("Data").fill(today)
    present = page.locator("fieldset", has_text="Nuclei presenti")
    present.get_by_text(first.label, exact=True).click()
    present.get_by_text(second.label, exact=True).click()
    page.get_by_label("Persone presenti (eventi aperti)").fill("9")
    page.get_by_label("Esito").fill("Concordati i turni di pulizia delle scale.")
    _check(page, "activity form")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Riunione di condominio di dicembre")
    expect(page.locator("#activity-attendees")).to_contain_text(first.label)
    _check(page, "activity")
    meeting = Activity.objects.get(title="Riunione di condominio di dicembre")
    assert set(meeting.attendees.all()) == {first, second} and meeting.head_count == 9

    # A visit to one household.
    page.get_by_role("link", name=BUILDING).click()
    page.get_by_role("link", name="Nuova attività").click()
    page.get_by_label("Tipo di attività").select_option(label="Ascolto attivo e supporto")
    page.get_by_text("Un nucleo", exact=True).click()
    page.get_by_label("Nucleo (per un'attività con un solo nucleo)").select_option(
        label=first.label
    )
    page.get_by_label("Titolo").fill("Visita a domicilio")
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visita a domicilio")
    assert Activity.objects.get(title="Visita a domicilio").household == first

    # A maintenance issue, referred to ATC.
    page.get_by_role("link", name=BUILDING).click()
    page.get_by_role("link", name="Nuova segnalazione").click()
    _check(page, "issue form")
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("Correggi gli errori indicati qui sotto.")
    assert not Issue.objects.filter(building=building, description="").exists()
    page.get_by_text("Manutenzione", exact=True).click()
    page.get_by_label("Descrizione").fill(DESCRIPTION)
    page.get_by_label(
        "Segnalata dal nucleo (a cui si chiede com'è andata alla chiusura)"
    ).select_option(label=first.label)
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("#issue-state")).to_have_text("Segnalata")
    _check(page, "issue, reported")
    page.get_by_label("Ente competente").select_option(label="ATC del Piemonte Centrale")
    page.get_by_role("button", name="Invia", exact=True).click()
    expect(page.locator("#issue-state")).to_have_text("Inviata all'ente")
    issue = Issue.objects.get(description=DESCRIPTION)
    assert issue.referred_to.name == "ATC del Piemonte Centrale"
    _logout(page)

    # ATC's member: the issue is in the inbox, without the household's name.
    login(page, "atc", DEMO_PASSWORD)
    page.goto("/gestione/")
    page.get_by_role("link", name="Segnalazioni abitative").first.click()
    _check(page, "ATC's inbox")
    inbox = page.locator("main table")
    expect(inbox).to_contain_text("ATC del Piemonte Centrale")
    expect(inbox).not_to_contain_text("Comune di Collegno")
    expect(inbox).not_to_contain_text("ASL TO3")
    page.get_by_role("link", name=f"Segnalazione n. {issue.pk}", exact=True).click()
    expect(page.locator("main")).to_contain_text(DESCRIPTION)
    expect(page.locator("main")).not_to_contain_text(first.label)
    _check(page, "issue, for ATC")
    for step in ("Presa in carico", "In corso"):
        page.get_by_label("Passaggio").select_option(label=step)
        page.get_by_role("button", name="Invia la risposta").click()
        expect(page.locator("#issue-state")).to_have_text(step)
    page.get_by_label("Passaggio").select_option(label="Risolta")
    page.get_by_label("Risposta dell'ente").fill("Sostituita la valvola della caldaia.")
    page.get_by_role("button", name="Invia la risposta").click()
    expect(page.locator("#issue-state")).to_have_text("Risolta")
    issue.refresh_from_db()
    assert issue.state == IssueState.RESOLVED
    _logout(page)

    # The mediator asks the household how it went.
    login(page, "mediatrice", DEMO_PASSWORD)
    page.goto(f"/gestione/abitare/segnalazioni/{issue.pk}/")
    page.locator("fieldset", has_text="La segnalazione è stata gestita bene?").get_by_text(
        "Sì"
    ).click()
    page.locator("fieldset", has_text="Il nucleo è stato tenuto informato?").get_by_text(
        "Sì"
    ).click()
    _check(page, "issue, closed")
    page.get_by_role("button", name="Registra le risposte").click()
    expect(page.locator("#issue-feedback")).to_contain_text("Gestita bene: sì")
    issue.refresh_from_db()
    assert issue.handled_well is True and issue.kept_informed is True

    # The building's dashboard: days to resolution by body, ATC among them.
    page.get_by_role("link", name=BUILDING).click()
    page.get_by_role("link", name="Cruscotto della palazzina").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(BUILDING)
    days = page.locator(
        "section",
        has=page.get_by_role("heading", name="Giorni mediani dall'invio alla soluzione, per ente"),
    )
    expect(days.locator("table")).to_contain_text("ATC del Piemonte Centrale")
    _check(page, "dashboard")
