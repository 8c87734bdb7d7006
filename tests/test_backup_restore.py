"""Backup and restore (docs/deploy.md): the demo, dumped with `pg_dump -Fc` and restored with
`pg_restore` into a fresh database, still has an intact access-log chain — verified with the
same TRAMA_AUDIT_KEY, and broken for any other key.

Runs on PostgreSQL only (marker `postgres`); without the pg_dump/pg_restore binaries it skips
with one line outside CI, and fails in CI (CI=true), where they are installed.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.postgres


def _binaries() -> tuple[str, str]:
    dump, restore = shutil.which("pg_dump"), shutil.which("pg_restore")
    if not (dump and restore):
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("pg_dump and pg_restore must be installed in CI")
        pytest.skip("pg_dump/pg_restore not found: backup-and-restore test not run")
    return dump, restore


def _url_for(base_url: str, name: str) -> str:
    parts = urlsplit(base_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _run(command: list[str], env: dict[str, str], timeout: int = 600) -> str:
    result = subprocess.run(  # noqa: S603 (our own fixed commands)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{command[:3]}…: {result.stdout}\n{result.stderr}"
    return result.stdout


def _verdict(output: str) -> str:
    """The verification's own line (the JSON log lines around it are not its answer)."""
    lines = [line for line in output.splitlines() if "Access log chain" in line]
    assert len(lines) == 1, output
    return lines[0]


def test_demo_dump_restores_with_an_intact_access_log(tmp_path):
    import psycopg

    dump, restore = _binaries()
    base_url = os.environ["DATABASE_URL"]
    suffix = f"{os.getpid()}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    source, copy = f"trama_backup_src_{suffix}", f"trama_backup_copy_{suffix}"
    admin_url = _url_for(base_url, "postgres")

    def admin(sql: str) -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql)

    for name in (source, copy):
        admin(f'DROP DATABASE IF EXISTS "{name}"')
    admin(f'CREATE DATABASE "{source}"')
    admin(f'CREATE DATABASE "{copy}"')
    try:
        environ = {
            **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "trama.example.org",
            "TRAMA_AUDIT_KEY": secrets.token_urlsafe(32),
            "DATABASE_URL": _url_for(base_url, source),
        }
        manage = [sys.executable, str(ROOT / "manage.py")]
        _run([*manage, "migrate", "--noinput"], environ)
        _run([*manage, "load_demo"], environ)
        source_report = _verdict(_run([*manage, "audit_verify"], environ))
        assert "intact" in source_report

        archive = tmp_path / "trama.dump"
        _run(
            [dump, "-Fc", "--no-owner", "-f", str(archive), "-d", environ["DATABASE_URL"]], environ
        )
        assert archive.stat().st_size > 0
        copy_url = _url_for(base_url, copy)
        _run([restore, "--no-owner", "--exit-on-error", "-d", copy_url, str(archive)], environ)

        restored = _verdict(_run([*manage, "audit_verify"], {**environ, "DATABASE_URL": copy_url}))
        assert "intact" in restored
        # The copy verifies the same chain (same number of entries), not an empty one.
        assert restored == source_report
        assert " 0 entries" not in restored
        # The chain is keyed: the restored copy verifies only with the key that wrote it.
        other_key = {
            **environ,
            "DATABASE_URL": copy_url,
            "TRAMA_AUDIT_KEY": secrets.token_urlsafe(32),
        }
        result = subprocess.run(  # noqa: S603 (our own fixed command)
            [*manage, "audit_verify"], cwd=ROOT, env=other_key, capture_output=True, text=True
        )
        assert result.returncode != 0
        assert "Access log chain broken at entry #1" in result.stderr
    finally:
        for name in (source, copy):
            admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
