"""Settings shared by every environment. Everything deployment-specific comes from the
environment (see `env` helpers below); dev/test/production only override."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = env("DJANGO_SECRET_KEY", "")
# The key of the access log's HMAC chain (trama/audit/chain.py), kept outside the database.
TRAMA_AUDIT_KEY = env("TRAMA_AUDIT_KEY", "") or ""
# `audit_verify` fails when a committed entry has waited longer than this to be sealed into
# the chain (decision 0024): sealing runs after each commit and every minute, so five minutes
# leave room for a busy worker without letting a stalled sealer go unnoticed.
TRAMA_AUDIT_SEAL_BOUND_SECONDS = int(env("TRAMA_AUDIT_SEAL_BOUND_SECONDS", "300") or 300)
DEBUG = False
ALLOWED_HOSTS = [h for h in (env("DJANGO_ALLOWED_HOSTS", "") or "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Before the theme, whose own 404.html and 500.html would otherwise answer (and refer to a
    # stylesheet the theme does not ship): Trama's error pages are in trama/core/templates.
    "trama.core",
    "bootstrap_italia_template",
    "ninja",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    # Trama, in the dependency order of docs/architecture.md (trama.core is above)
    "trama.audit",
    "trama.accounts",
    "trama.territory",
    "trama.organizations",
    "trama.projects",
    "trama.people",
    "trama.casework",
    "trama.calls",
    "trama.volunteering",
    "trama.food",
    "trama.participation",
    "trama.housing",
    "trama.public",
    "trama.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "trama.audit.middleware.AuditContextMiddleware",
    # After authentication, OTP, messages and the audit context (the log-out it may do is
    # audited with the client's address); before the 2FA check (an expired session logs in
    # again rather than being asked for a code).
    "trama.accounts.middleware.SessionTimeoutMiddleware",
    "trama.accounts.middleware.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "trama.core.forms.TramaFormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trama.core.context_processors.trama",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        (env("DATABASE_URL") or "").strip() or f"sqlite:///{BASE_DIR / 'var' / 'trama.sqlite3'}",
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60") or 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer writes; IMMEDIATE avoids upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "public:home"

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italian")), ("en", _("English"))]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT") or BASE_DIR / "var" / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT") or BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "trama@localhost")

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: only our own origin, never inline script or style.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# django-axes: lock an account+address after repeated failures.
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5") or 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Two-factor login (TOTP) for roles that can read people's data. The demo turns it off.
TRAMA_REQUIRE_2FA = env_bool("TRAMA_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "Trama"

# Sessions (decision 0020): an idle timeout, short for the roles that read people's data
# (whose sessions also end when the browser closes), longer for the others; and an absolute
# lifetime from the log-in, after which everyone logs in again.
TRAMA_SESSION_IDLE_MINUTES = int(env("TRAMA_SESSION_IDLE_MINUTES", "30") or 30)
TRAMA_SESSION_IDLE_MINUTES_OTHER_ROLES = int(
    env("TRAMA_SESSION_IDLE_MINUTES_OTHER_ROLES", "240") or 240
)
TRAMA_SESSION_ABSOLUTE_HOURS = int(env("TRAMA_SESSION_ABSOLUTE_HOURS", "12") or 12)
SESSION_COOKIE_AGE = TRAMA_SESSION_ABSOLUTE_HOURS * 3600

# Password-reset requests: at most this many per e-mail address and per client address in a
# window (counted in the cache); over the limit the same neutral page answers, nothing is sent.
TRAMA_PASSWORD_RESET_PER_ADDRESS = int(env("TRAMA_PASSWORD_RESET_PER_ADDRESS", "3") or 3)
TRAMA_PASSWORD_RESET_PER_CLIENT = int(env("TRAMA_PASSWORD_RESET_PER_CLIENT", "10") or 10)
TRAMA_PASSWORD_RESET_WINDOW_MINUTES = int(env("TRAMA_PASSWORD_RESET_WINDOW_MINUTES", "60") or 60)

# The cache holds the rate-limit counters. Per process by default; production shares it
# (config/settings/production.py, docs/deploy.md).
CACHES = {
    "default": {
        "BACKEND": env("DJANGO_CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("DJANGO_CACHE_LOCATION", "trama"),
    }
}

# Uploads (trama.core.uploads): no uploaded file of any app is larger than this.
TRAMA_UPLOAD_MAX_BYTES = int(
    env("TRAMA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)) or 10 * 1024 * 1024
)
# Imports are small tabular files: a tighter limit, within the one above.
TRAMA_IMPORT_MAX_BYTES = int(env("TRAMA_IMPORT_MAX_BYTES", str(2 * 1024 * 1024)) or 0)
# Limits of one import (decision 0017): rows of data, and the size an XLSX expands to.
TRAMA_IMPORT_MAX_ROWS = int(env("TRAMA_IMPORT_MAX_ROWS", "5000") or 5000)
TRAMA_IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = int(
    env("TRAMA_IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES", str(20 * 1024 * 1024)) or 20 * 1024 * 1024
)
# Confirmed imports with more rows than this run in the background (task worker) with a
# progress page; smaller ones at once.
TRAMA_IMPORT_BACKGROUND_ROWS = int(env("TRAMA_IMPORT_BACKGROUND_ROWS", "300") or 300)
# Rows per page of an import's preview.
TRAMA_IMPORT_PREVIEW_PAGE_SIZE = 50
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TRAMA_CONSORTIUM_NAME = "Consorzio Ovest Solidale"

# Casework: a referral with no answer after this many days is overdue.
TRAMA_REFERRAL_ANSWER_DAYS = int(env("TRAMA_REFERRAL_ANSWER_DAYS", "7") or 7)

# Mi affido a te: a volunteer's training counts for matching this many days from its day.
TRAMA_VOLUNTEER_TRAINING_VALID_DAYS = int(env("TRAMA_VOLUNTEER_TRAINING_VALID_DAYS", "730") or 730)
# Mi affido a te: an active pairing without a visit for this many days alerts the supervisors.
TRAMA_VISIT_ALERT_DAYS = int(env("TRAMA_VISIT_ALERT_DAYS", "14") or 14)

# Privacy: people with no activity for this many years are anonymised (`people_retention`).
TRAMA_RETENTION_YEARS = int(env("TRAMA_RETENTION_YEARS", "5") or 5)

# Background work (DESIGN.md §4): tasks are stored in the database and run by
# `manage.py db_worker`; `manage.py run_scheduler` enqueues the periodic ones (config/schedule.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TRAMA_SCHEDULE = "config.schedule"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# API pagination (django-ninja): pages of 50, at most 500 rows a request.
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_LIMIT = 500
