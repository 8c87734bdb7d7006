import base64

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from trama.accounts import selectors, services
from trama.accounts.capabilities import MANAGE_USERS
from trama.accounts.forms import OtpTokenForm, RoleGrantForm, TokenCreateForm, UserCreateForm
from trama.accounts.models import RoleGrant
from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, throttled per e-mail address and per client: over the limit the same
    "sent" page answers and no e-mail goes out."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if services.password_reset_throttled(
            email=form.cleaned_data["email"],
            client_address=self.request.META.get("REMOTE_ADDR", ""),
        ):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def two_factor(request):
    """Second step of the log-in: a TOTP code from the user's confirmed device."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            otp_login(request, device)
            return redirect(_safe_next(request, "/"))
        form.add_error("otp_token", _("The code is not valid or has expired. Try the current one."))
    return render(
        request, "accounts/two_factor.html", {"form": form, "next": _safe_next(request, "/")}
    )


@login_required
def two_factor_setup(request):
    """Pair an authenticator app: show the secret (and QR code), confirm with a first code."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect("accounts:two_factor")
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "default"}
    )
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["otp_token"].strip()):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is active."))
            return redirect("core:dashboard")
        form.add_error(
            "otp_token", _("The code is not valid. Check the clock of your phone and try again.")
        )
    qr_svg = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage).to_string(
        encoding="unicode"
    )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/two_factor_setup.html",
        {"form": form, "qr_svg": qr_svg, "secret": secret},
    )


@capability_required(MANAGE_USERS)
def user_list(request):
    search = request.GET.get("q", "").strip()
    page = Paginator(selectors.user_list(user=request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    page.object_list = list(page.object_list)
    selectors.with_scope_names(g for u in page.object_list for g in u.active_grants)
    return render(request, "accounts/user_list.html", {"page_obj": page, "q": search})


@capability_required(MANAGE_USERS)
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_create(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("User created. They set their password with “Forgot your password?”.")
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@capability_required(MANAGE_USERS)
def user_detail(request, pk: int):
    subject = get_or_404(selectors.user_get, user=request.user, pk=pk)
    form = RoleGrantForm(request.POST or None, scope_choices=selectors.scope_choices())
    if request.method == "POST" and form.is_valid():
        kind, scope_id = form.scope_parts()
        try:
            services.role_grant(
                actor=request.user,
                user=subject,
                role=form.cleaned_data["role"],
                scope_kind=kind,
                scope_id=scope_id,
            )
        except DomainError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=subject.pk)
    grants = list(
        subject.role_grants.select_related("granted_by", "revoked_by").order_by("-granted_at")
    )
    grants = selectors.with_scope_names(grants)
    return render(
        request, "accounts/user_detail.html", {"subject": subject, "grants": grants, "form": form}
    )


@require_POST
@capability_required(MANAGE_USERS)
def role_revoke(request, pk: int, grant_pk: int):
    grant = get_object_or_404(RoleGrant, pk=grant_pk, user_id=pk)
    try:
        services.role_revoke(actor=request.user, grant=grant)
    except DomainError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=pk)


@login_required
def tokens(request):
    form = TokenCreateForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_key = services.api_token_create(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            apply_service_error(form, error)
        else:
            form = TokenCreateForm()
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": selectors.api_token_list(user=request.user), "new_key": new_key},
    )


@require_POST
@login_required
def token_revoke(request, pk: int):
    token = get_object_or_404(selectors.api_token_list(user=request.user), pk=pk)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token revoked."))
    return redirect("accounts:tokens")
