"""An ETS member applies to a call in the browser: portal → draft → budget line → PDF
attachment → submission → receipt, with axe-core on every page and the portal at 375 px."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import Proposal, ProposalState
from trama.calls.tests.factories import CallFactory
from trama.organizations.tests.factories import OrganizationFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def applicant(transactional_db):
    organization = OrganizationFactory(name="Auser Collegno")
    # A fixed name, so that the 375 px header is the same from run to run.
    member = UserFactory(username="socio_auser", first_name="Anna", last_name="Riva")
    grant(member, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, organization.pk)
    call = CallFactory(title="Comunità che cura 2026", min_cofunding_percent=Decimal("10"))
    CallFactory(title="Avviso riservato agli iscritti al RUNTS", requires_runts=True)
    return member, organization, call


def test_an_ets_member_submits_a_proposal_and_downloads_the_receipt(page, applicant):
    member, organization, call = applicant
    login(page, member.username)

    page.goto("/gestione/avvisi/portale/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portale avvisi")
    expect(page.locator(".trama-requirements")).to_contain_text("Non soddisfatto")
    assert_accessible(page, "portal")

    page.get_by_role("link", name=re.compile("Avvia una proposta – Comunità che cura")).click()
    assert_accessible(page, "new proposal")
    page.get_by_label(re.compile("^Titolo della proposta")).fill("Nonni in rete")
    page.get_by_label(re.compile("^Sintesi")).fill("Visite a domicilio e laboratori di quartiere.")
    page.get_by_role("button", name="Crea la bozza").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Dati generali")
    assert_accessible(page, "general section")
    page.get_by_label(re.compile("^Budget totale")).fill("10.000,00")
    page.get_by_label(re.compile("^Beneficiari previsti")).fill("40")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.get_by_role("alert").first).to_contain_text("Modifiche salvate")

    page.get_by_role("link", name=re.compile("Budget$")).click()
    page.locator("#id_budget-0-description").fill("Personale educativo")
    page.locator("#id_budget-0-amount").fill("10.000,00")
    page.locator("#id_budget-0-consortium_share").fill("8.400,00")
    page.locator("#id_budget-0-cofunding_cash").fill("1.000,00")
    page.locator("#id_budget-0-volunteer_hours").fill("37,5")  # × 16 € = 600 €
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".trama-proposal-figures")).to_contain_text("10.000,00 €")
    assert_accessible(page, "budget section")

    page.get_by_role("link", name=re.compile("Allegati$")).click()
    page.get_by_label(re.compile("^Titolo")).fill("Relazione tecnica")
    page.locator("#id_file").set_input_files(
        files=[{"name": "relazione.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="Carica", exact=True).click()
    expect(page.locator("table")).to_contain_text("Relazione tecnica")
    assert_accessible(page, "attachments section")

    page.get_by_role("link", name=re.compile("Verifica e presenta$")).click()
    expect(page.get_by_role("status")).to_contain_text("È tutto in ordine")
    assert_accessible(page, "submit page")
    page.get_by_role("button", name="Presenta la proposta").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Nonni in rete")
    proposal = Proposal.objects.get(title="Nonni in rete")
    assert proposal.state == ProposalState.SUBMITTED
    expect(page.locator("code.trama-hash").first).to_have_text(proposal.fingerprint)
    assert_accessible(page, "submitted proposal")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Scarica la ricevuta (PDF)").click()
    with open(download_info.value.path(), "rb") as receipt:
        assert receipt.read(5) == b"%PDF-"

    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/gestione/avvisi/portale/")
    expect(page.locator("table")).to_contain_text("Nonni in rete")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "portal at 375 px")
    page.get_by_role("link", name="Nonni in rete", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nonni in rete")
    page.wait_for_load_state("load")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page, "submitted proposal at 375 px")
