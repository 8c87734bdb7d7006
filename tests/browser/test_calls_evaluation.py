"""Issue 5, point 4 in the browser, the pages the end-to-end test does not visit: the
coordinator names the committee; the evaluator finds the call in "my calls to evaluate",
declares a conflict on one proposal (which disappears) and scores another with an error
first; everything axe-clean, the evaluator's pages also at 375 px."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import CommitteeMember, ConflictDeclaration, Score
from trama.calls.tests.evaluation_setup import evaluator, to_evaluation
from trama.calls.tests.factories import CallFactory

PHONE_WIDTH = 375


@pytest.fixture
def setting(transactional_db):
    coordinator = UserFactory(username="coord_valutazione", first_name="Elena", last_name="Ferri")
    grant(coordinator, Role.COORDINATOR, ScopeKind.CONSORTIUM, None)
    call = CallFactory(title="Avviso per la valutazione")
    criteria, proposals = to_evaluation(call, criteria=2, proposals=2)
    member = evaluator(call, username="valutatrice", first_name="Paola", last_name="Galli")
    candidate = UserFactory(username="nuovo_membro", first_name="Dario", last_name="Conti")
    return coordinator, call, criteria, proposals, member, candidate


def _submit(page):
    page.locator("main form button[type=submit].btn-primary").first.click()


def test_committee_declarations_and_scores_in_the_browser(page, setting):
    coordinator, call, criteria, proposals, member, candidate = setting

    login(page, coordinator.username)
    page.goto("/gestione/avvisi/valutazione/")
    assert_accessible(page, "evaluation calls (coordinator)")
    page.goto(f"/gestione/avvisi/{call.pk}/commissione/")
    page.select_option("#id_user", str(candidate.pk))
    page.select_option("#id_role", "president")
    _submit(page)
    expect(page.get_by_role("table")).to_contain_text("Dario Conti")
    assert CommitteeMember.objects.filter(call=call, user=candidate, role="president").exists()
    assert_accessible(page, "committee")
    page.goto(f"/gestione/avvisi/{call.pk}/valutazione/")
    assert_accessible(page, "progress")
    page.goto(f"/gestione/avvisi/{call.pk}/graduatoria/")
    assert_accessible(page, "ranking not computed")
    page.get_by_role("button", name=re.compile("Esci|Logout")).first.click()

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    login(page, member.username)
    page.goto("/gestione/avvisi/valutazione/")
    expect(page.get_by_role("heading", level=1)).to_have_text("I miei avvisi da valutare")
    assert_accessible(page, "my calls to evaluate")
    page.get_by_role("link", name=re.compile("Proposte")).first.click()
    assert_accessible(page, "proposals to evaluate")

    # A conflict: the proposal goes away for good.
    page.get_by_role("link", name=proposals[0].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Dichiarazione di conflitto di interessi"
    )
    assert proposals[0].summary not in page.content()
    page.check("#id_declaration_1")
    _submit(page)
    expect(page.locator(".errorlist").first).to_contain_text("conflitto di interessi")
    page.fill("#id_note", "Faccio parte del consiglio direttivo.")
    _submit(page)
    expect(page.get_by_role("table")).not_to_contain_text(proposals[0].title)
    assert ConflictDeclaration.objects.get(proposal=proposals[0], evaluator=member).has_conflict

    # No conflict: the proposal, then the scores (an error first, nothing saved).
    page.get_by_role("link", name=proposals[1].title).click()
    page.check("#id_declaration_0")
    _submit(page)
    expect(page.get_by_text(proposals[1].summary)).to_be_visible()
    page.fill(f"#id_points_{criteria[0].pk}", "21")
    page.fill(f"#id_justification_{criteria[0].pk}", "Rete solida.")
    page.fill(f"#id_points_{criteria[1].pk}", "12")
    _submit(page)
    expect(page.locator(".errorlist").first).to_contain_text("Al massimo 20,00 punti")
    assert not Score.objects.exists()
    assert_accessible(page, "scores with errors")
    page.fill(f"#id_points_{criteria[0].pk}", "19,5")
    page.fill(f"#id_justification_{criteria[1].pk}", "Costi congrui.")
    _submit(page)
    expect(page.get_by_role("alert").first).to_contain_text("Punteggi salvati")
    assert Score.objects.filter(evaluator=member).count() == 2
    assert_accessible(page, "scores saved")
