import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.people.models import Consent, HouseholdMember, IseeDeclaration, Person
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory

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


# Changes, households and consents over the API (issue 4, point 9) ---------------------------


def _auth(world, role="operator"):
    return {"HTTP_AUTHORIZATION": f"Bearer {world.tokens[role]}"}


def _send(client, method, url, body, world, role="operator"):
    return getattr(client, method)(
        url, json.dumps(body), content_type="application/json", **_auth(world, role)
    )


def _messages(response) -> dict[str, list[str]]:
    by_field: dict[str, list[str]] = {}
    for error in response.json()["detail"]:
        by_field.setdefault(error["loc"][-1], []).append(error["msg"])
    return by_field


def test_api_update_needs_the_current_version_and_logs_the_change(client, world):
    person = PersonFactory(reference_hub=world.hub_own, phone="")
    url = reverse("api-1.0.0:person_update", kwargs={"person_id": person.pk})

    response = _send(client, "patch", url, {"version": 1, "phone": "011 1234"}, world)
    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["version"]) == ("011 1234", 2)
    assert response.json()["first_name"] == person.first_name  # fields not sent are kept
    entries = AccessLogEntry.objects.filter(object_type="people.person", object_id=str(person.pk))
    assert sorted(entries.values_list("action", flat=True)) == ["read", "update"]
    assert entries.get(action="read").purpose == "update"
    assert entries.get(action="update").details == {"fields": ["phone"]}

    stale = _send(client, "patch", url, {"version": 1, "phone": "000"}, world)
    assert stale.status_code == 409 and "Qualcun altro" in stale.json()["detail"]
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    bad = _send(client, "patch", url, {"version": 2, "birth_date": future}, world)
    assert bad.status_code == 422
    assert _messages(bad)["birth_date"] == ["La data di nascita non può essere futura."]
    unknown = _send(client, "patch", url, {"version": 2, "municipality_id": 999999}, world)
    assert _messages(unknown)["municipality_id"] == ["Questo comune non è conosciuto."]
    stored = Person.objects.get(pk=person.pk)
    assert (stored.phone, stored.version, stored.birth_date) == ("011 1234", 2, person.birth_date)
    assert entries.count() == 2


def test_api_update_of_another_hubs_person_is_not_found(client, world):
    other = PersonFactory(last_name="Bianchi")
    logged = AccessLogEntry.objects.count()
    url = reverse("api-1.0.0:person_update", kwargs={"person_id": other.pk})
    response = _send(client, "patch", url, {"version": 1, "last_name": "Neri"}, world)
    assert response.status_code == 404
    assert Person.objects.get(pk=other.pk).last_name == "Bianchi"
    assert AccessLogEntry.objects.count() == logged


def test_api_household_members_and_isee(client, world):
    member = PersonFactory(reference_hub=world.hub_own)
    outsider = PersonFactory()  # another hub: not followed by the operator
    created = _send(
        client,
        "post",
        reverse("api-1.0.0:household_create"),
        {"label": "Famiglia Verdi", "housing": "atc_tenant", "reference_hub_id": world.hub_own.pk},
        world,
    )
    assert created.status_code == 201
    household_id = created.json()["id"]
    members_url = reverse("api-1.0.0:household_member_add", kwargs={"household_id": household_id})
    refused = _send(
        client, "post", members_url, {"person_id": outsider.pk, "relationship": "child"}, world
    )
    assert _messages(refused)["person_id"] == [
        "Nessuna persona con questo numero tra quelle che segui."
    ]
    assert (
        _send(
            client, "post", members_url, {"person_id": member.pk, "relationship": "head"}, world
        ).status_code
        == 201
    )

    isee_url = reverse("api-1.0.0:isee_add", kwargs={"household_id": household_id})
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    negative = {"value": "-1", "issued_on": str(today - 9 * day), "expires_on": str(today)}
    assert _messages(_send(client, "post", isee_url, negative, world))["value"] == [
        "Il valore ISEE non può essere negativo."
    ]
    expired = {"value": "900", "issued_on": str(today - 9 * day), "expires_on": str(today - day)}
    assert _messages(_send(client, "post", isee_url, expired, world))["expires_on"] == [
        "Questo ISEE è già scaduto: chiedi al nucleo un'attestazione valida."
    ]
    assert not IseeDeclaration.objects.exists()
    through_today = {"value": "900", "issued_on": str(today - 9 * day), "expires_on": str(today)}
    recorded = _send(client, "post", isee_url, through_today, world)
    assert recorded.status_code == 201 and recorded.json()["valid_today"] is True

    detail_url = reverse("api-1.0.0:household_detail", kwargs={"household_id": household_id})
    detail = client.get(detail_url, **_auth(world)).json()
    assert [m["person_id"] for m in detail["members"]] == [member.pk]
    assert [d["value"] for d in detail["isee_declarations"]] == ["900.00"]
    read = AccessLogEntry.objects.get(action="read")
    assert (read.object_type, read.object_id) == ("people.household", str(household_id))
    assert read.purpose == "household_management"
    assert HouseholdMember.objects.count() == 1


def test_api_households_are_scoped_by_hub(client, world):
    own = HouseholdFactory(reference_hub=world.hub_own)
    other = HouseholdFactory()
    logged = AccessLogEntry.objects.count()
    listed = client.get(reverse("api-1.0.0:household_list"), **_auth(world)).json()
    assert [h["id"] for h in listed["items"]] == [own.pk]
    detail = reverse("api-1.0.0:household_detail", kwargs={"household_id": other.pk})
    assert client.get(detail, **_auth(world)).status_code == 404
    isee = reverse("api-1.0.0:isee_add", kwargs={"household_id": other.pk})
    body = {"value": "100", "issued_on": "2026-01-02", "expires_on": "2099-12-31"}
    assert _send(client, "post", isee, body, world).status_code == 404
    assert not IseeDeclaration.objects.exists() and AccessLogEntry.objects.count() == logged
    everyone = client.get(reverse("api-1.0.0:household_list"), **_auth(world, "coordinator"))
    assert {h["id"] for h in everyone.json()["items"]} == {own.pk, other.pk}


def test_api_consents_recorded_listed_with_a_purpose_and_withdrawn(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    notice = PrivacyNoticeFactory()
    url = reverse("api-1.0.0:consent_record", kwargs={"person_id": person.pk})
    body = {"notice_id": notice.pk, "purpose": "sharing"}
    created = _send(client, "post", url, body, world)
    assert created.status_code == 201 and created.json()["notice_version"] == notice.version
    again = _send(client, "post", url, body, world)
    assert _messages(again)["purpose"] == [
        "Questo consenso è già registrato per questa informativa."
    ]
    assert Consent.objects.count() == 1

    listed = client.get(
        reverse("api-1.0.0:consent_list", kwargs={"person_id": person.pk}),
        {"purpose": "data_subject_request"},
        **_auth(world),
    )
    assert [c["purpose"] for c in listed.json()] == ["sharing"]
    assert AccessLogEntry.objects.get(action="read").purpose == "data_subject_request"

    withdraw = reverse("api-1.0.0:consent_withdraw", kwargs={"consent_id": created.json()["id"]})
    assert _send(client, "post", withdraw, {}, world).json()["withdrawn_at"] is not None
    twice = _send(client, "post", withdraw, {}, world)
    assert twice.status_code == 422
    assert twice.json()["detail"][0]["msg"] == "Questo consenso è già stato revocato."
