"""The published OpenAPI document says what the API does: one model per component name, a
token documented as optional where a visitor may read, and every error answer listed with
the error schema its body follows (decision 0016)."""

import pytest
from ninja import Router, Schema

from trama.core.api import DuplicateSchemaNameError, TramaAPI


@pytest.fixture
def document(client):
    return client.get("/api/v1/openapi.json").json()


def _response_ref(document, path, method="get", status="200"):
    schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]
    schema = schema["schema"]
    return schema.get("$ref") or schema["items"]["$ref"]


def _component(document, ref):
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _probe_api(*routers) -> TramaAPI:
    api = TramaAPI(urls_namespace="probe")
    for number, router in enumerate(routers):
        api.add_router(f"/r{number}/", router)
    return api


def test_two_models_sharing_a_component_name_fail_the_document():
    first, second = Router(), Router()

    class ThingOut(Schema):
        name: str

    first_thing = ThingOut

    class ThingOut(Schema):  # noqa: F811 - the collision under test
        amount: int

    first.get("/", response=list[first_thing])(lambda request: [])
    second.get("/", response=list[ThingOut])(lambda request: [])
    with pytest.raises(DuplicateSchemaNameError, match="ThingOut"):
        _probe_api(first, second).get_openapi_schema(path_prefix="")


def test_one_model_used_for_input_and_output_is_no_collision():
    router = Router()

    class ThingIO(Schema):
        name: str
        count: int = 0

    class WrapIn(Schema):
        things: list[ThingIO]

    class WrapOut(Schema):
        things: list[ThingIO]

    router.post("/", response=WrapOut)(lambda request, payload: payload)
    router.get("/", response=list[ThingIO])(lambda request: [])
    router.post("/{thing}", response=WrapOut)(lambda request, thing: None)
    document = _probe_api(router).get_openapi_schema(path_prefix="")
    assert "ThingIO" in document["components"]["schemas"]


@pytest.mark.django_db
def test_each_endpoint_is_documented_with_its_own_model(document):
    paged = _component(document, _response_ref(document, "/api/v1/casework/sessions"))
    listening = _component(document, paged["properties"]["items"]["items"]["$ref"])
    codesign = _component(
        document, _response_ref(document, "/api/v1/calls/{call_id}/codesign/sessions")
    )
    assert "person_id" in listening["properties"]
    assert "person_id" not in codesign["properties"]
    project = _component(document, _response_ref(document, "/api/v1/projects/{slug}"))
    proposal = _component(
        document, _response_ref(document, "/api/v1/calls/proposals/{proposal_id}")
    )
    assert (
        project["properties"]["partners"]["items"]["$ref"]
        != (proposal["properties"]["partners"]["items"]["$ref"])
    )


@pytest.mark.django_db
def test_a_token_is_optional_where_a_visitor_may_read_and_required_elsewhere(document):
    assert document["paths"]["/api/v1/hubs"]["get"]["security"] == [{"TokenAuth": []}, {}]
    assert document["paths"]["/api/v1/calls/"]["get"]["security"] == [{"TokenAuth": []}, {}]
    assert document["paths"]["/api/v1/people/"]["get"]["security"] == [{"TokenAuth": []}]
    assert list(document["components"]["securitySchemes"]) == ["TokenAuth"]


@pytest.mark.django_db
def test_every_operation_lists_the_error_answers_it_can_give(document):
    error = "#/components/schemas/ErrorOut"
    invalid = "#/components/schemas/ValidationErrorOut"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            answers = operation["responses"]
            expected = {"401"}
            if {} not in operation["security"]:
                expected.add("403")
            if "{" in path:
                expected.add("404")
            if operation["parameters"] or "requestBody" in operation:
                expected.add("422")
            if "requestBody" in operation:
                expected.add("400")
            assert expected <= set(answers), (method, path, sorted(answers))
            for status, answer in answers.items():
                if not status.startswith("4"):
                    continue
                ref = answer["content"]["application/json"]["schema"]["$ref"]
                if status == "422":
                    assert ref == invalid, (method, path)
                elif status != "409":  # a conflict may say more (e.g. the existing record)
                    assert ref == error, (method, path, status)
                assert "detail" in _component(document, ref)["properties"]


@pytest.mark.django_db
def test_error_answers_have_the_documented_bodies(client, world):
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['volunteer']}"}
    coordinator = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['coordinator']}"}
    assert client.get("/api/v1/people/").json() == {"detail": "Unauthorized"}
    assert client.get("/api/v1/people/", **bearer).json() == {
        "detail": "Forbidden",
        "code": "forbidden",
    }
    assert client.get("/api/v1/organizations/987654", **coordinator).json() == {
        "detail": "Not found",
        "code": "not_found",
    }
    invalid = client.get("/api/v1/organizations/?limit=0", **coordinator)
    assert invalid.status_code == 422
    assert {"loc", "msg", "type", "code"} <= set(invalid.json()["detail"][0])


@pytest.mark.django_db
def test_an_unknown_api_path_answers_json_and_an_unknown_page_html(client):
    response = client.get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found"}
    assert client.get("/api/v1/calls/not-a-number").json() == {"detail": "Not found"}
    page = client.get("/pagina-che-non-esiste/")
    assert page.status_code == 404
    assert page["Content-Type"].startswith("text/html")


@pytest.mark.django_db
def test_every_reference_resolves_to_a_component(document):
    def references(node):
        if isinstance(node, dict):
            if "$ref" in node:
                yield node["$ref"]
            for value in node.values():
                yield from references(value)
        elif isinstance(node, list):
            for value in node:
                yield from references(value)

    names = set(document["components"]["schemas"])
    dangling = {ref for ref in references(document) if ref.rsplit("/", 1)[1] not in names}
    assert not dangling
