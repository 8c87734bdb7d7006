from tests.permissions import LOGIN, Case, expect

CASES = [
    Case("healthz", expect(200)),
    Case("readyz", expect(200)),
    Case(
        "set_language", expect(302), method="post", data=lambda w: {"language": "en", "next": "/"}
    ),
    Case("core:dashboard", expect(200, anonymous=LOGIN)),
]
