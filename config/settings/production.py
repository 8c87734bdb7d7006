"""Production: PostgreSQL through DATABASE_URL, secrets from the environment, HTTPS.

Refuses to start (ImproperlyConfigured) rather than run half-configured: without
DATABASE_URL (no silent SQLite), without a real DJANGO_SECRET_KEY, without a real
TRAMA_AUDIT_KEY, without DJANGO_ALLOWED_HOSTS.
Every variable is listed in docs/deploy.md.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SECRET_KEY, TRAMA_AUDIT_KEY, env, env_bool

SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5
AUDIT_KEY_MIN_LENGTH = 32

if not (env("DATABASE_URL") or "").strip():
    raise ImproperlyConfigured(
        "DATABASE_URL must be set in production, e.g. "
        "postgres://trama:password@db.example.org:5432/trama (see docs/deploy.md): "
        "Trama does not fall back to SQLite outside development."
    )
if (
    len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH
    or len(set(SECRET_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"DJANGO_SECRET_KEY must be set in production to a random value of at least "
        f"{SECRET_KEY_MIN_LENGTH} characters, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'` (see docs/deploy.md)."
    )
if (
    len(TRAMA_AUDIT_KEY) < AUDIT_KEY_MIN_LENGTH
    or len(set(TRAMA_AUDIT_KEY)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
    or TRAMA_AUDIT_KEY.startswith("dev-only-")
):
    raise ImproperlyConfigured(
        f"TRAMA_AUDIT_KEY must be set in production to a random value of at least "
        f"{AUDIT_KEY_MIN_LENGTH} characters, different from DJANGO_SECRET_KEY, e.g. the output of "
        "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`; it signs the access "
        "log, so keep it outside the database and its backups (see docs/deploy.md)."
    )
if TRAMA_AUDIT_KEY == SECRET_KEY:
    raise ImproperlyConfigured(
        "TRAMA_AUDIT_KEY must differ from DJANGO_SECRET_KEY (see docs/deploy.md)."
    )
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured(
        "DJANGO_ALLOWED_HOSTS must be set in production: the host names Trama answers to, "
        "comma-separated, e.g. trama.example.org (see docs/deploy.md)."
    )

DEBUG = False

# Behind PgBouncer in transaction mode (docs/deploy.md): no server-side cursors.
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool(  # noqa: F405
    "DATABASE_DISABLE_SERVER_SIDE_CURSORS", False
)

# HTTPS. The reverse proxy terminates TLS and sets X-Forwarded-Proto (docs/deploy.md); Django
# trusts that header only because the proxy overwrites it on every request.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
# Probes of the load balancer and of systemd come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", "31536000") or 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
CSRF_TRUSTED_ORIGINS = [
    o for o in (env("DJANGO_CSRF_TRUSTED_ORIGINS", "") or "").split(",") if o.strip()
]

# The cache holds the password-reset rate limits: shared by the workers of a machine (files
# under var/cache) unless DJANGO_CACHE_BACKEND names a cache shared by every web machine, e.g.
# django.core.cache.backends.db.DatabaseCache with DJANGO_CACHE_LOCATION=trama_cache after
# `manage.py createcachetable` (docs/deploy.md).
CACHES = {
    "default": {
        "BACKEND": env(
            "DJANGO_CACHE_BACKEND", "django.core.cache.backends.filebased.FileBasedCache"
        ),
        "LOCATION": env("DJANGO_CACHE_LOCATION", str(BASE_DIR / "var" / "cache")),  # noqa: F405
    }
}

# Logs: one JSON object a line on stdout (trama/core/logging.py), for the log collector.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "trama.core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own request/server loggers propagate to root; keep them from adding
        # their own (non-JSON) handlers.
        "django": {"handlers": [], "level": env("LOG_LEVEL", "INFO"), "propagate": True},
    },
}
