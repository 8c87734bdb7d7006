"""API inputs the database could not hold are refused with a 422, never a 500."""

import pytest


def _get(client, world, url):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {world.tokens['coordinator']}")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/?q=a%00b",
        "/api/v1/organizations/?kind=%00",
        "/api/v1/organizations/?municipality_id=99999999999999999999",
        "/api/v1/organizations/?offset=99999999999999999999",
        "/api/v1/organizations/?limit=100000",
        "/api/v1/organizations/99999999999999999999",
        "/api/v1/hubs?kind=%00",
        "/api/v1/projects/a%00b",
    ],
)
def test_unstorable_query_values_answer_422(client, world, url):
    response = _get(client, world, url)
    assert response.status_code == 422, response.content


@pytest.mark.django_db
def test_a_nul_character_in_a_body_answers_422_and_saves_nothing(client, world):
    from trama.organizations.models import Organization

    before = Organization.objects.count()
    response = client.post(
        "/api/v1/organizations/",
        {"name": "Bad\x00name", "legal_form": "aps"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.tokens['coordinator']}",
    )
    assert response.status_code == 422
    assert "NUL" in response.content.decode()
    assert Organization.objects.count() == before
