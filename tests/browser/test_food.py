"""Solidarietà Alimentare in the browser: the emporio's operator receives a donation with a
lot (a lot past its use-by date is refused in Italian and nothing is stored), finds it on the
stock page in first-expiring-first order, and reads its ledger on the lot page. axe on every
page, at desktop width and at 390 px."""

import datetime as dt

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, assert_fits_phone, login
from trama.demo.loader import DEMO_PASSWORD
from trama.food.models import Donation, Lot
from trama.territory.models import Hub, HubKind


def test_the_emporio_receives_a_donation_and_finds_its_lot_first_expiring_first(page, demo):
    emporio = Hub.objects.get(kind=HubKind.SOCIAL_GROCERY, name="Emporio solidale (demo)")
    today = timezone.localdate()
    login(page, "operatore_emporio", DEMO_PASSWORD)
    page.goto("/gestione/alimentare/magazzino/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Magazzino alimentare")
    assert_accessible(page, "stock")
    assert_fits_phone(page, "stock")

    page.get_by_role("link", name="Ricevi una donazione").click()
    assert_accessible(page, "donation form")
    assert_fits_phone(page, "donation form")
    page.get_by_label("Donatore").select_option(label="Supermercato Il Paniere (demo)")
    page.get_by_label("Emporio solidale").select_option(label=emporio.name)
    page.get_by_label("Numero del documento di trasporto").fill("DDT 2026/0999")
    page.get_by_label("Categoria").select_option(label="Latticini e uova")
    page.get_by_label("Descrizione").fill("Latte fresco")
    page.get_by_label("Conservazione").select_option(label="Refrigerato")
    page.get_by_label("Tipo di data").select_option(label="Da consumarsi entro")
    # Past its use-by date a lot is refused, in Italian, and nothing is stored.
    yesterday = today - dt.timedelta(days=1)
    page.get_by_label("Data di scadenza").fill(yesterday.isoformat())
    page.get_by_label("Peso (kg)").fill("12.5")
    donations = Donation.objects.count()
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text(
        "Lotto 1: oltre la data di scadenza non può essere accettato (L. 166/2016)."
    )
    assert_accessible(page, "donation form with an error")
    assert Donation.objects.count() == donations
    assert not Lot.objects.filter(description="Latte fresco").exists()

    tomorrow = today + dt.timedelta(days=1)
    page.get_by_label("Data di scadenza").fill(tomorrow.isoformat())
    page.get_by_role("button", name="Salva").click()
    expect(page.locator("main")).to_contain_text("Donazione ricevuta.")
    lot = Lot.objects.get(description="Latte fresco")
    assert lot.donation.received_by.username == "operatore_emporio"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Lotto {lot.code}")
    # The lot page shows its ledger: the receipt of the whole weight.
    ledger = page.get_by_role("table")
    expect(ledger).to_contain_text("Ricevuta")
    expect(ledger).to_contain_text("12,500")
    assert_accessible(page, "lot")
    assert_fits_phone(page, "lot")

    page.get_by_role("link", name="Alimentare").first.click()
    codes = page.locator("tbody th[scope=row]").all_inner_texts()
    assert lot.code in codes
    # First expiring first: every lot listed before the new one expires no later.
    expiry = dict(Lot.objects.filter(code__in=codes).values_list("code", "expires_on"))
    listed = [expiry[code] for code in codes]
    assert listed == sorted(listed)
    later = Lot.objects.filter(donation__hub=emporio, expires_on__gt=tomorrow)
    assert later.exists()
    assert all(
        codes.index(lot.code) < codes.index(other.code) for other in later if other.code in codes
    )
    expect(page.get_by_role("row").filter(has_text=lot.code)).to_contain_text("In scadenza")
