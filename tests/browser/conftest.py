"""Browser tests: Playwright driving Debian's Chromium against the live test server.

Chromium is looked for in TRAMA_CHROMIUM, then Debian's and other distributions' paths, then
the browser Playwright downloads itself (`playwright install chromium`). On a machine with
none of them the tests are skipped with one line, except in CI (CI=true), where a missing
browser is a failure.
"""

import os
import shutil
import sqlite3
import warnings
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from urllib.parse import urlparse

import pytest

SYSTEM_CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# The axe-core pinned in package.json (installed by `npm ci`): the library's bundled copy lags
# behind and misses rules the current one enforces (label in name, WCAG 2.5.3).
CURRENT_AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def find_chromium(playwright) -> str | None:
    """The first Chromium found: the one named by TRAMA_CHROMIUM, a system one, Playwright's."""
    if os.environ.get("TRAMA_CHROMIUM"):
        named = os.environ["TRAMA_CHROMIUM"]
        return named if os.path.exists(named) or shutil.which(named) else None
    for name in SYSTEM_CHROMIUMS:
        if path := shutil.which(name):
            return path
    bundled = playwright.chromium.executable_path
    return bundled if bundled and os.path.exists(bundled) else None


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = find_chromium(playwright)
        if chromium is None:
            message = (
                "no Chromium found (TRAMA_CHROMIUM, chromium on PATH, Playwright's own): "
                "browser tests skipped — apt-get install chromium"
            )
            if os.environ.get("CI") == "true":
                pytest.fail(f"CI must run the browser tests: {message}")
            pytest.skip(message)
        instance = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@contextmanager
def guarded_page(browser, base_url: str, **context_options):
    """A page on `base_url` that may reach only this machine and must not trip the CSP.

    Reduced motion: the pages then skip their colour transitions (trama.css), so axe
    measures contrast on the final colours, never halfway through a fade.
    """
    context = browser.new_context(
        base_url=base_url,
        locale="it-IT",
        viewport={"width": 1280, "height": 900},
        reduced_motion="reduce",
        **context_options,
    )
    external: list[str] = []  # requests that tried to leave the machine (aborted)

    def guard(route):
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:")) or host in {
            "127.0.0.1",
            "localhost",
            "::1",
        }:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    csp_violations = []
    page.on(
        "console",
        lambda message: (
            csp_violations.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    page.set_default_timeout(15000)
    yield page
    context.close()
    assert not external, f"pages tried to reach outside the machine: {external}"
    assert not csp_violations, f"the Content Security Policy blocked: {csp_violations}"


@pytest.fixture
def page(browser, live_server):
    with guarded_page(browser, live_server.url) as page:
        yield page


@cache
def axe_checker(path: Path = CURRENT_AXE):
    """The current axe-core when installed; outside CI the library's older copy, said once."""
    from axe_playwright_python.sync_playwright import Axe

    if path.exists():
        return Axe.from_file(path)
    message = f"{path} missing (run `npm ci`): accessibility checked with the older bundled axe"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must check with the current axe-core: {message}")
    warnings.warn(message, stacklevel=2)
    return Axe()


_demo_snapshot: dict = {}  # per worker: the SQLite database right after load_demo, and its result


@pytest.fixture
def demo(transactional_db):
    """The demo data, loaded through the services as `make run` loads them.

    On SQLite it is loaded once per worker and copied page by page (sqlite3's backup) into
    the empty test database of each later test: the same rows for a fraction of the ten
    seconds a load takes. Ids cached in memory are dropped after the copy."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from trama.demo.loader import load_demo

    if connection.vendor != "sqlite":
        return load_demo()
    connection.ensure_connection()
    if not _demo_snapshot:
        result = load_demo()
        snapshot = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(snapshot)
        _demo_snapshot.update(database=snapshot, result=result)
        return result
    _demo_snapshot["database"].backup(connection.connection)
    ContentType.objects.clear_cache()
    return _demo_snapshot["result"]


def assert_fits_phone(page, label: str) -> None:
    """axe-clean and no sideways scroll at 390 px; then back to desktop width."""
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page, f"{label} at 390 px")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{label} scrolls sideways at 390 px ({width} px)"
    page.set_viewport_size({"width": 1280, "height": 900})


def assert_accessible(page, label: str = "") -> None:
    """axe-core on the current page: no WCAG 2.1 A/AA violation."""
    # A click that submits a form returns before the next page has arrived: wait until the
    # network is quiet and the page (its stylesheets included) has loaded, so axe never
    # measures a page half-styled.
    page.wait_for_load_state("networkidle")
    page.wait_for_load_state("load")
    results = axe_checker().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    summary = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        # What axe measured (colours and ratio for contrast), to tell a real defect from a
        # page caught mid-change.
        f" {[check.get('data') for n in v['nodes'][:2] for check in n.get('any', [])]}"
        for v in violations
    ]
    assert not violations, f"axe violations on {label or page.url}:\n" + "\n".join(summary)


def login(page, username: str, password: str = "password-123") -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit] >> text=/Accedi|Log in/")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
