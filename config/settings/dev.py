"""Local development and the demo (`make run`): SQLite, console e-mail, 2FA off by default."""

from .base import *  # noqa: F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-not-secret-trama")
TRAMA_AUDIT_KEY = env("TRAMA_AUDIT_KEY", "dev-only-not-secret-trama-audit-key")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
TRAMA_REQUIRE_2FA = env_bool("TRAMA_REQUIRE_2FA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
