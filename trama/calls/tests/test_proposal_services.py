"""Proposal services: the draft, its budget rules, attachments, the submission (deadline,
frozen content, fingerprint, receipt, e-mails), withdrawal and the later workflow steps.
Each bad input of issue 5 gets an Italian message and leaves the database as it was."""

import datetime
import hashlib
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.audit.models import AccessLogEntry
from trama.calls.models import (
    BudgetLine,
    CallState,
    Proposal,
    ProposalAttachment,
    ProposalPartner,
    ProposalState,
)
from trama.calls.services import proposal as services
from trama.calls.services import proposal_content, proposal_receipt, proposal_review
from trama.calls.services.proposal_content import BudgetLineData
from trama.calls.tests.factories import ProposalFactory
from trama.core.deadlines import closes_at
from trama.core.errors import DomainError, StaleObjectError
from trama.core.testing import pdf_text

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf_upload(name="progetto.pdf", content=PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def db_state(proposal: Proposal) -> dict:
    """Everything a service could change about a proposal, to compare before and after."""
    pk = proposal.pk
    return {
        "proposal": list(Proposal.objects.filter(pk=pk).values()),
        "lines": list(BudgetLine.objects.filter(proposal_id=pk).order_by("id").values()),
        "partners": list(ProposalPartner.objects.filter(proposal_id=pk).order_by("id").values()),
        "attachments": list(
            ProposalAttachment.objects.filter(proposal_id=pk).order_by("id").values()
        ),
        "activities": list(proposal.activities.order_by("id").values()),
        "indicators": list(proposal.indicators.order_by("id").values()),
        "target_groups": list(proposal.target_groups.values_list("pk", flat=True)),
    }


@pytest.fixture
def draft(world):
    return ProposalFactory(
        call=world.call_own, lead=world.org_own, created_by=world.users.ets_member
    )


@pytest.fixture
def member(world):
    return world.users.ets_member


def _refused(error_info) -> str:
    return " ".join(error_info.value.messages)


# Creation -------------------------------------------------------------------------------


def test_a_member_creates_a_draft_for_a_published_call(world, member):
    proposal = services.proposal_create(
        actor=member, call=world.call_own, lead=world.org_own, title="Nonni in rete", summary="S"
    )
    assert proposal.state == ProposalState.DRAFT
    assert proposal.lead == world.org_own
    assert AccessLogEntry.objects.filter(
        object_type="calls.proposal", object_id=str(proposal.pk), action="create"
    ).exists()


def test_creation_refused_when_the_organisation_misses_a_requirement(world, member):
    world.call_own.requires_runts = True
    world.call_own.save()
    with pytest.raises(ValidationError) as refused:
        services.proposal_create(
            actor=member, call=world.call_own, lead=world.org_own, title="T", summary="S"
        )
    assert "RUNTS" in _refused(refused)
    assert "non" in _refused(refused)  # Italian
    assert not Proposal.objects.exists()


def test_creation_refused_after_the_deadline_and_for_another_organisation(world, member):
    late = closes_at(world.call_own.proposals_deadline)
    with pytest.raises(DomainError) as refused:
        services.proposal_create(
            actor=member, call=world.call_own, lead=world.org_own, title="T", summary="S", now=late
        )
    assert "scadenza" in _refused(refused)
    with pytest.raises(PermissionDenied):
        services.proposal_create(
            actor=member, call=world.call_own, lead=world.org_other, title="T", summary="S"
        )
    assert not Proposal.objects.exists()


def test_one_live_proposal_per_lead_and_call(world, member, draft):
    with pytest.raises(DomainError) as refused:
        services.proposal_create(
            actor=member, call=world.call_own, lead=world.org_own, title="Bis", summary="S"
        )
    assert "ha già una proposta" in _refused(refused)
    assert Proposal.objects.count() == 1


# Editing --------------------------------------------------------------------------------


def test_update_with_an_old_version_changes_nothing(member, draft):
    before = db_state(draft)
    with pytest.raises(StaleObjectError) as refused:
        services.proposal_update(
            actor=member,
            proposal=draft,
            version=draft.version - 1 if draft.version > 1 else draft.version + 5,
            title="Nuovo titolo",
            summary="x",
            expected_beneficiaries=3,
            total_budget=Decimal("1"),
            target_groups=[],
        )
    assert "Qualcun altro" in _refused(refused)
    assert db_state(draft) == before


def test_update_then_sections_move_the_version(member, draft):
    updated = services.proposal_update(
        actor=member,
        proposal=draft,
        version=draft.version,
        title="Nonni in rete",
        summary="Visite a domicilio",
        expected_beneficiaries=40,
        total_budget=Decimal("1200.00"),
        target_groups=[],
    )
    assert updated.version == draft.version + 1
    after_lines = proposal_content.proposal_set_budget_lines(
        actor=member,
        proposal=updated,
        version=updated.version,
        lines=[BudgetLineData("Coordinamento", Decimal("1200.00"), Decimal("1000.00"))],
    )
    assert after_lines.version == updated.version + 1
    assert list(draft.budget_lines.values_list("description", flat=True)) == ["Coordinamento"]


# Budget rules at submission ---------------------------------------------------------------


def _set_lines(member, proposal, *lines, total=None):
    proposal.refresh_from_db()
    if total is not None:
        Proposal.objects.filter(pk=proposal.pk).update(total_budget=total)
        proposal.refresh_from_db()
    return proposal_content.proposal_set_budget_lines(
        actor=member, proposal=proposal, version=proposal.version, lines=list(lines)
    )


def test_a_budget_line_whose_shares_do_not_add_up_is_refused(member, draft):
    _set_lines(
        member,
        draft,
        BudgetLineData("Personale", Decimal("10000.00"), Decimal("7000.00"), Decimal("2000.00")),
    )
    before = db_state(draft)
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(actor=member, proposal=draft)
    message = _refused(refused)
    assert "Riga di budget 1" in message and "«Personale»" in message
    assert "9.000,00 €" in message and "10.000,00 €" in message
    assert db_state(draft) == before


def test_lines_that_do_not_add_up_to_the_total_are_refused(member, draft):
    _set_lines(
        member,
        draft,
        BudgetLineData("Personale", Decimal("8000.00"), Decimal("6000.00"), Decimal("2000.00")),
    )
    before = db_state(draft)
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(actor=member, proposal=draft)
    assert "8.000,00 €" in _refused(refused) and "10.000,00 €" in _refused(refused)
    assert db_state(draft) == before


def test_co_funding_below_the_minimum_is_refused_with_the_figures(member, draft):
    # 5% brought by the applicants, the call asks 10%.
    _set_lines(
        member,
        draft,
        BudgetLineData("Personale", Decimal("10000.00"), Decimal("9500.00"), Decimal("500.00")),
    )
    before = db_state(draft)
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(actor=member, proposal=draft)
    message = _refused(refused)
    assert "cofinanziamento" in message.lower()
    assert "500,00 €" in message and "5,00%" in message
    assert "10,00%" in message and "1.000,00 €" in message
    assert db_state(draft) == before


def test_volunteer_hours_are_valued_at_the_calls_rate(world, member, draft):
    world.call_own.volunteer_hour_rate = Decimal("20.00")
    world.call_own.save()
    # 50 hours × 20 € = 1,000 €: exactly the 10% minimum.
    _set_lines(
        member,
        draft,
        BudgetLineData(
            "Animazione", Decimal("10000.00"), Decimal("9000.00"), volunteer_hours=Decimal("50")
        ),
    )
    submitted = services.proposal_submit(actor=member, proposal=draft)
    assert submitted.state == ProposalState.SUBMITTED
    assert submitted.submitted_content["budget"]["cofunding_volunteer_value"] == "1000.00"


# Attachments ----------------------------------------------------------------------------


def test_an_attachment_that_is_not_a_pdf_is_refused(member, draft):
    before = db_state(draft)
    with pytest.raises(DomainError) as refused:
        proposal_content.proposal_attachment_add(
            actor=member,
            proposal=draft,
            title="Statuto",
            upload=pdf_upload("statuto.pdf", b"PK\x03\x04 a zip named .pdf"),
        )
    assert "non è un file PDF" in _refused(refused)
    assert db_state(draft) == before


@override_settings(TRAMA_UPLOAD_MAX_BYTES=1024)
def test_an_attachment_too_large_is_refused(member, draft):
    before = db_state(draft)
    with pytest.raises(DomainError) as refused:
        proposal_content.proposal_attachment_add(
            actor=member,
            proposal=draft,
            title="Grande",
            upload=pdf_upload(content=PDF + b"0" * 2000),
        )
    assert "al massimo 1,0" in _refused(refused)
    assert db_state(draft) == before


def test_an_attachment_is_stored_with_its_size_and_sha256(member, draft):
    attachment = proposal_content.proposal_attachment_add(
        actor=member, proposal=draft, title="Relazione", upload=pdf_upload()
    )
    assert attachment.size == len(PDF)
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    with attachment.file.open("rb") as handle:
        assert handle.read() == PDF


# Deadline -------------------------------------------------------------------------------


def test_submission_when_the_next_minute_starts_is_refused(world, member, draft):
    deadline = world.call_own.proposals_deadline
    before = db_state(draft)
    with (
        mock.patch(
            "django.utils.timezone.now", return_value=deadline + datetime.timedelta(minutes=1)
        ),
        pytest.raises(ValidationError) as refused,
    ):
        services.proposal_submit(actor=member, proposal=draft)
    message = _refused(refused)
    last_second = timezone.localtime(deadline).strftime("%d/%m/%Y %H:%M:59")
    assert "scadenza" in message and last_second in message
    assert db_state(draft) == before


@pytest.mark.parametrize("seconds_into_the_minute", [0, 30, 59.999])
def test_submission_during_the_deadline_s_minute_is_accepted(
    world, member, draft, seconds_into_the_minute
):
    """ "Entro le 23:59" accepts 23:59:30: the deadline lasts its whole minute."""
    at = world.call_own.proposals_deadline + datetime.timedelta(seconds=seconds_into_the_minute)
    submitted = services.proposal_submit(actor=member, proposal=draft, now=at)
    assert submitted.state == ProposalState.SUBMITTED
    assert submitted.submitted_at == at


# Submission -----------------------------------------------------------------------------


def test_submission_freezes_a_recomputable_fingerprint(member, draft):
    proposal_content.proposal_attachment_add(
        actor=member, proposal=draft, title="Relazione", upload=pdf_upload()
    )
    services.proposal_submit(actor=member, proposal=draft)
    stored = Proposal.objects.get(pk=draft.pk)
    recomputed = hashlib.sha256(
        json.dumps(
            stored.submitted_content, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")
    ).hexdigest()
    assert stored.fingerprint == recomputed
    assert stored.submitted_content["attachments"] == [
        {"title": "Relazione", "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest()}
    ]
    assert stored.submitted_content["lead"]["name"] == "Auser Prova"


def test_every_edit_after_submission_is_refused(world, member, draft):
    attachment = proposal_content.proposal_attachment_add(
        actor=member, proposal=draft, title="Relazione", upload=pdf_upload()
    )
    services.proposal_submit(actor=member, proposal=draft)
    draft.refresh_from_db()
    before = db_state(draft)
    edits = [
        lambda: services.proposal_update(
            actor=member,
            proposal=draft,
            version=draft.version,
            title="Cambiato",
            summary="",
            expected_beneficiaries=1,
            total_budget=Decimal("1"),
            target_groups=[],
        ),
        lambda: proposal_content.proposal_set_budget_lines(
            actor=member, proposal=draft, version=draft.version, lines=[]
        ),
        lambda: proposal_content.proposal_set_activities(
            actor=member, proposal=draft, version=draft.version, activities=[]
        ),
        lambda: proposal_content.proposal_set_indicators(
            actor=member, proposal=draft, version=draft.version, indicators=[]
        ),
        lambda: proposal_content.proposal_partner_add(
            actor=member, proposal=draft, organization=world.org_other, role="x"
        ),
        lambda: proposal_content.proposal_attachment_add(
            actor=member, proposal=draft, title="Tardi", upload=pdf_upload()
        ),
        lambda: proposal_content.proposal_attachment_remove(actor=member, attachment=attachment),
        lambda: services.proposal_submit(actor=member, proposal=draft),
    ]
    for edit in edits:
        with pytest.raises(ValidationError) as refused:
            edit()
        assert "non può più essere modificata" in _refused(refused)
    assert db_state(draft) == before


def test_submission_mails_the_leads_members_with_the_link(
    world, member, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.proposal_submit(actor=member, proposal=draft)
    assert [message.to for message in mail.outbox] == [[member.email]]
    body = mail.outbox[0].body
    assert submitted.fingerprint in body
    assert f"/gestione/avvisi/proposte/{draft.pk}/" in body
    assert "presentata" in mail.outbox[0].subject


def test_the_receipt_pdf_shows_the_fingerprint(world, member, draft, tmp_path):
    proposal_content.proposal_attachment_add(
        actor=member, proposal=draft, title="Relazione", upload=pdf_upload()
    )
    submitted = services.proposal_submit(actor=member, proposal=draft)
    pdf = proposal_receipt.proposal_receipt_pdf(actor=member, proposal=submitted)
    text = pdf_text(pdf)
    assert submitted.fingerprint in text
    assert hashlib.sha256(PDF).hexdigest() in text
    assert "Ricevuta di presentazione" in text
    assert timezone.localtime(submitted.submitted_at).strftime("%d/%m/%Y %H:%M:%S") in text
    assert AccessLogEntry.objects.filter(
        action="export", object_id=str(draft.pk), details__what="receipt"
    ).exists()
    # The receipt is for the lead's members and the coordinator only.
    proposal_receipt.proposal_receipt_pdf(actor=world.users.coordinator, proposal=submitted)
    with pytest.raises(PermissionDenied):
        proposal_receipt.proposal_receipt_pdf(actor=world.users.evaluator, proposal=submitted)


# Partners -------------------------------------------------------------------------------


def test_partners_confirm_themselves_before_the_submission(
    world, member, draft, django_capture_on_commit_callbacks
):
    other_member = UserFactory(username="altra_ets")
    grant(other_member, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, world.org_other.pk)
    with django_capture_on_commit_callbacks(execute=True):
        partner = proposal_content.proposal_partner_add(
            actor=member, proposal=draft, organization=world.org_other, role="Laboratori"
        )
    assert [message.to for message in mail.outbox] == [[other_member.email]]
    before = db_state(draft)
    with pytest.raises(ValidationError) as refused:
        services.proposal_submit(actor=member, proposal=draft)
    assert "Cooperativa Altra" in _refused(refused)
    assert db_state(draft) == before
    with pytest.raises(PermissionDenied):
        proposal_content.proposal_partner_confirm(actor=member, partner=partner)
    proposal_content.proposal_partner_confirm(actor=other_member, partner=partner)
    submitted = services.proposal_submit(actor=member, proposal=draft)
    assert submitted.submitted_content["partners"][0]["role"] == "Laboratori"


# Withdrawal -----------------------------------------------------------------------------


def test_withdrawal_after_the_deadline_is_refused(world, member, draft):
    services.proposal_submit(actor=member, proposal=draft)
    draft.refresh_from_db()
    before = db_state(draft)
    late = closes_at(world.call_own.proposals_deadline)
    with pytest.raises(DomainError) as refused:
        services.proposal_withdraw(actor=member, proposal=draft, now=late)
    assert "non può più essere ritirata" in _refused(refused)
    assert db_state(draft) == before


def test_a_submitted_proposal_is_withdrawn_before_the_deadline(world, member, draft):
    services.proposal_submit(actor=member, proposal=draft)
    withdrawn = services.proposal_withdraw(actor=member, proposal=draft)
    assert withdrawn.state == ProposalState.WITHDRAWN
    # The lead may start again.
    services.proposal_create(
        actor=member, call=world.call_own, lead=world.org_own, title="Di nuovo", summary="S"
    )


# After the deadline ---------------------------------------------------------------------


def test_admissibility_waits_for_the_closed_call_and_needs_a_reason(world, member, draft):
    coordinator = world.users.coordinator
    services.proposal_submit(actor=member, proposal=draft)
    with pytest.raises(DomainError) as refused:
        proposal_review.proposal_mark_admissible(actor=coordinator, proposal=draft)
    assert "chiuso" in _refused(refused)
    world.call_own.state = CallState.CLOSED
    world.call_own.save()
    before = db_state(draft)
    with pytest.raises(DomainError) as refused:
        proposal_review.proposal_mark_not_admissible(actor=coordinator, proposal=draft, note="  ")
    assert "perché" in _refused(refused)
    with pytest.raises(PermissionDenied):
        proposal_review.proposal_mark_admissible(actor=member, proposal=draft)
    assert db_state(draft) == before
    refused_one = proposal_review.proposal_mark_not_admissible(
        actor=coordinator, proposal=draft, note="Manca la firma del legale rappresentante."
    )
    assert refused_one.state == ProposalState.NOT_ADMISSIBLE
    assert refused_one.admissibility_note.startswith("Manca")


def test_the_later_steps_follow_the_workflow(world, member, draft):
    coordinator = world.users.coordinator
    services.proposal_submit(actor=member, proposal=draft)
    with pytest.raises(DomainError) as refused:
        proposal_review.proposal_select(actor=coordinator, proposal=draft)
    assert "non può passare" in _refused(refused)
    world.call_own.state = CallState.CLOSED
    world.call_own.save()
    proposal_review.proposal_mark_admissible(actor=coordinator, proposal=draft)
    for step, state in (
        (proposal_review.proposal_mark_evaluated, ProposalState.EVALUATED),
        (proposal_review.proposal_select, ProposalState.SELECTED),
        (proposal_review.proposal_start_codesign, ProposalState.IN_CODESIGN),
        (proposal_review.proposal_mark_agreed, ProposalState.AGREED),
    ):
        assert step(actor=coordinator, proposal=draft).state == state
    other = ProposalFactory(
        call=world.call_own, lead=world.org_other, state="evaluated", submitted_at=timezone.now()
    )
    assert (
        proposal_review.proposal_reject(actor=coordinator, proposal=other).state == "not_selected"
    )
