"""Tests: fast hashing, in-memory mail, static files served from the apps."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
TRAMA_AUDIT_KEY = "test-only-not-secret-trama-audit-key"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TRAMA_REQUIRE_2FA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Tasks run inline, in the test's transaction.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
if env("DATABASE_URL", "").startswith("postgres"):  # type: ignore[union-attr]
    # A name of its own, so that two test runs on one server can be kept apart.
    DATABASES["default"]["TEST"] = {"NAME": env("TRAMA_TEST_DATABASE", "trama_test")}  # noqa: F405
    # A test database is thrown away: not waiting for each commit to reach the disk changes
    # no result (it only risks the last commits on a server crash) and saves an fsync a test.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"  # noqa: F405
