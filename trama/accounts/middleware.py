from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from trama.accounts.roles import TWO_FACTOR_ROLES

EXEMPT_PREFIXES = ("/static/", "/api/", "/healthz", "/readyz")


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
