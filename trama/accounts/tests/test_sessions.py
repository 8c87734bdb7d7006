"""Session lifetimes, 2FA for ETS and partner members, throttled password resets
(issue 9 item 11, decision 0020). Time passes by moving the session's stamps back."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from trama.accounts.sessions import LOGIN_AT, SEEN_AT
from trama.audit.models import AccessLogEntry

PAGE = "organizations:list"


def _log_in(client, user):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": "password-123"}
    )
    assert response.status_code == 302
    assert client.get(reverse(PAGE)).status_code == 200


def _age_session(client, *, idle_minutes: int = 0, since_login_minutes: int = 0):
    session = client.session
    session[SEEN_AT] -= idle_minutes * 60
    session[LOGIN_AT] -= since_login_minutes * 60
    session.save()


@pytest.mark.django_db
def test_idle_session_of_a_people_data_role_ends_after_30_minutes(world, client):
    operator = world.users.operator
    _log_in(client, operator)
    _age_session(client, idle_minutes=31, since_login_minutes=31)

    response = client.get(reverse(PAGE))

    login_url = reverse("accounts:login")
    assert response.status_code == 302
    assert response["Location"] == f"{login_url}?next={reverse(PAGE)}"
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"])
    assert "La sessione è scaduta per inattività" in page.content.decode()
    logout = AccessLogEntry.objects.filter(action="logout", actor_id=operator.pk).get()
    assert logout.details == {"reason": "idle"}


@pytest.mark.django_db
def test_every_log_in_stamps_its_session(world, client):
    client.force_login(world.users.operator)  # the same signal as the log-in form
    session = client.session
    assert session[LOGIN_AT] == session[SEEN_AT] > 0
    assert session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_activity_keeps_the_session_alive(world, client):
    _log_in(client, world.users.operator)
    for _ in range(3):  # 3 × 20 idle minutes, each followed by a request
        _age_session(client, idle_minutes=20, since_login_minutes=20)
        assert client.get(reverse(PAGE)).status_code == 200
    assert client.session["_auth_user_id"] == str(world.users.operator.pk)


@pytest.mark.django_db
def test_other_roles_have_the_longer_idle_timeout(world, client, settings):
    settings.TRAMA_SESSION_IDLE_MINUTES_OTHER_ROLES = 240
    evaluator = world.users.evaluator
    client.force_login(evaluator)
    page = reverse("core:dashboard")
    assert client.get(page).status_code == 200
    _age_session(client, idle_minutes=31, since_login_minutes=31)
    assert client.get(page).status_code == 200
    _age_session(client, idle_minutes=241, since_login_minutes=241)
    response = client.get(page)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_idle_timeout_is_configurable(world, client, settings):
    settings.TRAMA_SESSION_IDLE_MINUTES = 5
    _log_in(client, world.users.coordinator)
    _age_session(client, idle_minutes=6, since_login_minutes=6)
    assert client.get(reverse(PAGE)).status_code == 302


@pytest.mark.django_db
def test_an_active_session_ends_at_its_absolute_lifetime(world, client):
    _log_in(client, world.users.operator)
    _age_session(client, idle_minutes=1, since_login_minutes=12 * 60)

    response = client.get(reverse(PAGE), follow=True)

    assert response.redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    assert "La sessione ha raggiunto la durata massima" in response.content.decode()
    entry = AccessLogEntry.objects.filter(action="logout").get()
    assert entry.details == {"reason": "absolute"}


@pytest.mark.django_db
def test_an_expired_post_changes_nothing_and_goes_to_the_login(world, client):
    _log_in(client, world.users.operator)
    _age_session(client, idle_minutes=31, since_login_minutes=31)
    response = client.post(reverse("accounts:tokens"), {"name": "dopo la scadenza"})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    assert not world.users.operator.api_tokens.filter(name="dopo la scadenza").exists()


@pytest.mark.django_db
def test_people_data_roles_sessions_end_with_the_browser(world, client):
    _log_in(client, world.users.ets_member)
    cookie = client.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_other_roles_sessions_survive_the_browser_until_the_absolute_lifetime(
    world, client, settings
):
    login_page = reverse("accounts:login")
    client.post(login_page, {"username": "evaluator_user", "password": "password-123"})
    cookie = client.cookies["sessionid"]
    assert int(cookie["max-age"]) == settings.TRAMA_SESSION_ABSOLUTE_HOURS * 3600
    assert not client.session.get_expire_at_browser_close()


@pytest.mark.django_db
def test_api_tokens_are_not_affected_by_an_expired_session(world, client):
    _log_in(client, world.users.coordinator)
    _age_session(client, idle_minutes=60, since_login_minutes=60)
    key = world.tokens["coordinator"]
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200 and me.json()["roles"] == ["coordinator"]
    assert "_auth_user_id" not in client.session  # the session itself has ended


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ets_member", "partner"])
def test_ets_and_partner_members_need_the_second_factor_when_required(
    world, client, settings, role
):
    settings.TRAMA_REQUIRE_2FA = True
    client.force_login(world.user_by_role[role])
    response = client.get(reverse("core:dashboard"))
    assert response.status_code == 302 and reverse("accounts:two_factor") in response["Location"]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["ets_member", "partner"])
def test_ets_and_partner_members_need_no_second_factor_when_not_required(
    world, client, settings, role
):
    settings.TRAMA_REQUIRE_2FA = False
    client.force_login(world.user_by_role[role])
    assert client.get(reverse("core:dashboard")).status_code == 200


def _reset(client, email, address="192.0.2.1"):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=address)


@pytest.mark.django_db
def test_password_reset_is_throttled_per_address_with_the_neutral_answer(world, client, caplog):
    email = world.users.operator.email
    unknown = _reset(client, "nessuno@example.org", address="198.51.100.7")
    for _ in range(3):
        assert _reset(client, email).status_code == 302
    assert len(mail.outbox) == 3

    with caplog.at_level(logging.WARNING, logger="trama.security"):
        throttled = _reset(client, email.upper(), address="203.0.113.9")

    assert len(mail.outbox) == 3
    assert throttled.status_code == unknown.status_code == 302
    assert throttled["Location"] == unknown["Location"] == reverse("accounts:password_reset_done")
    record = next(r for r in caplog.records if r.name == "trama.security")
    assert "address limit" in record.getMessage() and email not in record.getMessage()


@pytest.mark.django_db
def test_password_reset_is_throttled_per_client(world, client, settings, caplog):
    settings.TRAMA_PASSWORD_RESET_PER_CLIENT = 10
    for number in range(10):
        _reset(client, f"prova{number}@example.org")
    with caplog.at_level(logging.WARNING, logger="trama.security"):
        throttled = _reset(client, world.users.operator.email)
    assert throttled["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []
    assert any("client limit" in r.getMessage() for r in caplog.records)

    _reset(client, world.users.operator.email, address="192.0.2.200")  # another client
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_password_reset_limits_are_configurable_and_the_window_ends(world, client, settings):
    from django.core.cache import cache

    settings.TRAMA_PASSWORD_RESET_PER_ADDRESS = 1
    email = world.users.operator.email
    _reset(client, email)
    _reset(client, email)
    assert len(mail.outbox) == 1
    cache.clear()  # the window has passed: its counters are gone
    _reset(client, email)
    assert len(mail.outbox) == 2
