"""Issue 4, "Done when", in the browser: an operator registers a walk-in elder without a
codice fiscale, records a listening session, sees which projects the elder may access and
why, refers them to Mi affido a te; a member of the organisation that runs it accepts with a
feedback; the operator sees the referral accepted. axe-core on every page of the way, which
is also shown at phone width (375 px) without scrolling sideways.

Set TRAMA_SHOTS=/some/dir to keep a screenshot of each page at 1280 and 375 px."""

import datetime
import os
import re
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.casework.demo import ARCO_USERNAME
from trama.casework.models import Referral, ReferralState
from trama.demo.loader import DEMO_PASSWORD
from trama.people.models import Person

SHOTS = os.environ.get("TRAMA_SHOTS", "")
# 85 years and a few months old on any day the test runs.
BORN = datetime.date.today().replace(day=1)
BORN = BORN.replace(year=BORN.year - 85) - datetime.timedelta(days=100)
PHONE_WIDTH = 375


def _check(page, label: str) -> None:
    """axe on the page as it is, then the same page at phone width: still accessible, and
    nothing wider than the screen. Screenshots of both when TRAMA_SHOTS names a folder."""
    assert_accessible(page, label)
    slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{slug}-1280.png", full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    try:
        overflow = page.evaluate("document.documentElement.scrollWidth")
        assert overflow <= PHONE_WIDTH, f"{label}: {overflow} px wide at {PHONE_WIDTH} px"
        assert_accessible(page, f"{label} at {PHONE_WIDTH} px")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/{slug}-375.png", full_page=True)
    finally:
        page.set_viewport_size(size)


def test_walk_in_elder_is_referred_to_mi_affido_a_te_and_accepted(page, demo):
    login(page, "operatore", DEMO_PASSWORD)

    # Register the walk-in elder: no codice fiscale.
    page.goto("/gestione/persone/")
    _check(page, "people list")
    page.get_by_role("link", name="Nuova persona").click()
    _check(page, "new person form")
    page.get_by_label(re.compile("^Nome")).fill("Ernesta")
    page.get_by_label(re.compile("^Cognome")).fill("Borgogno")
    page.get_by_label(re.compile("^Data di nascita")).fill(BORN.isoformat())
    page.get_by_label(re.compile("^Sesso")).select_option("F")
    page.get_by_label(re.compile("^Comune di residenza")).select_option(label="Collegno")
    page.get_by_label(re.compile("^Vive da sola|^Vive da solo|^Vive sol")).select_option("true")
    page.get_by_label(re.compile("^Rete familiare")).select_option("weak")
    page.get_by_label(re.compile("^In carico all.UVG")).select_option("false")
    page.get_by_label(re.compile("^Presidio di riferimento")).select_option(index=1)
    page.get_by_role("button", name="Registra la persona").click()
    expect(page).to_have_url(re.compile(r"/gestione/persone/\d+/$"))

    person = Person.objects.get(last_name="Borgogno", first_name="Ernesta")
    assert person.fiscal_code == ""
    # Opening the record asks why, first.
    _check(page, "open the record")
    page.get_by_label(re.compile("Perché apri")).select_option("listening")
    page.get_by_role("button", name="Apri la scheda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Borgogno Ernesta")
    _check(page, "person record")

    # Record a listening session.
    page.get_by_role("link", name="Nuovo ascolto").click()
    _check(page, "new listening session")
    page.get_by_label(re.compile("^Modalità")).select_option("in_person")
    page.get_by_label("Solitudine e isolamento").check()
    page.get_by_label(re.compile("^Note")).fill(
        "Vedova da un anno, esce poco; la figlia abita a Milano."
    )
    page.get_by_label("Mi affido a te").check()
    page.get_by_role("button", name="Salva").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ascolto")
    expect(page.locator("main")).to_contain_text("Solitudine e isolamento")
    _check(page, "listening session")

    # Which projects she may access, and why: back to the record, opened for that purpose.
    page.get_by_role("navigation", name="Percorso").get_by_role(
        "link", name=f"Scheda n. {person.pk}"
    ).click()
    page.get_by_label(re.compile("Perché apri")).select_option("eligibility")
    page.get_by_role("button", name="Apri la scheda").click()
    page.get_by_role("link", name="Progetti e requisiti di accesso").click()
    _check(page, "projects and access rules")
    affido = page.get_by_role("region", name=re.compile("^Mi affido a te"))
    expect(affido.get_by_role("heading")).to_have_text("Mi affido a te soddisfatta")
    # Why: each rule with its verdict and the datum it read.
    expect(affido).to_contain_text("Età pari o superiore a 65 anni — Età: 85 anni")
    expect(affido).to_contain_text("Vive da solo/a, o ha una rete familiare debole o assente")
    expect(affido).to_contain_text("Non in carico all'UVG")
    expect(affido).not_to_contain_text("non soddisfatta")

    # Refer her to Mi affido a te, run by Gruppo Arco.
    page.get_by_role("link", name="Torna alla scheda della persona").click()
    page.get_by_label(re.compile("Perché apri")).select_option("referral")
    page.get_by_role("button", name="Apri la scheda").click()
    page.get_by_role("link", name="Nuovo invio").click()
    _check(page, "new referral")
    page.get_by_label(re.compile("^All.organizzazione|^Organizzazione")).select_option(
        label="Gruppo Arco"
    )
    page.get_by_label(re.compile("^Al progetto|^Progetto")).select_option(label="Mi affido a te")
    page.get_by_label(re.compile("^Sintesi")).fill(
        "Signora di 85 anni che vive sola, rete familiare lontana: chiede compagnia di giorno."
    )
    page.get_by_role("button", name="Salva").click()
    referral = Referral.objects.get(person=person)
    assert referral.state == ReferralState.SENT
    expect(page.locator("main")).to_contain_text("inviato")
    _check(page, "referral sent")
    page.get_by_role("button", name="Esci").click()

    # The receiving side: a member of Gruppo Arco sees only what the referral shares.
    login(page, ARCO_USERNAME, DEMO_PASSWORD)
    page.goto("/gestione/casi/invii/")
    _check(page, "referrals received")
    page.get_by_role("link", name=re.compile(f"{referral.pk}")).first.click()
    main = page.locator("main")
    expect(main).to_contain_text("Ernesta B.")
    expect(main).to_contain_text("80+")
    expect(main).not_to_contain_text("Borgogno")
    expect(main).not_to_contain_text("figlia abita a Milano")
    _check(page, "referral received")
    page.get_by_label(re.compile("^Riscontro")).fill(
        "Accettata: primo colloquio con l'affidataria giovedì alle 10."
    )
    page.get_by_role("button", name=re.compile("accettato", re.IGNORECASE)).click()
    expect(page.locator("main")).to_contain_text("accettato")
    _check(page, "referral accepted by the receiving side")
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    page.get_by_role("button", name="Esci").click()

    # The operator sees the outcome and the feedback.
    login(page, "operatore", DEMO_PASSWORD)
    page.get_by_role("link", name="Persone", exact=True).first.click()
    page.get_by_role("link", name="Invii").first.click()
    page.get_by_role("link", name=re.compile(f"^{referral.pk}$")).first.click()
    main = page.locator("main")
    expect(main).to_contain_text("accettato")
    expect(main).to_contain_text("primo colloquio con l'affidataria")
    _check(page, "referral outcome for the operator")
