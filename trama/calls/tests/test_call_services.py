"""Services of the call area: the call and its criteria, documents, the transitions, the new
cycle, questions and answers. Each refused input leaves everything as it was."""

import datetime
import hashlib
import zoneinfo
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory, grant
from trama.audit.models import AccessLogEntry
from trama.calls.models import Call, CallDocument, CallState, Criterion, ProposalState, Question
from trama.calls.services import call as services
from trama.calls.tests.factories import (
    TINY_PDF,
    CallDocumentFactory,
    CallFactory,
    CriterionFactory,
    ProposalFactory,
    QuestionFactory,
)
from trama.core.errors import DomainError, StaleObjectError
from trama.organizations.models import ActivitySector, RuntsSection
from trama.projects.models import TargetGroup
from trama.territory.models import Municipality

ROME = zoneinfo.ZoneInfo("Europe/Rome")


@pytest.fixture
def coordinator(world):
    return world.users.coordinator


@pytest.fixture
def draft(coordinator):
    return CallFactory(state=CallState.DRAFT, created_by=coordinator)


def _fields(**overrides) -> dict:
    now = timezone.now()
    fields = {
        "title": "Avviso per la domiciliarità leggera",
        "kind": "co_design",
        "purpose": "Co-progettare interventi di prossimità per persone anziane sole.",
        "budget_available": Decimal("80000.00"),
        "min_cofunding_percent": Decimal("10"),
        "volunteer_hour_rate": Decimal("16.00"),
        "requires_runts": True,
        "requires_local_presence": True,
        "admission_threshold": Decimal("60"),
        "score_aggregate": "mean",
        "tie_break": "first_criterion",
        "questions_deadline": now + datetime.timedelta(days=10),
        "proposals_deadline": now + datetime.timedelta(days=20),
        "evaluation_by": None,
        "codesign_by": None,
        "agreement_by": None,
    }
    fields.update(overrides)
    return fields


def _log_count() -> int:
    return AccessLogEntry.objects.count()


def _pdf(content: bytes = TINY_PDF, name: str = "avviso.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


# The call ----------------------------------------------------------------------------------


def test_create_makes_a_draft_with_its_relations_and_logs(coordinator):
    sectors = list(ActivitySector.objects.filter(code__in=("a", "i")))
    groups = list(TargetGroup.objects.all()[:2])
    towns = list(Municipality.objects.filter(in_consortium=True)[:2])
    call = services.call_create(
        actor=coordinator,
        required_sectors=sectors,
        target_groups=groups,
        municipalities=towns,
        **_fields(),
    )
    assert call.state == CallState.DRAFT
    assert call.created_by == coordinator
    assert set(call.required_sectors.all()) == set(sectors)
    assert set(call.target_groups.all()) == set(groups)
    assert set(call.municipalities.all()) == set(towns)
    assert AccessLogEntry.objects.filter(object_id=str(call.pk), action="create").exists()


def test_only_the_coordinator_creates(world):
    for role in ("admin", "ets_member", "evaluator", "operator"):
        with pytest.raises(PermissionDenied):
            services.call_create(actor=world.user_by_role[role], **_fields())
    assert not Call.objects.filter(title="Avviso per la domiciliarità leggera").exists()


def test_questions_deadline_after_proposals_deadline_is_refused(coordinator):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.call_create(
            actor=coordinator,
            **_fields(
                questions_deadline=now + datetime.timedelta(days=30),
                proposals_deadline=now + datetime.timedelta(days=20),
            ),
        )
    assert "questions_deadline" in error.value.message_dict
    assert "domande" in error.value.message_dict["questions_deadline"][0]


def test_timeline_steps_must_follow_each_other(coordinator):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.call_create(
            actor=coordinator,
            **_fields(
                evaluation_by=today + datetime.timedelta(days=40),
                codesign_by=today + datetime.timedelta(days=30),
            ),
        )
    assert set(error.value.message_dict) == {"codesign_by"}


def test_update_changes_a_draft_and_moves_the_version(coordinator, draft):
    updated = services.call_update(
        actor=coordinator, call=draft, version=draft.version, title="Nuovo titolo"
    )
    assert updated.title == "Nuovo titolo"
    assert updated.version == draft.version + 1


def test_update_with_a_stale_version_changes_nothing(coordinator, draft):
    services.call_update(actor=coordinator, call=draft, version=draft.version, title="Primo")
    with pytest.raises(StaleObjectError):
        services.call_update(actor=coordinator, call=draft, version=draft.version, title="Secondo")
    assert Call.objects.get(pk=draft.pk).title == "Primo"


def test_a_published_call_cannot_be_changed(coordinator, world):
    call = world.call_own
    before = _log_count()
    with pytest.raises(DomainError) as error:
        services.call_update(actor=coordinator, call=call, version=call.version, title="Altro")
    assert "bozza" in error.value.messages[0]
    assert Call.objects.get(pk=call.pk).title == call.title
    assert _log_count() == before


# Criteria ----------------------------------------------------------------------------------


def test_criteria_are_added_edited_and_removed_in_draft(coordinator, draft):
    first = services.criterion_add(
        actor=coordinator, call=draft, title="Qualità", max_points=Decimal("40")
    )
    second = services.criterion_add(
        actor=coordinator,
        call=draft,
        title="Radicamento",
        max_points=Decimal("30"),
        weight=Decimal("1.5"),
    )
    assert (first.position, second.position) == (0, 1)
    services.criterion_update(actor=coordinator, criterion=first, max_points=Decimal("35"))
    assert Criterion.objects.get(pk=first.pk).max_points == Decimal("35")
    services.criterion_remove(actor=coordinator, criterion=second)
    assert list(draft.criteria.values_list("title", flat=True)) == ["Qualità"]


@pytest.mark.parametrize(
    ("max_points", "weight", "field"),
    [(Decimal("0"), Decimal("1"), "max_points"), (Decimal("10"), Decimal("0"), "weight")],
)
def test_a_criterion_needs_positive_points_and_weight(
    coordinator, draft, max_points, weight, field
):
    with pytest.raises(ValidationError) as error:
        services.criterion_add(
            actor=coordinator, call=draft, title="Qualità", max_points=max_points, weight=weight
        )
    assert field in error.value.message_dict
    assert not draft.criteria.exists()


def test_criteria_of_a_published_call_cannot_change(coordinator, world):
    criterion = CriterionFactory(call=world.call_own)
    with pytest.raises(DomainError):
        services.criterion_add(
            actor=coordinator, call=world.call_own, title="Nuovo", max_points=Decimal("10")
        )
    with pytest.raises(DomainError):
        services.criterion_update(actor=coordinator, criterion=criterion, title="Cambiato")
    with pytest.raises(DomainError):
        services.criterion_remove(actor=coordinator, criterion=criterion)
    assert list(world.call_own.criteria.values_list("title", flat=True)) == [criterion.title]


# Documents ---------------------------------------------------------------------------------


def test_a_pdf_is_stored_with_its_size_and_fingerprint(coordinator, draft):
    document = services.call_document_add(
        actor=coordinator, call=draft, kind="notice", title="Avviso pubblico", file=_pdf()
    )
    assert document.size == len(TINY_PDF)
    assert document.sha256 == hashlib.sha256(TINY_PDF).hexdigest()
    assert document.file.name.endswith(".pdf")
    with document.file.open("rb") as stored:
        assert stored.read() == TINY_PDF


def test_a_file_named_pdf_that_is_not_a_pdf_is_refused(coordinator, draft):
    fake = _pdf(b"MZ\x90\x00 this is an executable, not a PDF", name="avviso.pdf")
    with pytest.raises(DomainError) as error:
        services.call_document_add(
            actor=coordinator, call=draft, kind="notice", title="Avviso", file=fake
        )
    assert "PDF" in error.value.message_dict["file"][0]
    assert not CallDocument.objects.filter(call=draft).exists()


def test_a_file_over_the_limit_is_refused(coordinator, draft, settings):
    settings.TRAMA_UPLOAD_MAX_BYTES = 100
    big = _pdf(TINY_PDF + b"0" * 200)
    with pytest.raises(DomainError) as error:
        services.call_document_add(
            actor=coordinator, call=draft, kind="notice", title="Avviso", file=big
        )
    assert "troppo grande" in error.value.message_dict["file"][0]
    assert not CallDocument.objects.filter(call=draft).exists()


def test_a_document_of_a_published_call_stays(coordinator, world):
    document = CallDocumentFactory(call=world.call_own)
    with pytest.raises(DomainError):
        services.call_document_remove(actor=coordinator, document=document)
    assert CallDocument.objects.filter(pk=document.pk).exists()


def test_a_document_of_a_draft_can_be_removed(coordinator, draft):
    document = CallDocumentFactory(call=draft)
    services.call_document_remove(actor=coordinator, document=document)
    assert not CallDocument.objects.filter(pk=document.pk).exists()


# Transitions -------------------------------------------------------------------------------


def test_publishing_without_criteria_is_refused_with_the_rule(coordinator, draft):
    before = _log_count()
    with pytest.raises(DomainError) as error:
        services.call_publish(actor=coordinator, call=draft)
    message = error.value.messages[0]
    assert "criterio" in message
    assert Call.objects.get(pk=draft.pk).state == CallState.DRAFT
    assert Call.objects.get(pk=draft.pk).publication_date == draft.publication_date
    assert _log_count() == before


def test_publishing_with_a_past_deadline_is_refused(coordinator):
    now = timezone.now()
    call = CallFactory(
        state=CallState.DRAFT,
        questions_deadline=now - datetime.timedelta(hours=1),
        proposals_deadline=now + datetime.timedelta(days=5),
    )
    CriterionFactory(call=call)
    with pytest.raises(DomainError) as error:
        services.call_publish(actor=coordinator, call=call)
    assert "domande" in error.value.messages[0]
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT


def test_publish_sets_the_date_and_tells_eligible_members_only(
    world, coordinator, draft, mailoutbox, django_capture_on_commit_callbacks
):
    CriterionFactory(call=draft)
    draft.requires_runts = True
    draft.save()
    world.org_own.runts_section = RuntsSection.objects.get(code="b")
    world.org_own.runts_number = "12345"
    world.org_own.save()
    world.users.ets_member.email = "socia@example.org"
    world.users.ets_member.save()
    other = UserFactory(email="altro@example.org")
    grant(other, "ets_member", "organization", world.org_other.pk)
    world.org_other.runts_section = None
    world.org_other.runts_number = ""
    world.org_other.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.call_publish(actor=coordinator, call=draft)
    draft.refresh_from_db()
    assert draft.state == CallState.PUBLISHED
    assert draft.publication_date == timezone.localdate()
    recipients = {address for mail in mailoutbox for address in mail.to}
    assert "socia@example.org" in recipients
    assert "altro@example.org" not in recipients
    assert f"/avvisi/{draft.pk}/" in mailoutbox[0].body


def test_a_transition_out_of_order_changes_nothing(coordinator, draft, world):
    before = _log_count()
    for service in (
        services.call_close,
        services.call_start_evaluation,
        services.call_mark_ranked,
        services.call_start_codesign,
        services.call_conclude,
    ):
        with pytest.raises(DomainError) as error:
            service(actor=coordinator, call=draft)
        assert "Bozza" in error.value.messages[0]
    with pytest.raises(DomainError):
        services.call_publish(actor=coordinator, call=world.call_own)
    assert Call.objects.get(pk=draft.pk).state == CallState.DRAFT
    assert Call.objects.get(pk=world.call_own.pk).state == CallState.PUBLISHED
    assert _log_count() == before


def test_closing_before_the_proposals_deadline_is_refused(coordinator, world):
    with pytest.raises(DomainError) as error:
        services.call_close(actor=coordinator, call=world.call_own)
    assert "scadenza" in error.value.messages[0]
    assert Call.objects.get(pk=world.call_own.pk).state == CallState.PUBLISHED


def test_the_whole_path_from_published_to_concluded(coordinator):
    now = timezone.now()
    call = CallFactory(
        questions_deadline=now - datetime.timedelta(days=3),
        proposals_deadline=now - datetime.timedelta(minutes=1),
    )
    services.call_close(actor=coordinator, call=call)
    assert call.state == CallState.CLOSED
    services.call_start_evaluation(actor=coordinator, call=call)
    services.call_mark_ranked(actor=coordinator, call=call)
    services.call_start_codesign(actor=coordinator, call=call)
    services.call_conclude(actor=coordinator, call=call)
    assert Call.objects.get(pk=call.pk).state == CallState.CONCLUDED
    with pytest.raises(DomainError):
        services.call_cancel(actor=coordinator, call=call, reason="Troppo tardi")
    states = [
        entry.details["state"]
        for entry in AccessLogEntry.objects.filter(
            object_type="calls.call", object_id=str(call.pk)
        ).order_by("pk")
    ]
    assert states == [
        ["published", "closed"],
        ["closed", "evaluation"],
        ["evaluation", "ranked"],
        ["ranked", "co_design"],
        ["co_design", "concluded"],
    ]


def test_cancel_needs_a_reason_and_tells_the_applicants(
    world, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    call = world.call_own
    world.users.ets_member.email = "socia@example.org"
    world.users.ets_member.save()
    ProposalFactory(call=call, lead=world.org_own)
    with pytest.raises(DomainError):
        services.call_cancel(actor=coordinator, call=call, reason="   ")
    assert Call.objects.get(pk=call.pk).state == CallState.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        services.call_cancel(actor=coordinator, call=call, reason="Fondi regionali revocati.")
    cancelled = Call.objects.get(pk=call.pk)
    assert (cancelled.state, cancelled.cancellation_reason) == (
        CallState.CANCELLED,
        "Fondi regionali revocati.",
    )
    assert [mail.to for mail in mailoutbox] == [["socia@example.org"]]
    assert "Fondi regionali revocati." in mailoutbox[0].body


def test_withdrawn_applicants_are_not_told_of_a_cancellation(
    world, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    world.users.ets_member.email = "socia@example.org"
    world.users.ets_member.save()
    ProposalFactory(call=world.call_own, lead=world.org_own, state=ProposalState.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        services.call_cancel(actor=coordinator, call=world.call_own, reason="Annullato.")
    assert mailoutbox == []


# New cycle ---------------------------------------------------------------------------------


def test_new_cycle_copies_the_call_and_moves_the_timeline(coordinator):
    today = timezone.localdate()
    published = today - datetime.timedelta(days=200)
    questions = datetime.datetime.combine(
        published + datetime.timedelta(days=20), datetime.time(12, 0), tzinfo=ROME
    )
    proposals = datetime.datetime.combine(
        published + datetime.timedelta(days=30), datetime.time(13, 30), tzinfo=ROME
    )
    previous = CallFactory(
        state=CallState.CONCLUDED,
        publication_date=published,
        questions_deadline=questions,
        proposals_deadline=proposals,
        evaluation_by=published + datetime.timedelta(days=45),
        requires_runts=True,
    )
    previous.required_sectors.set(ActivitySector.objects.filter(code__in=("a", "i")))
    previous.target_groups.set(TargetGroup.objects.all()[:2])
    previous.municipalities.set(Municipality.objects.filter(in_consortium=True)[:3])
    CriterionFactory(call=previous, title="Qualità", max_points=Decimal("40"), position=0)
    CriterionFactory(
        call=previous,
        title="Radicamento",
        max_points=Decimal("30"),
        weight=Decimal("2"),
        position=1,
    )
    CallDocumentFactory(call=previous)

    new = services.call_new_cycle(actor=coordinator, previous=previous)

    assert new.state == CallState.DRAFT
    assert (new.cycle, new.previous_cycle) == (previous.cycle + 1, previous)
    assert new.title == previous.title and new.purpose == previous.purpose
    assert new.requires_runts and new.budget_available == previous.budget_available
    assert set(new.required_sectors.all()) == set(previous.required_sectors.all())
    assert set(new.target_groups.all()) == set(previous.target_groups.all())
    assert set(new.municipalities.all()) == set(previous.municipalities.all())
    assert [(c.title, c.max_points, c.weight) for c in new.criteria.order_by("position")] == [
        ("Qualità", Decimal("40"), Decimal("1")),
        ("Radicamento", Decimal("30"), Decimal("2")),
    ]
    assert not new.documents.exists() and new.publication_date is None
    # Same distance from today as from the previous publication, same time of day in Rome.
    local_questions = timezone.localtime(new.questions_deadline)
    local_proposals = timezone.localtime(new.proposals_deadline)
    assert local_questions.date() == today + datetime.timedelta(days=20)
    assert (local_questions.hour, local_questions.minute) == (12, 0)
    assert local_proposals.date() == today + datetime.timedelta(days=30)
    assert (local_proposals.hour, local_proposals.minute) == (13, 30)
    assert new.evaluation_by == today + datetime.timedelta(days=45)
    # Still its own record: the previous cycle is untouched.
    assert previous.criteria.count() == 2 and previous.state == CallState.CONCLUDED


def test_a_draft_has_no_new_cycle_and_a_call_has_only_one(coordinator, draft, world):
    with pytest.raises(DomainError):
        services.call_new_cycle(actor=coordinator, previous=draft)
    services.call_new_cycle(actor=coordinator, previous=world.call_own)
    with pytest.raises(DomainError) as error:
        services.call_new_cycle(actor=coordinator, previous=world.call_own)
    assert "ciclo 2" in error.value.messages[0]
    assert Call.objects.filter(previous_cycle=world.call_own).count() == 1


# Questions and answers ---------------------------------------------------------------------


def test_an_ets_member_asks_a_question_for_their_organisation(world):
    question = services.question_ask(
        actor=world.users.ets_member, call=world.call_own, text="  Serve la sede nel Consorzio? "
    )
    assert question.text == "Serve la sede nel Consorzio?"
    assert question.organization == world.org_own
    assert question.answered_at is None


def test_a_question_after_the_deadline_is_refused_and_not_saved(world):
    call = world.call_own
    call.questions_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    with pytest.raises(DomainError) as error:
        services.question_ask(actor=world.users.ets_member, call=call, text="Ancora in tempo?")
    message = error.value.message_dict["text"][0]
    assert "scadenza" in message and "non sono più accettate" in message
    assert not Question.objects.filter(call=call).exists()


def test_no_question_on_a_draft_or_from_other_roles(world, draft):
    with pytest.raises(DomainError):
        services.question_ask(actor=world.users.ets_member, call=draft, text="Domanda?")
    with pytest.raises(PermissionDenied):
        services.question_ask(actor=world.users.coordinator, call=world.call_own, text="Io?")
    with pytest.raises(PermissionDenied):
        services.question_ask(
            actor=world.users.ets_member,
            call=world.call_own,
            text="Per un'altra?",
            organization=world.org_other,
        )
    assert not Question.objects.exists()


def test_the_answer_is_stored_and_the_asker_told_once(
    world, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    world.users.ets_member.email = "socia@example.org"
    world.users.ets_member.save()
    question = QuestionFactory(call=world.call_own, asked_by=world.users.ets_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=coordinator, question=question, answer="Sì.")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(actor=coordinator, question=question, answer="Sì, confermo.")
    question.refresh_from_db()
    assert question.answer == "Sì, confermo." and question.answered_by == coordinator
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["socia@example.org"]
    assert "senza il tuo nome" in mailoutbox[0].body or "without your name" in mailoutbox[0].body


def test_an_empty_answer_is_refused(world, coordinator):
    question = QuestionFactory(call=world.call_own)
    with pytest.raises(DomainError):
        services.question_answer(actor=coordinator, question=question, answer="  ")
    with pytest.raises(PermissionDenied):
        services.question_answer(actor=world.users.ets_member, question=question, answer="Sì")
    question.refresh_from_db()
    assert question.answered_at is None
