"""The interactive API documentation (/api/v1/docs) is an accessible page too: it names its
language and its colours meet WCAG AA contrast, checked with the operations listed and one
opened."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def test_the_api_docs_are_accessible(page, transactional_db):
    page.goto("/api/v1/docs")
    assert page.get_attribute("html", "lang") == "en"
    operations = page.locator(".opblock-summary")
    expect(operations.first).to_be_visible()
    assert_accessible(page, "API docs")
    operations.first.click()
    expect(page.locator(".opblock-body").first).to_be_visible()
    assert_accessible(page, "API docs with an operation open")
