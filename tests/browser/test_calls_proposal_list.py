"""Issue 9, point 12 in the browser: the coordinator opens the list of a ranked call's 27
proposals, sorts it by a criterion's mean (then reverses it), goes to the second page keeping
the order, and downloads the XLSX export; axe-clean, also at 390 px."""

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.services.evaluation import call_rank
from trama.calls.tests.evaluation_setup import evaluator, score_everything, to_evaluation
from trama.calls.tests.factories import CallFactory

PHONE_WIDTH = 390
PROPOSALS = 27


def _number(proposal) -> int:
    return int(proposal.title.split()[-1])


def _points(index, proposal, criterion) -> Decimal:
    """Criterion 1 grows with the proposal's number, criterion 2 falls with it."""
    half = Decimal(_number(proposal)) / 2
    return half if criterion.position == 0 else Decimal("20") - half


@pytest.fixture
def ranked(transactional_db):
    coordinator = UserFactory(username="coord_proposte", first_name="Elena", last_name="Ferri")
    grant(coordinator, Role.COORDINATOR, ScopeKind.CONSORTIUM, None)
    call = CallFactory(title="Avviso con molte proposte")
    to_evaluation(call, criteria=2, proposals=PROPOSALS)
    score_everything(call, [evaluator(call)], points=_points)
    call_rank(actor=coordinator, call=call)
    return coordinator, call


def _first_titles(page, count: int = 3) -> list[str]:
    return page.locator("tbody th[scope=row]").all_inner_texts()[:count]


def test_the_coordinator_sorts_pages_and_exports_the_proposals(page, ranked):
    coordinator, call = ranked
    login(page, coordinator.username)
    page.goto(f"/gestione/avvisi/{call.pk}/proposte/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Avviso con molte proposte")
    expect(page.locator("tbody tr")).to_have_count(25)
    assert_accessible(page, "proposal list")

    page.get_by_role("link", name="Media: Criterio 1").click()
    header = page.locator("th", has=page.get_by_role("link", name="Media: Criterio 1"))
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert _first_titles(page) == ["Proposta 1", "Proposta 2", "Proposta 3"]
    page.get_by_role("link", name="Media: Criterio 1").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert _first_titles(page) == ["Proposta 27", "Proposta 26", "Proposta 25"]
    assert page.locator("th[aria-sort]").count() == 1

    page.get_by_role("link", name="Successiva").click()
    expect(page.locator(".pagination [aria-current=page]")).to_have_text("Pagina 2 di 2")
    expect(header).to_have_attribute("aria-sort", "descending")
    assert page.locator("tbody th[scope=row]").all_inner_texts() == ["Proposta 2", "Proposta 1"]
    # Proposal 1: criterion 1 = 0.50, criterion 2 = 19.50, total 20.00.
    last_row = page.locator("tbody tr").last
    expect(last_row).to_contain_text(re.compile(r"20,00.*0,50.*19,50", re.S))
    assert_accessible(page, "proposal list, page 2")

    with page.expect_download() as download:
        page.get_by_role("link", name="Esporta in XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as handle:
        sheet = load_workbook(io.BytesIO(handle.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == PROPOSALS + 1
    assert rows[1][0] == "Proposta 27"  # the page's order, every page

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(f"/gestione/avvisi/{call.pk}/proposte/?sort=-total")
    expect(page.get_by_role("link", name="Successiva")).to_be_visible()
    assert_accessible(page, "proposal list at 390 px")
