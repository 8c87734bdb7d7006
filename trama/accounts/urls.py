from django.contrib.auth import views as auth_views
from django.urls import path, re_path, reverse_lazy
from django.views.generic import RedirectView

from trama.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("2fa/", views.two_factor, name="two_factor"),
    path("2fa/setup/", views.two_factor_setup, name="two_factor_setup"),
    path("password-reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("utenti/", views.user_list, name="user_list"),
    path("utenti/nuovo/", views.user_create, name="user_create"),
    path("utenti/<int:pk>/", views.user_detail, name="user_detail"),
    path("utenti/<int:pk>/ruoli/<int:grant_pk>/revoca/", views.role_revoke, name="role_revoke"),
    path("token/", views.tokens, name="tokens"),
    path("token/<int:pk>/revoca/", views.token_revoke, name="token_revoke"),
]

# The English paths these pages had before: bookmarks and scripts are sent on for good.
LEGACY_PATHS = [
    (r"^users/$", "user_list"),
    (r"^users/new/$", "user_create"),
    (r"^users/(?P<pk>[0-9]+)/$", "user_detail"),
    (r"^users/(?P<pk>[0-9]+)/roles/(?P<grant_pk>[0-9]+)/revoke/$", "role_revoke"),
    (r"^tokens/$", "tokens"),
    (r"^tokens/(?P<pk>[0-9]+)/revoke/$", "token_revoke"),
]
urlpatterns += [
    re_path(
        regex,
        RedirectView.as_view(pattern_name=f"accounts:{name}", permanent=True, query_string=True),
    )
    for regex, name in LEGACY_PATHS
]
