"""Every URL, every identity, one matrix (see tests/permissions.py)."""

import importlib
import json

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import IDENTITIES, sign_in
from tests.permissions import LOGIN, Case


def _all_cases() -> list[Case]:
    cases = []
    for config in apps.get_app_configs():
        if not config.name.startswith("trama."):
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.permissions")
        except ModuleNotFoundError:
            continue
        cases.extend(module.CASES)
    return cases


CASES = _all_cases()


def _url_names(patterns, namespace="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}:{pattern.namespace}"
                if namespace and pattern.namespace
                else (pattern.namespace or namespace)
            )
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_url_pattern_is_in_the_matrix():
    covered = {case.url_name for case in CASES}
    missing = sorted(_url_names(get_resolver().url_patterns) - covered)
    assert not missing, f"URL patterns with no row in the permission matrix: {missing}"


def test_every_row_names_every_identity():
    for case in CASES:
        assert set(case.expected) == set(IDENTITIES), case.url_name


def _outcome(response) -> object:
    if response.status_code == 302 and response["Location"].split("?")[0].endswith(
        reverse(settings.LOGIN_URL)
    ):
        return LOGIN
    return response.status_code


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: f"{c.method}-{c.url_name}{'-' + c.note if c.note else ''}"
)
def test_permission_matrix(case: Case, world, client):
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    mismatches = []
    for identity in IDENTITIES:
        headers = {}
        if case.api:
            client.cookies.clear()
            if identity != "anonymous":
                headers["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[identity]}"
        else:
            sign_in(client, world, identity)
        data = case.data(world)
        if case.method == "get":
            response = client.get(url, data, **headers)
        elif case.api:
            response = getattr(client, case.method)(
                url, json.dumps(data), content_type="application/json", **headers
            )
        else:
            response = getattr(client, case.method)(url, data, **headers)
        got = _outcome(response)
        if got != case.expected[identity]:
            mismatches.append(f"{identity}: expected {case.expected[identity]}, got {got}")
    assert not mismatches, f"{case.method.upper()} {url}\n" + "\n".join(mismatches)
