"""The back-office menu: at 390 px it sits behind a "Menu" button (Bootstrap Italia's
collapsible header nav) instead of wrapping into rows; the button opens and closes it; on a
wide screen it is a row of links. Accessible in every state."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role
from trama.accounts.tests.factories import UserFactory, grant


@pytest.fixture
def coordinator(transactional_db):
    user = UserFactory(username="coordinatrice_menu")
    grant(user, Role.COORDINATOR)  # the longest menu of all
    return user


def test_at_390_px_the_menu_opens_from_its_button(page, coordinator):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, coordinator.username)
    page.goto("/gestione/")
    menu = page.locator("#staff-menu")
    button = page.get_by_role("button", name="Menu", exact=True)
    people = menu.get_by_role("link", name="Persone", exact=True)
    expect(button).to_be_visible()
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(people).to_be_hidden()
    assert_accessible(page, "menu closed at 390 px")

    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(people).to_be_visible()
    expect(people).to_be_in_viewport()
    assert_accessible(page, "menu open at 390 px")

    page.keyboard.press("Escape")
    expect(people).to_be_hidden()
    expect(button).to_be_focused()
    button.click()
    page.get_by_role("button", name="Chiudi il menu").click()
    expect(people).to_be_hidden()

    button.click()
    people.click()
    page.wait_for_url("**/gestione/persone/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_on_a_wide_screen_the_menu_is_a_row_of_links(page, coordinator):
    login(page, coordinator.username)
    page.goto("/gestione/")
    expect(page.get_by_role("button", name="Menu", exact=True)).to_be_hidden()
    links = page.locator("#staff-menu .navbar-nav a")
    expect(links.first).to_be_visible()
    expect(page.locator("#staff-menu a[aria-current=page]")).to_have_count(1)
    tops = {round(box["y"]) for box in (link.bounding_box() for link in links.all())}
    assert len(tops) == 1, f"the menu wraps onto {len(tops)} rows at 1280 px"
    assert_accessible(page, "menu at 1280 px")
