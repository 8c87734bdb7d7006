from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from trama.accounts.roles import TWO_FACTOR_ROLES
from trama.accounts.sessions import SessionEnd, session_check

EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz", "/readyz")
NO_SESSION_PREFIXES = ("/static/", "/healthz", "/readyz")


def _session_end_message(reason: SessionEnd) -> str:
    if reason == SessionEnd.IDLE:
        return _("Your session expired after a period of inactivity. Log in again.")
    return _("Your session reached its maximum length. Log in again.")


class SessionTimeoutMiddleware:
    """Ends sessions that were idle too long or are older than their absolute lifetime
    (trama/accounts/sessions.py, decision 0020): logs the user out (the log-out is audited
    with its reason) and sends pages to the log-in page, which says why. API requests with a
    token have no session; an API request with an expired session goes on as anonymous.
    After the authentication, OTP and message middleware; before the 2FA check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated and not request.path.startswith(NO_SESSION_PREFIXES):
            reason = session_check(request)
            if reason is not None:
                request.trama_logout_reason = reason.value
                logout(request)
                if not request.path.startswith("/api/"):
                    messages.warning(request, _session_end_message(reason))
                    login_url = reverse(settings.LOGIN_URL)
                    if request.path == login_url:
                        pass  # the log-in page itself: show it, with the message
                    elif request.method == "GET":
                        return redirect_to_login(request.get_full_path(), login_url)
                    else:
                        return redirect(login_url)
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Users whose roles can read people's data must pass a TOTP check after the password."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            settings.TRAMA_REQUIRE_2FA
            and user.is_authenticated
            and not user.is_verified()
            and user.has_any_role(*TWO_FACTOR_ROLES)
            and not request.path.startswith(EXEMPT_PREFIXES)
        ):
            allowed = {
                reverse("accounts:two_factor"),
                reverse("accounts:two_factor_setup"),
                reverse("accounts:logout"),
                reverse("set_language"),
            }
            if request.path not in allowed:
                return redirect(f"{reverse('accounts:two_factor')}?next={request.get_full_path()}")
        return self.get_response(request)
