from tests.permissions import LOGIN, Case, expect, only

ADMIN_ONLY = only(["admin"])

CASES = [
    Case("accounts:login", expect(302, anonymous=200)),  # a logged-in user is sent on
    Case("accounts:logout", expect(302), method="post"),
    Case("accounts:two_factor", expect(302, anonymous=LOGIN), note="no device yet: sent to setup"),
    Case("accounts:two_factor_setup", expect(200, anonymous=LOGIN)),
    Case("accounts:password_reset", expect(200)),
    Case("accounts:password_reset_done", expect(200)),
    Case(
        "accounts:password_reset_confirm",
        expect(200),
        kwargs=lambda w: {"uidb64": "MQ", "token": "invalid-token"},
        note="an invalid link shows its message",
    ),
    Case("accounts:password_reset_complete", expect(200)),
    Case("accounts:user_list", ADMIN_ONLY),
    Case("accounts:user_create", ADMIN_ONLY),
    Case("accounts:user_detail", ADMIN_ONLY, kwargs=lambda w: {"pk": w.users.operator.pk}),
    Case(
        "accounts:role_revoke",
        only(["admin"], allowed=302),
        method="post",
        kwargs=lambda w: {
            "pk": w.users.volunteer.pk,
            "grant_pk": w.users.volunteer.role_grants.get().pk,
        },
    ),
    Case("accounts:tokens", expect(200, anonymous=LOGIN)),
    Case(
        "accounts:token_revoke",
        expect(404, anonymous=LOGIN, admin=302),
        method="post",
        kwargs=lambda w: {"pk": w.users.admin.api_tokens.get().pk},
        note="someone else's token is not found",
    ),
    Case("api-1.0.0:me", expect(200, anonymous=401), api=True),
    Case("api-1.0.0:openapi-json", expect(200), api=True),
    Case("api-1.0.0:openapi-view", expect(200), api=True),
    Case("api-1.0.0:api-root", expect(404), api=True),
]
