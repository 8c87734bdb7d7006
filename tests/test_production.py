"""The production settings: `check --deploy` is clean, and they refuse to start half-configured.

Run in subprocesses with DJANGO_SETTINGS_MODULE=config.settings.production, as a server would
start, so that nothing of the test settings leaks in.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _production_env(**overrides: str | None) -> dict[str, str]:
    environ = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "GUNICORN_", "TRAMA_"))
    }
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL="postgres://trama:secret@db.example.org:5432/trama",
        DJANGO_ALLOWED_HOSTS="trama.example.org",
        TRAMA_AUDIT_KEY=secrets.token_urlsafe(32),
    )
    for key, value in overrides.items():
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    return environ


def _manage(*args: str, **overrides: str | None) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own fixed command)
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=_production_env(**overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("value", [None, "", "   "])
def test_production_refuses_to_start_without_database_url(value):
    result = _manage("check", DATABASE_URL=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DATABASE_URL must be set in production" in result.stderr


@pytest.mark.parametrize(
    "value",
    [None, "", "short-key", "django-insecure-" + "x1y2z3" * 10, "a" * 60],
    ids=["unset", "empty", "short", "django-insecure", "one-character"],
)
def test_production_refuses_to_start_without_a_real_secret_key(value):
    result = _manage("check", DJANGO_SECRET_KEY=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY must be set in production" in result.stderr


@pytest.mark.parametrize(
    "value",
    [None, "", "short-audit-key", "dev-only-not-secret-trama-audit-key-xyz", "b" * 40],
    ids=["unset", "empty", "short", "dev-key", "one-character"],
)
def test_production_refuses_to_start_without_a_real_audit_key(value):
    result = _manage("check", TRAMA_AUDIT_KEY=value)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "TRAMA_AUDIT_KEY must be set in production" in result.stderr


def test_production_refuses_the_secret_key_as_audit_key():
    key = secrets.token_urlsafe(50)
    result = _manage("check", DJANGO_SECRET_KEY=key, TRAMA_AUDIT_KEY=key)
    assert result.returncode != 0
    assert "TRAMA_AUDIT_KEY must differ from DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _manage("check", DJANGO_ALLOWED_HOSTS=None)
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS must be set in production" in result.stderr


def test_production_logs_are_json_lines_on_stdout():
    code = (
        "import logging; logging.getLogger('trama.test').warning('prova %s', 'àè'); "
        "logging.getLogger('trama.test').error('req', extra={'request_id': 'abc-1'})"
    )
    result = _manage("shell", "-v", "0", "-c", code)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    ours = [line for line in lines if line["logger"] == "trama.test"]
    assert [line["message"] for line in ours] == ["prova àè", "req"]
    assert ours[0]["level"] == "WARNING"
    assert ours[1]["request_id"] == "abc-1"
    assert {"time", "level", "logger", "message"} <= set(ours[0])


def test_json_formatter_names_the_request_and_the_exception():
    from trama.core.logging import JsonFormatter

    class Request:
        META = {"HTTP_X_REQUEST_ID": "r-42"}

    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "failed %s", ("x",), sys.exc_info()
        )
    record.request = Request()
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "failed x"
    assert entry["request_id"] == "r-42"
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")


def test_gunicorn_config_reads_the_environment(monkeypatch):
    import importlib.util

    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    monkeypatch.setenv("GUNICORN_WORKERS", "3")
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "config" / "gunicorn.py")
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    assert conf.bind == "0.0.0.0:9000"
    assert conf.workers == 3
    assert conf.wsgi_app == "config.wsgi:application"
    monkeypatch.delenv("GUNICORN_WORKERS")
    spec.loader.exec_module(conf)
    assert 3 <= conf.workers <= 8


def test_serve_runs_gunicorn_worker_and_scheduler():
    import importlib.util

    spec = importlib.util.spec_from_file_location("run_all", ROOT / "tools" / "run_all.py")
    runner = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(runner)
    commands = runner.trama_commands("", production=True)
    assert set(commands) == {"web", "worker", "scheduler"}
    assert commands["web"][1:3] == ["-m", "gunicorn"]
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve: install\n", 1)[1].split("\n\n", 1)[0]
    for step in ("migrate --noinput", "collectstatic --noinput", "compile_translations"):
        assert step in serve
    assert "tools/run_all.py --production" in serve


def test_probes_answer_over_plain_http_while_pages_redirect_to_https():
    """The load balancer probes from inside the network over HTTP; a page still goes to HTTPS."""
    script = (
        "from django.test import Client; c = Client(); "
        "print(c.get('/healthz', HTTP_HOST='trama.example.org').status_code, "
        "c.get('/', HTTP_HOST='trama.example.org').status_code)"
    )
    result = _manage("shell", "-c", script)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].split() == ["200", "301"]
