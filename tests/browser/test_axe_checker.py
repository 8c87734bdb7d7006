"""Which axe-core the browser tests measure with: the current one from node_modules; without
it, the library's older copy with a warning, except in CI, where that is a failure."""

import os
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_SCRIPT

from tests.browser.conftest import CURRENT_AXE, axe_checker

MISSING = Path("/nonexistent/axe-core/axe.min.js")


def test_the_pinned_axe_core_is_the_one_injected():
    if not CURRENT_AXE.exists():
        message = "node_modules/axe-core missing: run `npm ci`"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI installs it: {message}")
        pytest.skip(message)
    assert axe_checker().axe_script == CURRENT_AXE.read_text(encoding="utf-8")


def test_without_it_ci_fails(monkeypatch):
    monkeypatch.setenv("CI", "true")
    axe_checker.cache_clear()
    with pytest.raises(pytest.fail.Exception, match="current axe-core"):
        axe_checker(MISSING)


def test_without_it_elsewhere_one_warning_and_the_bundled_copy(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    axe_checker.cache_clear()
    with pytest.warns(UserWarning, match="npm ci"):
        checker = axe_checker(MISSING)
    assert checker.axe_script == AXE_SCRIPT
    axe_checker.cache_clear()
