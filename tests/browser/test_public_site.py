"""The public site in the browser: Italian first, English available, accessible, and
served entirely by Trama (the `page` fixture fails any request that leaves the machine)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_visitor_reads_the_catalog_in_italian_then_in_english(page, demo):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "it")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welfare di Comunità")
    expect(page.get_by_role("heading", name="Chi ne ha diritto")).to_be_visible()
    assert_accessible(page, "home (it)")

    page.get_by_role("navigation").get_by_role("link", name="Progetti").first.click()
    expect(page.get_by_role("link", name=re.compile("Mi affido a te"))).to_be_visible()
    assert_accessible(page, "catalog (it)")

    page.get_by_role("link", name=re.compile("Mi affido a te")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mi affido a te")
    expect(page.locator("main")).to_contain_text("Gruppo Arco")
    assert_accessible(page, "project page (it)")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert "/en/" in page.url
    expect(page.locator("main")).to_contain_text("Gruppo Arco")
    assert_accessible(page, "project page (en)")

    page.goto("/en/")
    expect(
        page.get_by_role("heading", name=re.compile("Who is entitled|Who can benefit"))
    ).to_be_visible()
    assert_accessible(page, "home (en)")
    page.goto("/en/progetti/")
    assert_accessible(page, "catalog (en)")


@pytest.mark.parametrize(
    "path", ["/contatti/", "/en/contatti/", "/accounts/login/", "/accounts/password-reset/"]
)
def test_other_public_pages_are_accessible(page, demo, path):
    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, path)


def test_every_project_page_is_accessible_on_a_phone(page, demo):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/progetti/")
    links = page.locator("main a[href^='/progetti/']").evaluate_all(
        "els => [...new Set(els.map(e => e.getAttribute('href')))]"
    )
    assert len(links) >= 5
    for href in links:
        page.goto(href)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert_accessible(page, href)


def test_a_lost_visitor_finds_the_way_back_from_the_404(page, transactional_db):
    response = page.goto("/indirizzo-sbagliato/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina non trovata")
    assert_accessible(page, "404 (it)")
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("link", name="Torna alla pagina iniziale").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welfare di Comunità")


def test_the_self_check_result_takes_the_focus(page, demo):
    """Issue 9: after sending the answers, the focus stays on the page's top; a screen reader
    user had to look for the result. It moves to the result's heading now."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/quali-progetti/")
    page.get_by_label("La tua età").fill("80")
    page.get_by_role("button", name="Mostra i progetti").click()
    heading = page.get_by_role("heading", name="I progetti per te")
    expect(heading).to_be_visible()
    expect(heading).to_be_focused()
    assert page.evaluate("document.activeElement.id") == "results-title"
    expect(page.locator("main")).to_contain_text("Dipende dal")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page, "self-check result at 390 px")
