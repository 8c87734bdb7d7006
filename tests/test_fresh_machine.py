"""`make test` on a fresh machine needs only Python: no test shells out to a system tool,
and the browser tests find a Chromium where one is installed, or say in one line that none is."""

import re
from pathlib import Path

import pytest

from tests.browser.conftest import find_chromium

ROOT = Path(__file__).resolve().parent.parent
SYSTEM_TOOLS = re.compile(r"""["'](pdftotext|pdffonts|pdftoppm|pdfinfo)["']""")


def test_no_test_needs_poppler():
    offenders = [
        str(path.relative_to(ROOT))
        for path in [*ROOT.glob("trama/**/tests/**/*.py"), *ROOT.glob("tests/**/*.py")]
        if SYSTEM_TOOLS.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read PDFs with trama.core.testing.pdf_text, not poppler"


class FakePlaywright:
    def __init__(self, bundled):
        self.chromium = type("Chromium", (), {"executable_path": bundled})()


@pytest.fixture
def no_system_browser(monkeypatch, tmp_path):
    monkeypatch.delenv("TRAMA_CHROMIUM", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    return tmp_path


def test_none_found_means_none(no_system_browser):
    assert find_chromium(FakePlaywright(str(no_system_browser / "absent"))) is None


def test_playwrights_own_browser_is_found(no_system_browser):
    bundled = no_system_browser / "chrome"
    bundled.write_text("")
    assert find_chromium(FakePlaywright(str(bundled))) == str(bundled)


def test_a_chromium_on_the_path_comes_first(no_system_browser):
    debian = no_system_browser / "chromium"
    debian.write_text("#!/bin/sh\n")
    debian.chmod(0o755)
    assert find_chromium(FakePlaywright("/elsewhere/chrome")) == str(debian)


def test_the_named_one_is_used_or_none(no_system_browser, monkeypatch):
    monkeypatch.setenv("TRAMA_CHROMIUM", str(no_system_browser / "missing"))
    assert find_chromium(FakePlaywright("/elsewhere/chrome")) is None
