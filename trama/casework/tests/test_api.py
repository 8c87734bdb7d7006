import json

import pytest
from django.urls import reverse

from trama.casework.models import ListeningSession, Referral, ReferralState
from trama.casework.tests.factories import ReferralFactory
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _headers(world, role):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"}


def test_receiving_side_reads_only_shared_fields_and_answers(client, world):
    person = PersonFactory(reference_hub=world.hub_own, first_name="Anna", last_name="Neri")
    referral = ReferralFactory(person=person, to_organization=world.org_own, reason="Segreto")
    ReferralFactory(person=person, to_organization=world.org_other)
    response = client.get(
        reverse("api-1.0.0:referral_received_list"), **_headers(world, "ets_member")
    )
    rows = response.json()
    assert [row["id"] for row in rows] == [referral.pk]
    assert rows[0]["person_label"] == "Anna N."
    assert "reason" not in rows[0] and "person_id" not in rows[0]
    assert "Segreto" not in response.content.decode() and "Neri" not in response.content.decode()
    detail = reverse("api-1.0.0:referral_detail", kwargs={"referral_id": referral.pk})
    assert client.get(detail, **_headers(world, "ets_member")).status_code == 403

    url = reverse("api-1.0.0:referral_transition", kwargs={"referral_id": referral.pk})
    bad = client.post(
        url,
        json.dumps({"to_state": "completed", "feedback": "Fatto"}),
        content_type="application/json",
        **_headers(world, "ets_member"),
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["msg"] == "Da «inviato» non si può passare a «completato»."
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT
    good = client.post(
        url,
        json.dumps({"to_state": "accepted", "feedback": "Presa in carico"}),
        content_type="application/json",
        **_headers(world, "ets_member"),
    )
    assert good.status_code == 200 and good.json()["state"] == "accepted"
    seen = client.get(detail, **_headers(world, "operator")).json()
    assert seen["state"] == "accepted" and seen["reason"] == "Segreto"


def test_session_create_over_the_api(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    response = client.post(
        reverse("api-1.0.0:listening_session_create"),
        json.dumps(
            {
                "person_id": person.pk,
                "hub_id": world.hub_own.pk,
                "held_on": "2025-02-01",
                "duration_minutes": 20,
                "channel": "phone",
                "needs": ["food", "housing"],
            }
        ),
        content_type="application/json",
        **_headers(world, "operator"),
    )
    assert response.status_code == 201
    assert sorted(response.json()["needs"]) == ["food", "housing"]
    assert ListeningSession.objects.count() == 1
    bad = client.post(
        reverse("api-1.0.0:listening_session_create"),
        json.dumps(
            {
                "person_id": person.pk,
                "hub_id": world.hub_own.pk,
                "held_on": "2025-02-01",
                "duration_minutes": 0,
                "channel": "phone",
            }
        ),
        content_type="application/json",
        **_headers(world, "operator"),
    )
    assert bad.status_code == 422 and ListeningSession.objects.count() == 1
