import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import PartnerRole
from trama.projects.tests.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    TargetGroupFactory,
)
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db

LIST = "/api/v1/projects/"


def _get(client, url: str, token: str | None = None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(url, **headers)


def _slugs(response) -> list[str]:
    assert response.status_code == 200
    return [item["slug"] for item in response.json()["items"]]


def test_anonymous_visitors_and_non_staff_tokens_read_the_published_projects(client, world):
    ProjectFactory(slug="pubblico", position=1)
    ProjectFactory(slug="riservato", is_public=False, position=2)
    assert _slugs(_get(client, LIST)) == ["pubblico"]
    assert _slugs(_get(client, LIST, world.tokens["volunteer"])) == ["pubblico"]
    assert _get(client, f"{LIST}riservato").status_code == 404
    assert _get(client, f"{LIST}riservato", world.tokens["ets_member"]).status_code == 404


def test_staff_tokens_read_every_project(client, world):
    ProjectFactory(slug="pubblico", position=1)
    ProjectFactory(slug="riservato", is_public=False, position=2)
    assert _slugs(_get(client, LIST, world.tokens["operator"])) == ["pubblico", "riservato"]
    response = _get(client, f"{LIST}riservato", world.tokens["coordinator"])
    assert response.status_code == 200
    assert response.json()["is_public"] is False


def test_a_wrong_token_is_refused(client):
    assert _get(client, LIST, "not-a-token").status_code == 401


def test_the_detail_has_partners_funding_services_and_sub_projects(client):
    main = ProjectFactory(slug="solidarieta-alimentare", name="Solidarietà Alimentare")
    child = ProjectFactory(slug="food-pride-xl", parent=main)
    ProjectPartnerFactory(
        project=main, organization=OrganizationFactory(name="Gruppo Arco"), role=PartnerRole.MANAGER
    )
    FundingSourceFactory(
        project=child, name="Bando BxB", funder=OrganizationFactory(name="Compagnia di San Paolo")
    )
    ServiceFactory(project=main, name="Ascolto", name_en="Listening")
    main.target_groups.add(
        TargetGroupFactory(code="over-65", label="Persone over 65", label_en="People over 65")
    )
    main.municipalities.add(municipality("Grugliasco"))

    data = _get(client, f"{LIST}solidarieta-alimentare").json()
    assert data["children"] == ["food-pride-xl"]
    assert data["partners"] == [
        {
            "organization_id": data["partners"][0]["organization_id"],
            "organization_name": "Gruppo Arco",
            "role": "manager",
            "note": "",
        }
    ]
    assert data["services"][0]["name_en"] == "Listening"
    assert data["target_groups"] == [
        {"code": "over-65", "label": "Persone over 65", "label_en": "People over 65"}
    ]
    assert data["municipalities"][0]["istat_code"] == "001120"
    child_data = _get(client, f"{LIST}food-pride-xl").json()
    assert child_data["parent_slug"] == "solidarieta-alimentare"
    assert child_data["funding_sources"][0]["funder_name"] == "Compagnia di San Paolo"


def test_the_list_runs_a_fixed_number_of_queries(client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert _get(client, LIST).status_code == 200
        return len(captured.captured_queries)

    ProjectFactory().target_groups.add(TargetGroupFactory())
    few = queries()
    for _ in range(15):
        project = ProjectFactory(parent=ProjectFactory())
        project.target_groups.add(TargetGroupFactory())
        project.municipalities.add(municipality("Rivoli"))
    assert queries() == few
