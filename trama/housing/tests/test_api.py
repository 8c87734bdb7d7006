"""The housing API: the pages' rules and scopes — the mediator reports and refers, the body
reads only its issues (no household) and answers in order; refusals are 422 with the
Italian message and change nothing."""

import json

import pytest

from trama.housing.models import Issue, IssueState
from trama.housing.tests.factories import atc_body, building_on


def _auth(world, role: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}", "HTTP_ACCEPT_LANGUAGE": "it"}


def _post(client, world, role, url, data):
    return client.post(url, json.dumps(data), content_type="application/json", **_auth(world, role))


@pytest.fixture
def building(world):
    return building_on(world.hub_own, world.users.coordinator, owner=atc_body())


def test_an_issue_goes_from_the_mediator_to_the_body_and_back(client, world, building):
    tenant = building.units.first().tenancies.get().household
    created = _post(
        client,
        world,
        "mediator",
        "/api/v1/housing/issues",
        {
            "building_id": building.pk,
            "categories": ["maintenance", "health_social"],
            "description": "Muffa in camera",
            "household_ids": [tenant.pk],
        },
    )
    assert created.status_code == 201, created.content
    issue = created.json()
    assert issue["priority"] == 4 and issue["categories"] == ["health_social", "maintenance"]
    url = f"/api/v1/housing/issues/{issue['id']}"
    refused = _post(
        client, world, "mediator", f"{url}/referral", {"organization_id": world.org_own.pk}
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["code"] == "not_a_partner_body"
    assert "non è un ente partner" in refused.json()["detail"][0]["msg"]
    assert Issue.objects.get(pk=issue["id"]).state == IssueState.REPORTED
    referred = _post(
        client, world, "mediator", f"{url}/referral", {"organization_id": world.partner_body.pk}
    )
    assert referred.json()["state"] == "referred" and referred.json()["acknowledge_due"]

    inbox = client.get("/api/v1/housing/issues", **_auth(world, "partner")).json()
    assert [i["id"] for i in inbox["items"]] == [issue["id"]]
    assert "household" not in json.dumps(inbox)
    out_of_order = _post(client, world, "partner", f"{url}/answers", {"target": "resolved"})
    assert out_of_order.status_code == 422
    for step in ("received", "in_progress", "resolved"):
        answered = _post(client, world, "partner", f"{url}/answers", {"target": step, "text": "ok"})
        assert answered.json()["state"] == step
    assert Issue.objects.get(pk=issue["id"]).closed_at is not None


def test_a_body_does_not_find_another_bodys_issue(client, world, building):
    other = _post(
        client,
        world,
        "mediator",
        "/api/v1/housing/issues",
        {"building_id": building.pk, "categories": ["maintenance"], "description": "Citofono"},
    ).json()
    _post(
        client,
        world,
        "mediator",
        f"/api/v1/housing/issues/{other['id']}/referral",
        {"organization_id": atc_body("Comune di Altrove").pk},
    )
    url = f"/api/v1/housing/issues/{other['id']}"
    assert client.get(url, **_auth(world, "partner")).status_code == 404
    assert (
        _post(client, world, "partner", f"{url}/answers", {"target": "received"}).status_code == 404
    )
    assert Issue.objects.get(pk=other["id"]).state == IssueState.REFERRED
