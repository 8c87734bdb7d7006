import json

import pytest
from django.urls import reverse

from trama.audit.models import AccessLogEntry
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


def test_referral_sent_over_the_api_is_scoped_checked_and_logged(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    url = reverse("api-1.0.0:referral_create")

    def send(body, role="operator"):
        return client.post(
            url, json.dumps(body), content_type="application/json", **_headers(world, role)
        )

    logged = AccessLogEntry.objects.count()
    base = {"person_id": person.pk, "from_hub_id": world.hub_own.pk, "shared_summary": "Spesa."}
    nowhere = send(base)
    assert nowhere.status_code == 422
    assert nowhere.json()["detail"][0] == {
        "loc": ["body", "to_organization"],
        "msg": "Scegli l'organizzazione o il progetto a cui inviare.",
        "type": "value_error",
        "code": "invalid",
    }
    unknown = send({**base, "to_organization_id": 999999})
    assert unknown.json()["detail"][0]["msg"] == "Questa organizzazione non è conosciuta."
    other_hub = send({**base, "person_id": PersonFactory().pk, "to_organization_id": 1})
    assert other_hub.status_code == 404
    assert not Referral.objects.exists() and AccessLogEntry.objects.count() == logged

    sent = send({**base, "to_organization_id": world.org_own.pk, "reason": "Interno"})
    assert sent.status_code == 201
    body = sent.json()
    assert (body["state"], body["to_organization_id"], body["overdue"]) == (
        "sent",
        world.org_own.pk,
        False,
    )
    referral = Referral.objects.get()
    assert referral.events.get().to_state == ReferralState.SENT
    entry = AccessLogEntry.objects.get(object_type="casework.referral")
    assert (entry.action, entry.object_repr) == ("create", f"{referral} of person #{person.pk}")
    # The receiving side now sees it, with the shared fields only.
    received = client.get(
        reverse("api-1.0.0:referral_received_list"), **_headers(world, "ets_member")
    )
    assert [row["id"] for row in received.json()] == [referral.pk]
