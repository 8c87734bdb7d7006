"""The main flows in the browser against the production server: gunicorn with the production
settings (DEBUG off, manifest static files served compressed by WhiteNoise, secure cookies,
HTTPS behind a proxy) on a PostgreSQL database of its own, loaded with the demo.

The browser plays the reverse proxy's part by sending `X-Forwarded-Proto: https`, which is
what nginx sets in front of Trama (docs/deploy.md); gunicorn trusts it from 127.0.0.1.
Runs in the PostgreSQL pass (marker `postgres`).
"""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, guarded_page, login
from trama.demo.loader import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.postgres


def _database_url(name: str) -> str:
    return urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}"))


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(_database_url("postgres"), autocommit=True) as connection:
        connection.execute(sql)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(command: list[str], environ: dict[str, str]) -> None:
    result = subprocess.run(  # noqa: S603 (our own fixed commands)
        command, cwd=ROOT, env=environ, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, f"{command[2:4]}: {result.stdout[-2000:]}\n{result.stderr}"


def _wait_ready(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn stopped: {log.read_text()[-3000:]}"
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as answer:  # noqa: S310
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"gunicorn not ready in 60 s: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    """gunicorn on a fresh PostgreSQL database with the demo; yields its base URL."""
    suffix = f"{os.getpid()}_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    database = f"trama_production_server_{suffix}"
    workdir = tmp_path_factory.mktemp("production-server")
    port = _free_port()
    environ = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TRAMA_"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "TRAMA_AUDIT_KEY": secrets.token_urlsafe(32),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        # The browser speaks plain HTTP to gunicorn and claims HTTPS through the header, so
        # its Origin is http://…: trusted here as the proxy's public origin would be.
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
        "DATABASE_URL": _database_url(database),
        "DJANGO_STATIC_ROOT": str(workdir / "static"),
        "DJANGO_MEDIA_ROOT": str(workdir / "media"),
        "DJANGO_CACHE_LOCATION": str(workdir / "cache"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        # The demo's users log in with a password only (the README's demo); 2FA has its tests.
        "TRAMA_REQUIRE_2FA": "false",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "LOG_LEVEL": "WARNING",
    }
    _admin(f'DROP DATABASE IF EXISTS "{database}"')
    _admin(f'CREATE DATABASE "{database}"')
    manage = [sys.executable, str(ROOT / "manage.py")]
    log = workdir / "gunicorn.log"
    server = None
    try:
        _run([*manage, "migrate", "--noinput"], environ)
        _run([*manage, "load_demo"], environ)
        _run([*manage, "collectstatic", "--noinput"], environ)
        with log.open("w") as output:
            server = subprocess.Popen(  # noqa: S603 (our own fixed command)
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "--config",
                    str(ROOT / "config" / "gunicorn.py"),
                ],
                cwd=ROOT,
                env=environ,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url, server, log)
        yield url
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        _admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    errors = [line for line in log.read_text().splitlines() if '"level": "ERROR"' in line]
    assert not errors, f"gunicorn logged errors: {errors[:5]}"


@pytest.fixture
def proxied_page(browser, production_server):
    with guarded_page(
        browser, production_server, extra_http_headers={"X-Forwarded-Proto": "https"}
    ) as page:
        yield page


def test_plain_http_is_redirected_to_https(production_server):
    request = urllib.request.Request(f"{production_server}/")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as answer:
        opener.open(request, timeout=5)
    assert answer.value.code == 301
    assert answer.value.headers["Location"].startswith("https://127.0.0.1")


def test_public_site_and_404_under_the_production_server(proxied_page):
    page = proxied_page
    response = page.goto("/")
    assert response.status == 200
    assert response.headers["strict-transport-security"].startswith("max-age=")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page, "home page (production)")

    # Static files come from the manifest (hashed names), compressed, cached for a year.
    stylesheets = page.eval_on_selector_all(
        "link[rel=stylesheet]", "links => links.map(link => link.href)"
    )
    assert stylesheets
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href
        asset = page.request.get(href, headers={"Accept-Encoding": "gzip, br"})
        assert asset.status == 200, href
        assert asset.headers.get("content-encoding") in {"gzip", "br"}, href
        assert "max-age=315360000" in asset.headers.get("cache-control", ""), href

    missing = page.goto("/una-pagina-che-non-esiste/")
    assert missing.status == 404
    expect(page.get_by_role("heading", level=1)).to_contain_text("non")
    assert_accessible(page, "404 page (production)")


def test_operator_finds_and_opens_a_person_under_the_production_server(proxied_page):
    page = proxied_page
    login(page, "operatore", DEMO_PASSWORD)
    # The session cookie is Secure and HttpOnly, as a browser gets it behind the proxy.
    session = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert session["secure"] and session["httpOnly"]
    assert_accessible(page, "dashboard (production)")

    page.goto("/gestione/persone/")
    assert_accessible(page, "people list (production)")
    first_person = page.locator("main table tbody a").first
    name = first_person.inner_text()
    first_person.click()
    page.get_by_label(re.compile("Perché apri")).select_option("listening")
    page.get_by_role("button", name="Apri la scheda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name.split()[0])
    assert_accessible(page, "person record (production)")


def test_coordinator_registers_an_organisation_under_the_production_server(proxied_page):
    """A form posted through the proxy: CSRF with secure cookies, a write, the redirect."""
    page = proxied_page
    login(page, "coordinatrice", DEMO_PASSWORD)
    page.goto("/gestione/organizzazioni/nuova/")
    page.get_by_label(re.compile("^Nome")).fill("Bocciofila dell'Abbadia")
    page.get_by_label(re.compile("^Forma giuridica")).select_option("aps")
    page.get_by_role("button", name=re.compile("Salva|Registra")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bocciofila dell'Abbadia")
    assert_accessible(page, "organisation detail (production)")
