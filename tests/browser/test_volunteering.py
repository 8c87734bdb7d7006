"""Mi affido a te in the browser: a candidate applies on the public page (a first attempt
without the privacy consent is refused in Italian), the supervisor finds them in the list and
schedules the interview. axe on every page, at desktop width and at 390 px."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone, login
from trama.demo.loader import DEMO_PASSWORD
from trama.projects.models import Project
from trama.volunteering.models import MatchingRun, Volunteer
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.selectors import PROJECT_SLUG
from trama.volunteering.tests.elders import referred_person


def test_a_candidate_applies_and_the_supervisor_schedules_the_interview(page, demo):
    page.goto("/mi-affido-a-te/candidati/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mi affido a te")
    assert_accessible(page, "application")
    assert_fits_phone(page, "application")

    page.get_by_label("Nome", exact=True).fill("Giulia")
    page.get_by_label("Cognome").fill("Marchetti")
    page.get_by_label("E-mail").fill("giulia.marchetti@example.org")
    page.get_by_label("Comune").select_option(label="Collegno")
    # The styled check boxes lie under their labels: click the label, as a person does.
    page.get_by_text("martedì, pomeriggio", exact=True).click()
    page.get_by_text("sabato, mattina", exact=True).click()
    page.get_by_role("button", name="Invia la candidatura").click()
    # Without the consent to the privacy notice nothing is stored.
    expect(page.locator("main")).to_contain_text(
        "Accetta l'informativa sulla privacy per candidarti."
    )
    assert_accessible(page, "application with an error")
    assert not Volunteer.objects.filter(last_name="Marchetti").exists()

    page.get_by_text("Ho letto l'informativa sulla privacy e la accetto").click()
    page.get_by_role("button", name="Invia la candidatura").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Grazie per la tua candidatura")
    assert_accessible(page, "thanks")
    giulia = Volunteer.objects.get(last_name="Marchetti")
    assert giulia.state == V.APPLIED

    login(page, "supervisore", DEMO_PASSWORD)
    page.goto("/gestione/")
    # The project's pages are one item of the menu, then a row of tabs.
    page.get_by_role("link", name="Mi affido a te", exact=True).first.click()
    page.get_by_role("link", name="Volontari").first.click()
    page.get_by_label("Stato").select_option(label="Candidato")
    page.get_by_role("button", name="Filtra").click()
    assert_accessible(page, "volunteers list")
    assert_fits_phone(page, "volunteers list")
    page.get_by_role("link", name="Marchetti Giulia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Giulia Marchetti")
    assert_accessible(page, "volunteer")
    assert_fits_phone(page, "volunteer")

    when = timezone.localtime() + dt.timedelta(days=5)
    page.get_by_label("Data e ora del colloquio").fill(when.strftime("%Y-%m-%dT10:00"))
    page.get_by_role("button", name="Passa a «Colloquio fissato»").click()
    expect(page.locator("#volunteer-state")).to_have_text("Colloquio fissato")
    expect(page.locator("main")).to_contain_text("Il volontario ora è «Colloquio fissato».")
    assert_accessible(page, "volunteer after the step")
    giulia.refresh_from_db()
    assert giulia.state == V.INTERVIEW_SCHEDULED


def test_the_supervisor_runs_a_matching_and_reads_why(page, demo):
    mi_affido = Project.objects.get(slug=PROJECT_SLUG)
    referred_person(first_name="Maria", last_name="D'Agostino", to_project=mi_affido)
    login(page, "supervisore", DEMO_PASSWORD)
    page.goto("/gestione/")
    # Accepted into the project: the supervisor fills in her profile.
    page.get_by_role("link", name="Mi affido a te", exact=True).first.click()
    page.get_by_role("link", name="Anziani").first.click()
    page.get_by_role("link", name="Compila il profilo — D'Agostino Maria").click()
    assert_accessible(page, "elder's profile form")
    assert_fits_phone(page, "elder's profile form")
    page.get_by_role("button", name="Salva il profilo").click()
    expect(page.locator("main")).to_contain_text("Scegli almeno un bisogno.")
    page.get_by_text("venerdì, pomeriggio", exact=True).click()  # when Ahmed is free
    page.get_by_text("Compagnia", exact=True).click()
    page.get_by_role("button", name="Salva il profilo").click()
    expect(page.locator("main")).to_contain_text("Profilo salvato")
    assert_accessible(page, "elder")

    page.get_by_role("link", name="Abbinamenti").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Abbinamenti")
    expect(page.get_by_role("region", name="Chi è in attesa").first).to_contain_text(
        "D'Agostino Maria"
    )
    assert_accessible(page, "matching")
    assert_fits_phone(page, "matching")

    # A distance of 0 km is refused in Italian and runs nothing.
    runs = MatchingRun.objects.count()  # the demo's own run
    page.get_by_label("Distanza massima (km)").fill("0")
    page.get_by_role("button", name="Avvia l'abbinamento").click()
    expect(page.locator("main")).to_contain_text("maggiore o uguale a 1")
    assert MatchingRun.objects.count() == runs

    page.get_by_label("Distanza massima (km)").fill("30")
    page.get_by_label("Lingue in comune").fill("4")
    page.get_by_role("button", name="Avvia l'abbinamento").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coppie proposte")
    expect(page.locator("main")).to_contain_text("D'Agostino Maria")
    expect(page.locator("main")).to_contain_text("Disponibilità in comune")
    run = MatchingRun.objects.latest("created_at", "pk")
    assert MatchingRun.objects.count() == runs + 1
    assert run.weights["languages"] == 4 and run.max_km == 30
    assert_accessible(page, "matching run")
    assert_fits_phone(page, "matching run")

    # The supervisor starts the proposed pairing and records the introductory meeting.
    page.get_by_role("button", name="Avvia questo affido — D'Agostino Maria").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Maria con Ahmed")
    expect(page.locator("#pairing-state")).to_have_text("proposto")
    assert_accessible(page, "pairing")
    assert_fits_phone(page, "pairing")
    page.get_by_role("button", name="Passa a «incontro di conoscenza svolto»").click()
    expect(page.locator("#pairing-state")).to_have_text("incontro di conoscenza svolto")
    # It becomes active on the three-party agreement, written on the same page.
    page.get_by_role("button", name="Passa a «attivo»").click()
    expect(page.locator("main")).to_contain_text("si fonda sul suo accordo a tre")
    expect(page.locator("#pairing-state")).to_have_text("incontro di conoscenza svolto")
    review = (timezone.localdate() + dt.timedelta(days=90)).strftime("%d/%m/%Y")
    page.get_by_label("Obiettivi").fill("Compagnia il venerdì pomeriggio e una passeggiata.")
    page.get_by_label("Date delle verifiche").fill(review)
    page.get_by_label("Rimborso spese mensile (€)").fill("25,50")
    page.get_by_label("Assistente sociale").fill("Laura D'Ambrosio")
    assert_accessible(page, "pairing with the agreement form")
    page.get_by_role("button", name="Salva l'accordo").click()
    expect(page.locator("#agreement-current")).to_contain_text("In vigore la versione 1")
    expect(page.get_by_role("link", name=re.compile("Accordo, versione 1"))).to_be_visible()
    page.get_by_role("button", name="Passa a «attivo»").click()
    expect(page.locator("#pairing-state")).to_have_text("attivo")
    # Ending without a reason is refused in Italian and changes nothing.
    page.get_by_role("button", name="Passa a «concluso»").click()
    expect(page.locator("main")).to_contain_text("Scrivi perché l'affido si conclude.")
    expect(page.locator("#pairing-state")).to_have_text("attivo")
    page.get_by_role("link", name="Affidi").first.click()
    expect(page.get_by_role("row", name=re.compile("D'Agostino Maria"))).to_contain_text("attivo")
    assert_accessible(page, "pairings")


def test_a_volunteer_logs_a_visit_from_a_phone(page, demo):
    from trama.volunteering.models import Pairing, Visit

    pairing = Pairing.objects.get(state="active")
    elder_name = pairing.elder.person.first_name
    before = Visit.objects.filter(pairing=pairing).count()
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, pairing.volunteer.user.username, DEMO_PASSWORD)
    page.goto("/gestione/")
    page.get_by_role("button", name="Menu", exact=True).click()
    page.get_by_role("link", name="I miei affidi").first.click()
    expect(page.get_by_role("heading", level=2, name=elder_name)).to_be_visible()
    # Only what the volunteer needs of the elder: no surname, no casework.
    expect(page.locator("main")).not_to_contain_text(pairing.elder.person.last_name)
    assert_accessible(page, "my pairings at 390 px")
    page.get_by_role("link", name=f"Registra una visita a {elder_name}").click()
    page.get_by_label("Durata (minuti)").fill("75")
    page.get_by_label("Cosa avete fatto insieme").fill("Passeggiata e un caffè al bar.")
    assert_accessible(page, "visit form at 390 px")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("button", name="Registra la visita").click()
    expect(page.locator("main")).to_contain_text("Visita registrata. Grazie!")
    assert Visit.objects.filter(pairing=pairing).count() == before + 1
    # Another page of the back office: not the volunteer's.
    assert page.request.get("/gestione/volontariato/").status == 403
