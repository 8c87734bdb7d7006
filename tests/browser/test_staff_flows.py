"""Main back-office flows in the browser, with axe-core on every page visited."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.demo.loader import DEMO_PASSWORD
from trama.organizations.tests.factories import valid_numeric_fiscal_code


def test_coordinator_registers_an_ets_after_fixing_a_wrong_fiscal_code(page, demo):
    login(page, "coordinatrice", DEMO_PASSWORD)
    assert_accessible(page, "dashboard")

    page.get_by_role("link", name="Organizzazioni").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Organizzazioni")
    assert_accessible(page, "organisation list")

    page.get_by_role("link", name=re.compile("Nuova organizzazione")).click()
    page.get_by_label(re.compile("^Nome")).fill("Circolo Villarbasse Insieme")
    page.get_by_label(re.compile("^Forma giuridica")).select_option("aps")
    good_code = valid_numeric_fiscal_code(424242)
    wrong_code = good_code[:-1] + str((int(good_code[-1]) + 1) % 10)
    page.get_by_label(re.compile("^Codice fiscale")).fill(wrong_code)
    page.get_by_role("button", name=re.compile("Salva|Registra")).click()

    error = page.locator("#id_fiscal_code_errors")
    expect(error).to_contain_text("non è valido")
    assert_accessible(page, "form with errors")

    page.get_by_label(re.compile("^Codice fiscale")).fill(good_code)
    page.get_by_role("button", name=re.compile("Salva|Registra")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Circolo Villarbasse Insieme")
    assert_accessible(page, "organisation detail")

    page.get_by_role("link", name="Organizzazioni").first.click()
    page.get_by_role("searchbox").fill("villarbasse insieme")
    page.get_by_role("button", name=re.compile("^(Cerca|Filtra)")).first.click()
    expect(page.get_by_role("link", name="Circolo Villarbasse Insieme", exact=True)).to_be_visible()


def test_admin_grants_a_role_and_the_dpo_reads_it_in_the_log(page, demo):
    login(page, "admin", DEMO_PASSWORD)
    page.goto("/accounts/utenti/")
    assert_accessible(page, "users")
    page.get_by_role("link", name=re.compile("Anna Costa")).click()
    page.get_by_label("Ruolo").select_option("operator")
    options = page.locator("#id_scope option").all_inner_texts()
    hub_label = next(text for text in options if "AnCoRe" in text)
    page.get_by_label("Ambito").select_option(label=hub_label)
    page.get_by_role("button", name="Assegna").click()
    expect(page.get_by_role("alert")).to_contain_text("Ruolo assegnato")
    expect(page.locator("table")).to_contain_text("Operatore di presidio")
    assert_accessible(page, "user detail")

    page.get_by_role("button", name="Esci").click()
    login(page, "dpo", DEMO_PASSWORD)
    page.goto("/gestione/registro-accessi/?action=grant")
    expect(page.locator("table")).to_contain_text("Anna Costa")
    assert_accessible(page, "access log")
