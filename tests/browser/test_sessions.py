"""An idle session in the browser: the next page is the log-in page, which says why, and is
accessible (also at 390 px). Decision 0020."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.sessions import LOGIN_AT, SEEN_AT
from trama.accounts.tests.factories import UserFactory, grant


@pytest.fixture
def operator(transactional_db):
    user = UserFactory(username="operatrice_sessione")
    grant(user, Role.OPERATOR, ScopeKind.CONSORTIUM, None)
    return user


def _age_browser_session(page, minutes: int) -> None:
    from django.contrib.sessions.backends.db import SessionStore

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session[SEEN_AT] -= minutes * 60
    session[LOGIN_AT] -= minutes * 60
    session.save()


@pytest.mark.parametrize("width", [1280, 390])
def test_an_idle_session_sends_back_to_the_login_page_saying_why(page, operator, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, operator.username)
    dashboard = page.url
    _age_browser_session(page, minutes=31)

    page.goto(dashboard)

    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_role("alert")).to_contain_text("La sessione è scaduta per inattività")
    expect(page.get_by_label("Nome utente")).to_be_visible()
    assert_accessible(page, f"login after idle timeout at {width} px")
