"""publiccode.yml (root) follows the publiccode.yml standard, version 0.4, as read by the
Developers Italia catalogue: the required keys, and the allowed values of the enumerations."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

DEVELOPMENT_STATUSES = {"concept", "development", "beta", "stable", "obsolete"}
SOFTWARE_TYPES = {
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
}
PLATFORMS = {"web", "windows", "mac", "linux", "ios", "android"}
MAINTENANCE_TYPES = {"internal", "contract", "community", "none"}
# A subset of the standard's category list: the ones that can describe Trama.
CATEGORIES = {
    "grant-management",
    "workflow-management",
    "data-collection",
    "document-management",
    "crm",
    "digital-citizenship",
    "knowledge-management",
}
SPDX = re.compile(r"^(LicenseRef-[A-Za-z0-9.-]+|[A-Za-z0-9.+-]+)$")


def _publiccode() -> dict:
    return yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))


def test_required_keys_and_allowed_values():
    data = _publiccode()
    assert data["publiccodeYmlVersion"] == "0.4"
    for key in (
        "name",
        "url",
        "releaseDate",
        "platforms",
        "categories",
        "developmentStatus",
        "softwareType",
        "description",
        "legal",
        "maintenance",
        "localisation",
    ):
        assert key in data, key
    assert isinstance(data["name"], str) and data["name"]
    assert re.match(r"^https://\S+$", data["url"])
    datetime.date.fromisoformat(str(data["releaseDate"]))
    assert set(data["platforms"]) <= PLATFORMS and "web" in data["platforms"]
    assert data["categories"] and set(data["categories"]) <= CATEGORIES
    assert data["developmentStatus"] in DEVELOPMENT_STATUSES
    assert data["softwareType"] in SOFTWARE_TYPES


def test_descriptions_in_italian_and_english():
    descriptions = _publiccode()["description"]
    assert {"it", "en"} <= set(descriptions)
    for language, description in descriptions.items():
        assert 0 < len(description["shortDescription"].strip()) <= 150, language
        assert 150 <= len(description["longDescription"].strip()) <= 10000, language
        assert description["features"], language
        assert all(0 < len(f) <= 100 for f in description["features"]), language


def test_legal_maintenance_localisation_dependencies():
    data = _publiccode()
    license_ = data["legal"]["license"]
    assert SPDX.match(license_)
    licence_file = next(iter(ROOT.glob("LICENSE*")), None)
    if licence_file is None:
        # No licence chosen yet: the file must not claim one.
        assert license_.startswith("LicenseRef-")
    maintenance = data["maintenance"]
    assert maintenance["type"] in MAINTENANCE_TYPES
    if maintenance["type"] in {"internal", "community"}:
        assert maintenance["contacts"] and all(c["name"] for c in maintenance["contacts"])
    localisation = data["localisation"]
    assert localisation["localisationReady"] is True
    assert set(localisation["availableLanguages"]) == {"it", "en"}
    names = [d["name"] for d in data["dependsOn"]["open"]]
    assert "PostgreSQL" in names
