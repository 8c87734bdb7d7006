import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.audit.models import AccessLogEntry
from trama.people.models import Consent, ConsentPurpose, HouseholdMember, IseeDeclaration, Person
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")
CREATE = reverse("people:create")


def _queries(client, url, method="get", data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 200
    return len(queries)


def _household_with(world, person, members=1):
    household = HouseholdFactory(reference_hub=world.hub_own)
    HouseholdMember.objects.create(household=household, person=person, relationship="head")
    for _ in range(members - 1):
        HouseholdMember.objects.create(
            household=household,
            person=PersonFactory(reference_hub=world.hub_own),
            relationship="child",
        )
    IseeDeclaration.objects.create(
        household=household,
        value="1000",
        issued_on=datetime.date.today(),
        expires_on=datetime.date.today() + datetime.timedelta(days=300),
    )
    return household


def test_the_list_costs_the_same_queries_whatever_the_size(login, world):
    client = login("operator")
    PersonFactory(reference_hub=world.hub_own)
    few = _queries(client, LIST, data={"q": "rossi"})
    PersonFactory.create_batch(
        30, reference_hub=world.hub_own, municipality=municipality("Grugliasco")
    )
    assert _queries(client, LIST, data={"q": "rossi"}) == few
    assert _queries(client, LIST, data={"q": "rossi", "page": 2}) == few


def test_the_detail_costs_the_same_queries_whatever_the_record(login, world):
    client = login("operator")
    small = PersonFactory(reference_hub=world.hub_own)
    _household_with(world, small)
    big = PersonFactory(reference_hub=world.hub_own)
    _household_with(world, big, members=5)
    _household_with(world, big, members=3)
    notice = PrivacyNoticeFactory()
    for purpose in ConsentPurpose.values:
        Consent.objects.create(
            person=big, notice=notice, purpose=purpose, given_at="2025-02-01T10:00:00Z"
        )
    data = {"purpose": "follow_up"}
    url_small = reverse("people:detail", args=[small.pk])
    url_big = reverse("people:detail", args=[big.pk])
    assert _queries(client, url_small, "post", data) == _queries(client, url_big, "post", data)


def test_the_list_search_is_accent_insensitive(login, world):
    PersonFactory(first_name="Niccolò", last_name="Ferrero", reference_hub=world.hub_own)
    PersonFactory(first_name="Luca", last_name="Ferrero", reference_hub=world.hub_own)
    page = login("operator").get(LIST, {"q": "Nicolo"}).content.decode()
    assert "Niccolò" in page
    assert "Luca" not in page
    assert "1 persona trovata" in page


def test_the_detail_asks_the_purpose_then_shows_the_record_and_logs_it(login, world):
    person = PersonFactory(first_name="Teresa", reference_hub=world.hub_own)
    _household_with(world, person)
    client = login("operator")
    url = reverse("people:detail", args=[person.pk])
    page = client.get(url).content.decode()
    assert "Teresa" not in page  # only the purpose form
    assert not AccessLogEntry.objects.filter(action="read").exists()
    page = client.post(url, {"purpose": "listening"}).content.decode()
    assert "Teresa" in page
    assert "1000" in page  # the ISEE of the household
    entry = AccessLogEntry.objects.get(action="read", object_type="people.person")
    assert entry.purpose == "listening"
    assert entry.actor_label == world.users.operator.username
    response = client.post(url, {"purpose": "other"})
    assert "Teresa" not in response.content.decode()
    assert AccessLogEntry.objects.filter(action="read", object_type="people.person").count() == 1


def test_out_of_scope_is_not_found_and_admin_is_refused(login, world):
    other = PersonFactory()
    url = reverse("people:detail", args=[other.pk])
    assert login("operator").post(url, {"purpose": "listening"}).status_code == 404
    assert login("admin").get(LIST).status_code == 403
    assert not AccessLogEntry.objects.filter(action="read").exists()


def test_break_the_glass_page_logs_and_the_dpo_sees_it(login, world):
    other = PersonFactory(first_name="Ernesta", fiscal_code="RSSMRA50C41L219O")
    client = login("operator")
    page = client.post(
        reverse("people:break_glass"),
        {"fiscal_code": "rssmra50c41l219o", "reason": "Emergenza al nostro sportello oggi."},
    ).content.decode()
    assert "Ernesta" in page
    entry = AccessLogEntry.objects.get(action="read")
    assert entry.details["break_glass"] is True
    assert entry.object_id == str(other.pk)
    log = login("dpo").get(reverse("people:break_glass_log")).content.decode()
    assert "Emergenza al nostro sportello oggi." in log


def test_create_offers_the_existing_record_for_a_duplicate_codice_fiscale(login, world):
    existing = PersonFactory(reference_hub=world.hub_own, fiscal_code="RSSMRA50C41L219O")
    data = {
        "first_name": "Maria",
        "last_name": "Rossi",
        "fiscal_code": "RSSMRA50C41L219O",
        "family_network": "unknown",
        "reference_hub": world.hub_own.pk,
    }
    page = login("operator").post(CREATE, data).content.decode()
    assert reverse("people:detail", args=[existing.pk]) in page
    assert Person.objects.count() == 1


def test_create_warns_on_a_mismatch_and_accepts_the_confirmation(login, world):
    data = {
        "first_name": "Maria",
        "last_name": "Rossi",
        "birth_date": "1951-03-01",
        "sex": "F",
        "fiscal_code": "RSSMRA50C41L219O",
        "family_network": "unknown",
        "reference_hub": world.hub_own.pk,
    }
    client = login("operator")
    page = client.post(CREATE, data).content.decode()
    assert 'name="confirm_mismatch"' in page
    assert not Person.objects.exists()
    response = client.post(CREATE, data | {"confirm_mismatch": "on"})
    assert response.status_code == 302
    assert Person.objects.get().birth_date == datetime.date(1951, 3, 1)


def test_create_refuses_a_future_birth_date_on_the_field(login, world):
    data = {
        "first_name": "Maria",
        "last_name": "Rossi",
        "birth_date": (datetime.date.today() + datetime.timedelta(days=3)).isoformat(),
        "family_network": "unknown",
        "reference_hub": world.hub_own.pk,
    }
    page = login("operator").post(CREATE, data).content.decode()
    assert "La data di nascita non può essere futura." in page
    assert not Person.objects.exists()


def test_household_isee_page_refuses_a_negative_value(login, world):
    household = HouseholdFactory(reference_hub=world.hub_own)
    client = login("operator")
    today = datetime.date.today()
    page = client.post(
        reverse("people:isee_add", args=[household.pk]),
        {
            "value": "-5",
            "issued_on": today.isoformat(),
            "expires_on": (today + datetime.timedelta(days=100)).isoformat(),
        },
    ).content.decode()
    assert "negativo" in page
    assert not IseeDeclaration.objects.exists()


def test_member_add_and_household_page(login, world):
    household = HouseholdFactory(reference_hub=world.hub_own)
    person = PersonFactory(first_name="Adele", reference_hub=world.hub_own)
    client = login("operator")
    response = client.post(
        reverse("people:member_add", args=[household.pk]),
        {"number": person.pk, "relationship": "head"},
    )
    assert response.status_code == 302
    page = client.get(reverse("people:household_detail", args=[household.pk])).content.decode()
    assert "Adele" in page
    assert AccessLogEntry.objects.filter(action="read", object_type="people.household").exists()


def test_the_record_shows_the_living_situation_in_italian(login, world):
    person = PersonFactory(reference_hub=world.hub_own, lives_alone=True, in_charge_uvg=None)
    page = (
        login("coordinator")
        .post(reverse("people:detail", args=[person.pk]), {"purpose": "eligibility"})
        .content.decode()
    )
    assert "Vive da solo/a" in page
    assert "<dd>sì</dd>" in page and "<dd>non noto</dd>" in page
    assert "style=" not in page and "<script>" not in page


def test_edit_with_a_stale_version_saves_nothing(login, world):
    person = PersonFactory(reference_hub=world.hub_own, first_name="Ada")
    client = login("operator")
    url = reverse("people:edit", args=[person.pk])
    data = {
        "first_name": "Adelina",
        "last_name": person.last_name,
        "family_network": "weak",
        "reference_hub": world.hub_own.pk,
        "version": person.version,
    }
    assert client.post(url, data).status_code == 302
    page = client.post(url, data | {"first_name": "Adele"}).content.decode()
    assert "Qualcun altro ha salvato" in page
    assert Person.objects.get().first_name == "Adelina"
    # every display of the data to edit is an open of the record, logged with its purpose
    purposes = set(
        AccessLogEntry.objects.filter(action="read", object_type="people.person").values_list(
            "purpose", flat=True
        )
    )
    assert purposes == {"update"}


def test_a_mediator_sees_the_people_of_its_hub_only(login, world):
    PersonFactory(first_name="Vicina", reference_hub=world.hub_own)
    PersonFactory(first_name="Lontana")
    page = login("mediator").get(LIST).content.decode()
    assert "Vicina" in page and "Lontana" not in page


def test_consent_is_recorded_from_the_page_and_withdrawn(login, world):
    person = PersonFactory(reference_hub=world.hub_own)
    notice = PrivacyNoticeFactory()
    client = login("operator")
    response = client.post(
        reverse("people:consent_add", args=[person.pk]),
        {"notice": notice.pk, "purpose": "sensitive_data"},
    )
    assert response.status_code == 302
    consent = Consent.objects.get()
    client.post(reverse("people:consent_withdraw", args=[consent.pk]))
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
