"""An operator fills in a Tilburg Frailty Indicator for a person and reads the result."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.demo.loader import DEMO_PASSWORD
from trama.people.tests.factories import PersonFactory
from trama.screening import TFI
from trama.territory.models import Hub

# 5 points: walking, balance (physical), memory, feeling down (psychological), lives alone.
PROBLEMS = {"walking": "yes", "balance": "yes", "memory": "yes", "feeling_down": "sometimes"}
PROBLEMS |= {"lives_alone": "yes"}


@pytest.fixture
def person(demo):
    operator = User.objects.get(username="operatore")
    hub = Hub.objects.get(pk=next(iter(operator.scope_ids(Role.OPERATOR, ScopeKind.HUB))))
    return PersonFactory(reference_hub=hub, first_name="Teresa", last_name="Gallo")


def _open_with_purpose(page):
    page.get_by_label(re.compile("^Perché")).select_option("follow_up")
    page.get_by_role("button", name=re.compile("^Apri")).click()


def test_operator_fills_in_a_tfi_and_sees_the_total_and_the_chart(page, person):
    login(page, "operatore", DEMO_PASSWORD)
    page.goto(reverse("people:detail", args=[person.pk]))
    _open_with_purpose(page)
    section = page.locator("section[aria-labelledby=screening-title]")
    expect(section).to_contain_text("Nessun questionario registrato")
    section.get_by_role("link", name=re.compile("Fragilità di Tilburg", re.I)).click()

    expect(page.locator("fieldset")).to_have_count(15)
    assert_accessible(page, "TFI form")
    for item in TFI.items:
        resource = item.option("yes").points == 0
        answer = PROBLEMS.get(item.code, "yes" if resource else "no")
        page.locator(f"input[name={item.code}][value={answer}]").check()
    page.get_by_role("button", name="Salva").click()

    expect(page.get_by_role("alert").first).to_contain_text("Totale 5")
    expect(page.get_by_role("alert").first).to_contain_text("Fragile")
    _open_with_purpose(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Teresa Gallo")
    chart = page.locator("svg.trama-chart[role=img]")
    expect(chart).to_have_count(1)
    expect(chart.locator(".trama-chart-threshold")).to_have_count(1)
    expect(page.locator("table").first).to_contain_text("5")
    assert_accessible(page, "screening results")

    page.set_viewport_size({"width": 375, "height": 800})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the results page scrolls sideways at 375 px ({width} px)"
