import json

import pytest
from django.urls import reverse

from trama.audit.models import AccessLogEntry
from trama.people.models import Person
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_api_detail_needs_a_purpose_and_logs_it(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    url = reverse("api-1.0.0:person_detail", kwargs={"person_id": person.pk})
    assert client.get(url, **headers).status_code == 422
    response = client.get(url, {"purpose": "referral"}, **headers)
    assert response.status_code == 200
    assert response.json()["first_name"] == person.first_name
    assert AccessLogEntry.objects.get(action="read").purpose == "referral"


def test_api_search_and_duplicate(client, world):
    PersonFactory(first_name="Niccolò", reference_hub=world.hub_own, fiscal_code="RSSMRA50C41L219O")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    items = client.get(reverse("api-1.0.0:person_list"), {"q": "nicolo"}, **headers).json()
    assert [p["first_name"] for p in items["items"]] == ["Niccolò"]
    response = client.post(
        reverse("api-1.0.0:person_create"),
        json.dumps(
            {
                "first_name": "N",
                "last_name": "R",
                "fiscal_code": "RSSMRA50C41L219O",
                "reference_hub_id": world.hub_own.pk,
            }
        ),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 409
    assert response.json()["existing_id"] == Person.objects.get().pk
