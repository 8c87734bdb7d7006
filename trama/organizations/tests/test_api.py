import json

import pytest

from trama.audit.models import AccessLogEntry
from trama.organizations.models import Organization

pytestmark = pytest.mark.django_db

BASE = "/api/v1/organizations/"


def _call(client, world, role, method, url, body=None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"} if role else {}
    if body is None:
        return getattr(client, method)(url, **headers)
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", **headers
    )


def test_list_is_scoped_filtered_and_paginated(client, world):
    everyone = _call(client, world, "partner", "get", BASE).json()
    assert everyone["count"] == 3
    assert {item["name"] for item in everyone["items"]} == {
        "Auser Prova",
        "Cooperativa Altra",
        "Comune di Prova",
    }
    own = _call(client, world, "ets_member", "get", BASE).json()
    assert [item["name"] for item in own["items"]] == ["Auser Prova"]
    filtered = _call(client, world, "coordinator", "get", f"{BASE}?kind=public_body&limit=1").json()
    assert [item["name"] for item in filtered["items"]] == ["Comune di Prova"]
    assert _call(client, world, None, "get", BASE).status_code == 401
    assert _call(client, world, "volunteer", "get", BASE).status_code == 403


def test_detail_outside_the_scope_is_not_found(client, world):
    assert (
        _call(client, world, "ets_member", "get", f"{BASE}{world.org_other.pk}").status_code == 404
    )
    body = _call(client, world, "ets_member", "get", f"{BASE}{world.org_own.pk}").json()
    assert (body["name"], body["version"], body["sectors"]) == ("Auser Prova", 1, [])


def test_create_resolves_codes_and_answers_201(client, world):
    response = _call(
        client,
        world,
        "coordinator",
        "post",
        BASE,
        {
            "name": "Associazione Via API",
            "legal_form": "odv",
            "fiscal_code": "95546580010",
            "runts_section": "a",
            "runts_number": "42",
            "municipality_istat": "1219",
            "sectors": ["u", "A"],
            "municipalities_served": ["001219", "001228"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["municipality_istat"], body["runts_section"], body["sectors"]) == (
        "001219",
        "a",
        ["a", "u"],
    )
    assert body["municipalities_served"] == ["001219", "001228"]
    assert AccessLogEntry.objects.latest("id").action == "create"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"fiscal_code": "95546580011"}, "fiscal_code"),
        ({"vat_number": "123"}, "vat_number"),
        ({"sectors": ["a", "zz"]}, "sectors"),
        ({"municipalities_served": ["999999"]}, "municipalities_served"),
        ({"municipality_istat": "999999"}, "municipality_istat"),
        ({"legal_form": "spa"}, "legal_form"),
        ({"email": "non-una-mail"}, "email"),
        ({"postcode": "1009"}, "postcode"),
    ],
)
def test_create_with_bad_input_answers_422_naming_the_field(client, world, changes, field):
    count = Organization.objects.count()
    body = {"name": "Associazione Sbagliata", "legal_form": "aps"} | changes
    response = _call(client, world, "admin", "post", BASE, body)
    assert response.status_code == 422, response.content
    detail = response.json()["detail"]
    assert ["body", field] in [error["loc"] for error in detail]
    assert all(error["msg"] for error in detail)
    assert Organization.objects.count() == count


def test_create_without_the_required_fields_is_422_too(client, world):
    response = _call(client, world, "admin", "post", BASE, {"kind": "ets"})
    assert response.status_code == 422


def test_create_is_for_coordinator_and_admin_only(client, world):
    body = {"name": "Associazione Abusiva", "legal_form": "aps"}
    assert _call(client, world, "ets_member", "post", BASE, body).status_code == 403
    assert _call(client, world, "operator", "post", BASE, body).status_code == 403
    assert not Organization.objects.filter(name="Associazione Abusiva").exists()


def test_patch_changes_only_what_is_sent_and_refuses_a_stale_version(client, world):
    url = f"{BASE}{world.org_own.pk}"
    response = _call(
        client,
        world,
        "ets_member",
        "patch",
        url,
        {"version": 1, "phone": "011 555", "sectors": ["i"]},
    )
    assert response.status_code == 200, response.content
    assert (response.json()["phone"], response.json()["sectors"], response.json()["version"]) == (
        "011 555",
        ["i"],
        2,
    )
    assert response.json()["name"] == "Auser Prova"

    stale = _call(
        client, world, "coordinator", "patch", url, {"version": 1, "name": "Troppo tardi"}
    )
    assert stale.status_code == 409
    assert "Qualcun altro ha salvato" in stale.json()["detail"]
    world.org_own.refresh_from_db()
    assert world.org_own.name == "Auser Prova"


def test_patch_needs_the_version_and_the_right_scope(client, world):
    own, other = f"{BASE}{world.org_own.pk}", f"{BASE}{world.org_other.pk}"
    assert (
        _call(client, world, "coordinator", "patch", own, {"name": "Senza versione"}).status_code
        == 422
    )
    assert (
        _call(
            client, world, "ets_member", "patch", other, {"version": 1, "name": "Non mia"}
        ).status_code
        == 404
    )
    assert (
        _call(
            client, world, "supervisor", "patch", own, {"version": 1, "name": "Non posso"}
        ).status_code
        == 403
    )
    assert (
        _call(client, world, "coordinator", "patch", own, {"version": 1, "name": ""}).status_code
        == 422
    )
