"""A person's page on a phone (390 px): the consents table is stacked, so every column,
the withdraw button included, is on screen and nothing runs off the page sideways."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.people.models import Consent, ConsentPurpose
from trama.people.tests.factories import PersonFactory, PrivacyNoticeFactory
from trama.territory.models import Hub, Municipality
from trama.territory.reference import load_reference_territory

WIDTH = 390


@pytest.fixture
def operator_and_person(transactional_db):
    # An earlier browser test's flush emptied the reference tables the migrations filled.
    load_reference_territory(Municipality, Hub)
    person = PersonFactory(first_name="Teresa", last_name="Gallo")
    operator = UserFactory(username="operatore_telefono")
    grant(operator, Role.OPERATOR, ScopeKind.HUB, person.reference_hub_id)
    notice = PrivacyNoticeFactory(title="Informativa sul trattamento dei dati personali")
    for purpose in (ConsentPurpose.SENSITIVE_DATA, ConsentPurpose.SHARING):
        Consent.objects.create(
            person=person, notice=notice, purpose=purpose, given_at="2025-01-02T10:00:00Z"
        )
    return operator, person


def test_the_consents_fit_a_phone(page, operator_and_person):
    operator, person = operator_and_person
    page.set_viewport_size({"width": WIDTH, "height": 844})
    login(page, operator.username)
    page.goto(reverse("people:detail", args=[person.pk]))
    page.get_by_label(re.compile("^Perché")).select_option("follow_up")
    page.get_by_role("button", name=re.compile("^Apri")).click()
    section = page.locator("section[aria-labelledby=consents-title]")
    withdraw = section.get_by_role("button", name="Revoca").first
    expect(withdraw).to_be_visible()
    box = withdraw.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, box
    for cell in section.locator("td, th").all():
        cell_box = cell.bounding_box()
        if cell_box:
            assert cell_box["x"] + cell_box["width"] <= WIDTH + 0.5, cell.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    assert_accessible(page, "person's consents at 390 px")
