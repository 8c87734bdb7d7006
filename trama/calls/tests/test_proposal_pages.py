"""Proposal pages and API: the portal (constant query count), a draft edited section by
section without JavaScript, bad input shown in Italian with nothing saved, the coordinator's
list, and the API's create / update / submit / withdraw."""

import hashlib
import json
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.calls.models import BudgetLine, Proposal, ProposalPartner, ProposalState
from trama.calls.services import proposal as services
from trama.calls.tests.factories import CallFactory, ProposalFactory
from trama.organizations.models import ActivitySector
from trama.organizations.tests.factories import OrganizationFactory

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def member_client(client, world):
    client.force_login(world.users.ets_member)
    return client


@pytest.fixture
def draft(world):
    return ProposalFactory(
        call=world.call_own, lead=world.org_own, created_by=world.users.ets_member
    )


# The portal -----------------------------------------------------------------------------


def _grow_portal(world, number: int) -> None:
    sector = ActivitySector.objects.order_by("code").first()
    for _ in range(number):
        call = CallFactory(requires_runts=True)
        call.required_sectors.add(sector)
        ProposalFactory(call=call, lead=world.org_own)
        other = ProposalFactory(call=call, lead=OrganizationFactory())
        ProposalPartner.objects.create(proposal=other, organization=world.org_own, role="Aiuto")


def _portal_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("calls:portal"))
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_portal_query_count_does_not_grow_with_calls_and_proposals(world, member_client):
    _grow_portal(world, 1)
    member_client.get(reverse("calls:portal"))
    before = _portal_queries(member_client)
    _grow_portal(world, 15)
    after = _portal_queries(member_client)
    assert after == before
    page = member_client.get(reverse("calls:portal")).content.decode()
    # Requirements are checked against the organisation's record, with the reason.
    assert "Non soddisfatto:" in page
    assert "Inviti di partenariato da confermare" in page


def test_the_portal_offers_a_new_proposal_only_when_eligible(world, member_client):
    blocked = CallFactory(title="Avviso solo RUNTS", requires_runts=True)
    page = member_client.get(reverse("calls:portal")).content.decode()
    assert reverse("calls:proposal_create", args=[world.call_own.pk]) in page
    assert reverse("calls:proposal_create", args=[blocked.pk]) not in page
    assert "non ha l&#x27;iscrizione al RUNTS" in page or "RUNTS" in page


# A draft section by section ---------------------------------------------------------------


def test_a_member_builds_and_submits_a_proposal_through_the_pages(
    world, member_client, django_capture_on_commit_callbacks
):
    response = member_client.post(
        reverse("calls:proposal_create", args=[world.call_own.pk]),
        {"organization": world.org_own.pk, "title": "Nonni in rete", "summary": "Visite"},
    )
    proposal = Proposal.objects.get(title="Nonni in rete")
    assert response.url == reverse("calls:proposal_edit", args=[proposal.pk])
    response = member_client.post(
        reverse("calls:proposal_edit", args=[proposal.pk]),
        {
            "version": proposal.version,
            "title": "Nonni in rete",
            "summary": "Visite a domicilio",
            "expected_beneficiaries": "40",
            "total_budget": "12.000,00",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.total_budget == Decimal("12000.00")
    response = member_client.post(
        reverse("calls:proposal_budget", args=[proposal.pk]),
        {
            "version": proposal.version,
            "budget-TOTAL_FORMS": "3",
            "budget-INITIAL_FORMS": "0",
            "budget-0-description": "Personale",
            "budget-0-amount": "12.000,00",
            "budget-0-consortium_share": "10.000,00",
            "budget-0-cofunding_cash": "400",
            "budget-0-volunteer_hours": "100",  # × 16 € = 1.600 €
        },
    )
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert BudgetLine.objects.filter(proposal=proposal).count() == 1
    response = member_client.post(
        reverse("calls:proposal_attachments", args=[proposal.pk]),
        {"title": "Relazione", "file": SimpleUploadedFile("r.pdf", PDF)},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(
            reverse("calls:proposal_submit", args=[proposal.pk]), {"version": proposal.version}
        )
    assert response.url == reverse("calls:proposal_detail", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.SUBMITTED
    receipt = member_client.get(reverse("calls:proposal_receipt", args=[proposal.pk]))
    assert receipt["Content-Type"] == "application/pdf"
    assert receipt.content.startswith(b"%PDF-")
    # Frozen: the edit pages send back to the proposal's page.
    response = member_client.get(reverse("calls:proposal_budget", args=[proposal.pk]))
    assert response.url == reverse("calls:proposal_detail", args=[proposal.pk])


def test_a_budget_that_does_not_add_up_is_explained_on_the_submit_page(world, member_client, draft):
    BudgetLine.objects.filter(proposal=draft).update(cofunding_cash=Decimal("100.00"))
    before = list(Proposal.objects.filter(pk=draft.pk).values())
    response = member_client.post(
        reverse("calls:proposal_submit", args=[draft.pk]), {"version": draft.version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Riga di budget 1" in page
    assert "cofinanziamento" in page.lower()
    assert list(Proposal.objects.filter(pk=draft.pk).values()) == before


def test_a_file_that_is_not_a_pdf_is_refused_on_the_page(member_client, draft):
    response = member_client.post(
        reverse("calls:proposal_attachments", args=[draft.pk]),
        {"title": "Foto", "file": SimpleUploadedFile("foto.pdf", b"\x89PNG\r\n\x1a\n...")},
    )
    assert response.status_code == 200
    assert "non è un file PDF" in response.content.decode()
    assert not draft.attachments.exists()


def test_a_stale_version_is_refused_on_the_page(member_client, draft):
    response = member_client.post(
        reverse("calls:proposal_indicators", args=[draft.pk]),
        {
            "version": draft.version + 7,
            "indicators-TOTAL_FORMS": "1",
            "indicators-INITIAL_FORMS": "0",
            "indicators-0-name": "Persone",
            "indicators-0-target": "10",
        },
    )
    assert response.status_code == 200
    assert "Qualcun altro" in response.content.decode()
    assert not draft.indicators.exists()


def test_the_coordinator_lists_submitted_proposals_only(world, client, draft):
    submitted = ProposalFactory(call=world.call_own, lead=world.org_other)
    member = world.users.ets_member
    services.proposal_submit(actor=member, proposal=draft)
    client.force_login(world.users.coordinator)
    page = client.get(reverse("calls:call_proposals", args=[world.call_own.pk])).content.decode()
    assert draft.title in page
    assert submitted.title not in page  # still a draft of another ETS
    detail = client.get(reverse("calls:proposal_detail", args=[draft.pk])).content.decode()
    assert draft.title in detail and "Modifica la bozza" not in detail


# API ------------------------------------------------------------------------------------


def _api(client, world, method: str, url: str, data=None, role: str = "ets_member"):
    return getattr(client, method)(
        url,
        json.dumps(data) if data is not None else None,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}",
    )


def test_the_api_creates_updates_and_submits_a_draft(world, client):
    created = _api(
        client,
        world,
        "post",
        reverse("api-1.0.0:calls_proposal_create"),
        {"call_id": world.call_own.pk, "title": "Dall'API", "summary": "Sintesi"},
    )
    assert created.status_code == 201, created.content
    body = created.json()
    url = reverse("api-1.0.0:calls_proposal_update", args=[body["id"]])
    patch = {
        "version": body["version"],
        "total_budget": "5000.00",
        "activities": [{"title": "Sportello", "expected_number": 30}],
        "indicators": [{"name": "Accessi", "unit": "persone", "target": "30"}],
        "budget_lines": [
            {"description": "Personale", "amount": "5000.00", "consortium_share": "4500.00"}
        ],
    }
    updated = _api(client, world, "patch", url, patch)
    assert updated.status_code == 200, updated.content
    body = updated.json()
    assert body["activities"][0]["title"] == "Sportello"
    stale = _api(client, world, "patch", url, {**patch, "version": 1})
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale"
    submit_url = reverse("api-1.0.0:calls_proposal_submit", args=[body["id"]])
    refused = _api(client, world, "post", submit_url, {"version": body["version"]})
    assert refused.status_code == 422
    assert "cofinanziamento" in refused.content.decode().lower()
    assert Proposal.objects.get(pk=body["id"]).state == ProposalState.DRAFT
    fixed = _api(
        client,
        world,
        "patch",
        url,
        {
            "version": body["version"],
            "budget_lines": [
                {
                    "description": "Personale",
                    "amount": "5000.00",
                    "consortium_share": "4000.00",
                    "cofunding_in_kind": "1000.00",
                }
            ],
        },
    ).json()
    submitted = _api(client, world, "post", submit_url, {"version": fixed["version"]})
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    canonical = json.dumps(
        body["submitted_content"], sort_keys=True, separators=(",", ":"), ensure_ascii=False
    ).encode("utf-8")
    assert hashlib.sha256(canonical).hexdigest() == body["fingerprint"]
    # A submitted proposal is frozen: the client reads it from the code, not the message.
    frozen = _api(client, world, "patch", url, {"version": body["version"], "title": "Tardi"})
    assert frozen.status_code == 422
    assert [item["code"] for item in frozen.json()["detail"]] == ["frozen"]
    # The coordinator reads it; the lead withdraws it before the deadline.
    read = _api(
        client,
        world,
        "get",
        reverse("api-1.0.0:calls_proposal_detail", args=[body["id"]]),
        role="coordinator",
    )
    assert read.status_code == 200
    withdrawn = _api(
        client, world, "post", reverse("api-1.0.0:calls_proposal_withdraw", args=[body["id"]])
    )
    assert withdrawn.json()["state"] == "withdrawn"


def test_the_api_lists_only_the_members_proposals(world, client, draft):
    ProposalFactory(call=world.call_own, lead=world.org_other)
    listed = _api(client, world, "get", reverse("api-1.0.0:calls_proposal_list"))
    assert [item["id"] for item in listed.json()["items"]] == [draft.pk]
    coordinator = _api(
        client, world, "get", reverse("api-1.0.0:calls_proposal_list"), role="coordinator"
    )
    assert coordinator.json()["items"] == []  # drafts are the applicants' own
