"""Issue 5, "Done when", in the browser: the coordinator publishes a call; two ETS members
submit proposals (one late, refused); an evaluator declares no conflict and scores; the
ranking and the minutes PDF are produced; the co-design table meets; the agreement creates a
project that the public catalog shows. axe-core runs on every page visited."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import Call, CallState, Proposal, ProposalState
from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import Project, ProjectStatus

TITLE = "Avviso di co-progettazione: orti di comunità"


@pytest.fixture
def people(transactional_db):
    coordinator = UserFactory(username="coordinatrice_e2e", first_name="Carla", last_name="Rossi")
    grant(coordinator, Role.COORDINATOR)
    organizations = {}
    for username, name in (("ets_orti", "Orti Insieme APS"), ("ets_tardi", "Tardiva ODV")):
        organization = OrganizationFactory(name=name)
        member = UserFactory(username=username)
        grant(member, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, organization.pk)
        organizations[username] = organization
    # The evaluator gets the role on the call when the coordinator names the committee.
    UserFactory(username="valutatore_e2e", first_name="Franco", last_name="Neri")
    return organizations


def _submit(page):
    """The main form's primary button (the header's logout form has its own)."""
    page.locator("main form button[type=submit].btn-primary").first.click()


def _logout(page):
    page.get_by_role("button", name="Esci").click()


def _draft_proposal(page, call_pk: int, title: str) -> int:
    """An ETS member drafts a complete proposal: summary, total and one balanced budget line."""
    page.goto(f"/gestione/avvisi/{call_pk}/proposte/nuova/")
    assert_accessible(page, "new proposal")
    page.fill("#id_title", title)
    page.fill("#id_summary", "Orti condivisi per persone anziane sole, con i volontari.")
    _submit(page)
    page.wait_for_url(re.compile(r"/proposte/\d+/modifica/"))
    pk = int(re.search(r"/proposte/(\d+)/", page.url).group(1))
    page.fill("#id_total_budget", "10000")
    _submit(page)
    page.goto(f"/gestione/avvisi/proposte/{pk}/budget/")
    assert_accessible(page, "proposal budget")
    page.fill("#id_budget-0-description", "Attrezzi e sementi")
    page.fill("#id_budget-0-amount", "10000")
    page.fill("#id_budget-0-consortium_share", "8000")
    page.fill("#id_budget-0-cofunding_cash", "2000")
    _submit(page)
    page.goto(f"/gestione/avvisi/proposte/{pk}/presenta/")
    assert_accessible(page, "submission page")
    return pk


def test_from_the_call_to_the_project_in_the_catalog(page, people, live_server):
    # 1. The coordinator writes the call, adds a criterion and publishes it.
    login(page, "coordinatrice_e2e")
    page.goto("/gestione/avvisi/nuovo/")
    assert_accessible(page, "new call")
    in_a_week = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    page.fill("#id_title", TITLE)
    page.select_option("#id_kind", "co_design")
    page.fill("#id_purpose", "Co-progettare orti di comunità con gli ETS del territorio.")
    page.fill("#id_budget_available", "50000")
    page.fill("#id_min_cofunding_percent", "10")
    page.uncheck("#id_requires_runts", force=True)  # Bootstrap Italia's label covers it
    page.uncheck("#id_requires_local_presence", force=True)
    page.fill("#id_admission_threshold", "10")
    for field in ("questions_deadline", "proposals_deadline"):
        page.fill(f"#id_{field}_0", in_a_week)
        page.fill(f"#id_{field}_1", "12:00")
    _submit(page)
    page.wait_for_url(re.compile(r"/gestione/avvisi/\d+/$"))
    call_pk = int(re.search(r"/avvisi/(\d+)/", page.url).group(1))
    page.goto(f"/gestione/avvisi/{call_pk}/criteri/")
    page.fill("#id_title", "Qualità della proposta")
    page.fill("#id_max_points", "20")
    _submit(page)
    assert_accessible(page, "criteria")
    page.goto(f"/gestione/avvisi/{call_pk}/")
    page.locator(f"form[action$='/avvisi/{call_pk}/stato/'] button").click()
    expect(page.get_by_role("alert").first).to_be_visible()
    assert Call.objects.get(pk=call_pk).state == CallState.PUBLISHED
    assert_accessible(page, "published call")

    # ...and names the committee: the evaluator gets the role on this call.
    page.goto(f"/gestione/avvisi/{call_pk}/commissione/")
    assert_accessible(page, "committee")
    option = next(
        text
        for text in page.locator("#id_user option").all_inner_texts()
        if "valutatore_e2e" in text
    )
    page.select_option("#id_user", label=option)
    page.select_option("#id_role", "president")
    _submit(page)
    expect(page.locator("table")).to_contain_text("Franco Neri")
    _logout(page)

    # 2. Two ETS members draft their proposals; the first submits in time.
    login(page, "ets_orti")
    on_time = _draft_proposal(page, call_pk, "Orti condivisi a Collegno")
    _submit(page)
    page.wait_for_url(re.compile(rf"/proposte/{on_time}/$"))
    assert Proposal.objects.get(pk=on_time).state == ProposalState.SUBMITTED
    expect(page.locator(f"a[href$='/proposte/{on_time}/ricevuta.pdf']").first).to_be_visible()
    assert_accessible(page, "submitted proposal")
    _logout(page)

    login(page, "ets_tardi")
    late = _draft_proposal(page, call_pk, "Orti in ritardo")
    # The deadline passes while the second member is on the submission page. The server
    # decides with its own clock (timezone.now() in proposal_submit), so we move the
    # deadline into the past in the database rather than freezing time: the live server
    # runs in another thread and a frozen clock there would also stop sessions and axe.
    past = timezone.now() - datetime.timedelta(minutes=1)  # a deadline lasts its minute
    Call.objects.filter(pk=call_pk).update(questions_deadline=past, proposals_deadline=past)
    _submit(page)
    expect(page.get_by_role("alert").first).to_contain_text(re.compile("scadenza|scaduto|termine"))
    assert Proposal.objects.get(pk=late).state == ProposalState.DRAFT
    assert_accessible(page, "late submission refused")
    _logout(page)

    # 3. The coordinator closes the call, admits the proposal and starts the evaluation.
    login(page, "coordinatrice_e2e")
    page.goto(f"/gestione/avvisi/{call_pk}/")
    page.locator(f"form[action$='/avvisi/{call_pk}/stato/'] button").click()
    assert Call.objects.get(pk=call_pk).state == CallState.CLOSED
    page.goto(f"/gestione/avvisi/proposte/{on_time}/ammissibilita/")
    assert_accessible(page, "admissibility")
    page.locator("input[name=decision]").first.check(force=True)
    _submit(page)
    assert Proposal.objects.get(pk=on_time).state == ProposalState.ADMISSIBLE
    page.goto(f"/gestione/avvisi/{call_pk}/")
    page.locator(f"form[action$='/avvisi/{call_pk}/stato/'] button").click()
    assert Call.objects.get(pk=call_pk).state == CallState.EVALUATION
    _logout(page)

    # 4. The evaluator declares no conflict, then scores with a justification.
    login(page, "valutatore_e2e")
    page.goto(f"/gestione/avvisi/proposte/{on_time}/valutazione/")
    assert_accessible(page, "declaration")
    page.check("#id_declaration_0", force=True)
    _submit(page)
    assert_accessible(page, "scoring")
    page.locator("input[name^=points_]").fill("16")
    page.locator("textarea[name^=justification_]").fill(
        "Proposta chiara, rete di volontari solida."
    )
    _submit(page)
    expect(page.get_by_role("alert").first).to_be_visible()
    _logout(page)

    # 5. The ranking and the minutes PDF.
    login(page, "coordinatrice_e2e")
    page.goto(f"/gestione/avvisi/{call_pk}/valutazione/")
    assert_accessible(page, "evaluation progress")
    _submit(page)
    page.wait_for_url(re.compile(rf"/avvisi/{call_pk}/graduatoria/"))
    assert_accessible(page, "ranking")
    assert Call.objects.get(pk=call_pk).state == CallState.RANKED
    assert Proposal.objects.get(pk=on_time).state == ProposalState.SELECTED
    minutes = page.request.get(f"/gestione/avvisi/{call_pk}/verbale.pdf")
    assert minutes.status == 200
    assert minutes.headers["content-type"] == "application/pdf"
    assert minutes.body().startswith(b"%PDF-")

    # 6. The co-design table opens and meets; the document gets its first version.
    page.goto(f"/gestione/avvisi/{call_pk}/coprogettazione/")
    assert_accessible(page, "table to open")
    page.get_by_role("button", name="Apri il tavolo di co-progettazione").click()
    expect(page.get_by_role("alert").first).to_contain_text("aperto")
    page.get_by_role("link", name="Fissa un incontro").click()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    page.fill("#id_held_at", f"{yesterday.isoformat()}T17:30")
    page.fill("#id_place", "Sala consiliare")
    page.fill("#id_agenda", "Calendario degli orti e budget")
    page.fill("#id_invited_people", "Mario Rossi, Comune di Collegno")
    assert_accessible(page, "new session")
    _submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Incontro di co-progettazione")
    page.get_by_role("link", name="Scrivi verbale e presenze").click()
    page.get_by_label("Orti Insieme APS").check(force=True)
    page.fill("#id_minutes", "Si concordano i turni di apertura degli orti.")
    page.fill("#id_decisions", "Apertura tre pomeriggi alla settimana.")
    assert_accessible(page, "minutes and attendance")
    _submit(page)
    expect(page.locator("table")).to_contain_text("Orti Insieme APS")
    assert_accessible(page, "session")
    page.goto(f"/gestione/avvisi/{call_pk}/coprogettazione/documento/nuova-versione/")
    page.fill("#id_title", "Orti di comunità – documento progettuale")
    page.fill("#id_body", "Apertura degli orti tre pomeriggi alla settimana.\nBudget da definire.")
    _submit(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Orti di comunità")
    _logout(page)

    # The lead's member proposes the second version and compares it with the first.
    login(page, "ets_orti")
    page.goto("/gestione/avvisi/coprogettazione/")
    assert_accessible(page, "tables of the member")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("link", name="Proponi una nuova versione").click()
    page.fill(
        "#id_body",
        "Apertura degli orti quattro pomeriggi alla settimana.\nBudget di 9.000 € in un anno.",
    )
    page.fill("#id_note", "Un pomeriggio in più e il budget")
    assert_accessible(page, "new version")
    _submit(page)
    page.get_by_role("link", name="Confronta con la versione 1").click()
    diff = page.locator(".trama-diff")
    expect(diff.locator("del").first).to_contain_text("tre")
    expect(diff.locator("ins").first).to_contain_text("quattro")
    expect(diff.locator("ins .visually-hidden").first).to_contain_text("aggiunto")
    assert_accessible(page, "comparison")
    _logout(page)

    # 7. The agreement creates the project, which the public catalog shows.
    login(page, "coordinatrice_e2e")
    page.goto(f"/gestione/avvisi/{call_pk}/convenzione/nuova/")
    page.fill("#id_project_name", "Orti di comunità")
    page.fill("#id_project_slug", "orti-di-comunita")
    page.fill("#id_project_summary", "Orti condivisi per persone anziane sole.")
    page.fill("#id_budget", "9000")
    page.fill("#id_summary", "Gli orti aprono quattro pomeriggi alla settimana per un anno.")
    page.fill("#id_partners-0-budget_share", "9000.01")
    page.fill("#id_indicators-0-name", "Persone che frequentano gli orti")
    page.fill("#id_indicators-0-unit", "persone")
    page.fill("#id_indicators-0-target", "40")
    _submit(page)
    expect(page.get_by_role("alert").first).to_contain_text("superiore al budget concordato")
    assert_accessible(page, "agreement refused")
    assert not Project.objects.filter(slug="orti-di-comunita").exists()
    page.fill("#id_partners-0-budget_share", "9000")
    _submit(page)
    page.wait_for_url(re.compile(rf"/avvisi/{call_pk}/convenzione/$"))
    assert_accessible(page, "agreement")
    project = Project.objects.get(slug="orti-di-comunita")
    assert (project.status, project.is_public) == (ProjectStatus.ACTIVE, True)
    assert Call.objects.get(pk=call_pk).state == CallState.CONCLUDED
    assert Proposal.objects.get(pk=on_time).state == ProposalState.AGREED

    page.goto("/progetti/")
    page.get_by_role("link", name="Orti di comunità").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Orti di comunità")
    expect(page.locator("#indicators")).to_contain_text("Persone che frequentano gli orti")
    expect(page.locator("#partners")).to_contain_text("Orti Insieme APS")
    assert_accessible(page, "public project page")
