"""Gunicorn settings for `make serve` and the systemd unit (docs/deploy.md).

Everything comes from the environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the
reverse proxy), GUNICORN_WORKERS (default 2 x cores + 1, at most 8), GUNICORN_TIMEOUT (60 s),
GUNICORN_GRACEFUL_TIMEOUT (30 s), GUNICORN_KEEPALIVE (5 s). The access log is one JSON object
a line on stdout, like the application's logs (trama/core/logging.py).
"""

import json
import multiprocessing
import os
from datetime import UTC, datetime

from gunicorn import glogging


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Requests that stall the worker are cut at `timeout`; a worker is recycled after this many
# requests (with jitter) so a slow leak cannot grow without end.
max_requests = _int("GUNICORN_MAX_REQUESTS", 1000)
max_requests_jitter = 100
# The proxy in front sets X-Forwarded-For/-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class JsonAccessLogger(glogging.Logger):
    """Gunicorn's logger, with each access line written as one JSON object (quotes escaped)."""

    def access(self, resp, req, environ, request_time):
        if not (self.cfg.accesslog or self.cfg.logconfig or self.cfg.syslog):
            return
        atoms = self.atoms(resp, req, environ, request_time)
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "INFO",
            "logger": "gunicorn.access",
            "remote": atoms.get("h"),
            "method": atoms.get("m"),
            "path": atoms.get("U"),
            "query": atoms.get("q"),
            "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
            "bytes": atoms.get("B"),
            "duration_ms": atoms.get("M"),
            "user_agent": atoms.get("a"),
        }
        request_id = environ.get("HTTP_X_REQUEST_ID")
        if request_id:
            entry["request_id"] = request_id
        self.access_log.info(json.dumps(entry, ensure_ascii=False, default=str))


logger_class = JsonAccessLogger
# Gunicorn's own messages (start, worker restarts, errors) as JSON lines too; the access lines
# are already JSON (above) and pass through as they are.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "trama.core.logging.JsonFormatter"},
        "raw": {"format": "%(message)s"},
    },
    "handlers": {
        "error_console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        },
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "raw",
        },
    },
    "loggers": {
        "gunicorn.error": {
            "handlers": ["error_console"],
            "level": loglevel.upper(),
            "propagate": False,
        },
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
