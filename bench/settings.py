"""Settings of `make bench`: the production stack (DEBUG off, the same apps and middleware) on
the benchmark database that `bench/run.py` names in DATABASE_URL before Django starts.

Not `config.settings.test`: its WhiteNoise autorefresh looks every request up on disk, a cost
production does not pay. Not `config.settings.production` either: it needs secrets and
redirects to HTTPS."""

from config.settings.base import *  # noqa: F403
from config.settings.base import BASE_DIR

SECRET_KEY = "bench-only-not-secret"
TRAMA_AUDIT_KEY = "bench-only-not-secret-trama-audit-key"
DEBUG = False
ALLOWED_HOSTS = ["testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TRAMA_REQUIRE_2FA = False
# The manifest storage of production needs `collectstatic`; building a static URL costs the
# same either way, and the benchmark requests no static file.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = BASE_DIR / "bench" / "data" / "static"
