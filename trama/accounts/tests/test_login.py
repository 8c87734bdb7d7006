import re

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from trama.audit.models import AccessLogEntry


@pytest.mark.django_db
def test_login_and_logout_are_audited(world, client):
    response = client.post(
        reverse("accounts:login"), {"username": "operator_user", "password": "password-123"}
    )
    assert response.status_code == 302
    assert AccessLogEntry.objects.filter(action="login", actor_id=world.users.operator.pk).exists()
    client.post(reverse("accounts:logout"))
    assert AccessLogEntry.objects.filter(action="logout", actor_id=world.users.operator.pk).exists()


@pytest.mark.django_db
def test_lockout_after_repeated_failures(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(reverse("accounts:login"), {"username": "operator_user", "password": "wrong"})
    locked = client.post(
        reverse("accounts:login"), {"username": "operator_user", "password": "password-123"}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AccessLogEntry.objects.filter(action="login_failed").count() >= 3


@pytest.mark.django_db
def test_password_reset_sends_a_working_link(world, client):
    client.post(reverse("accounts:password_reset"), {"email": world.users.operator.email})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Un4-nuova-password!", "new_password2": "Un4-nuova-password!"},
    )
    client.post(
        reverse("accounts:login"), {"username": "operator_user", "password": "Un4-nuova-password!"}
    )
    assert client.session["_auth_user_id"] == str(world.users.operator.pk)


@pytest.mark.django_db
def test_roles_reading_people_must_pass_totp(world, client, settings):
    settings.TRAMA_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = (
        0  # the wrong code below would otherwise delay the right one
    )
    client.force_login(world.users.operator)
    first = client.get(reverse("organizations:list"))
    assert first.status_code == 302 and reverse("accounts:two_factor") in first["Location"]

    setup = client.get(reverse("accounts:two_factor_setup"))
    assert setup.status_code == 200 and "<svg" in setup.content.decode()
    device = TOTPDevice.objects.get(user=world.users.operator)
    wrong = client.post(reverse("accounts:two_factor_setup"), {"otp_token": "000000"})
    assert wrong.context["form"].errors["otp_token"]
    code = f"{totp(device.bin_key):06d}"
    client.post(reverse("accounts:two_factor_setup"), {"otp_token": code})
    assert client.get(reverse("organizations:list")).status_code == 200


@pytest.mark.django_db
def test_roles_without_people_data_need_no_second_factor(world, client, settings):
    settings.TRAMA_REQUIRE_2FA = True
    client.force_login(world.users.evaluator)
    assert client.get(reverse("core:dashboard")).status_code == 200


@pytest.mark.django_db
def test_api_token_authenticates_and_revocation_stops_it(world, client):
    from trama.accounts.models import ApiToken

    key = world.tokens["coordinator"]
    me = client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert me.status_code == 200 and me.json()["roles"] == ["coordinator"]
    assert (
        client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION="Bearer trama_wrong").status_code
        == 401
    )
    token = ApiToken.objects.get(user=world.users.coordinator)
    client.force_login(world.users.coordinator)
    client.post(reverse("accounts:token_revoke", kwargs={"pk": token.pk}))
    assert client.get("/api/v1/accounts/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
