"""Permission rows of the call area: the call's back-office pages, its documents, questions
and answers, and the calls API."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import Case, expect, once, only
from trama.calls.models import Call, CallState
from trama.calls.tests.factories import (
    TINY_PDF,
    CallDocumentFactory,
    CallFactory,
    CriterionFactory,
    QuestionFactory,
)

READERS = ["coordinator", "admin", "evaluator", "ets_member"]
OVERSEERS = ["coordinator", "admin"]
MANAGERS = ["coordinator"]
MANAGE_POST = only(MANAGERS, allowed=302)


def _draft(world) -> Call:
    return once(world, "_c1_draft", lambda: CallFactory(title="Bozza", state=CallState.DRAFT))


def _draft_pk(world) -> dict:
    return {"pk": _draft(world).pk}


def _published_pk(world) -> dict:
    return {"pk": world.call_own.pk}


def _criterion(world):
    return once(world, "_c1_criterion", lambda: CriterionFactory(call=_draft(world)))


def _call_fields(world) -> dict:
    call = Call.objects.get(pk=_draft(world).pk)
    return {
        "title": call.title,
        "kind": call.kind,
        "purpose": call.purpose,
        "budget_available": "50000",
        "min_cofunding_percent": "10",
        "volunteer_hour_rate": "16",
        "admission_threshold": "60",
        "score_aggregate": "mean",
        "tie_break": "first_criterion",
        "questions_deadline_0": "2099-03-01",
        "questions_deadline_1": "12:00",
        "proposals_deadline_0": "2099-03-31",
        "proposals_deadline_1": "12:00",
        "version": call.version,
    }


def _pdf(world) -> dict:
    return {
        "kind": "notice",
        "title": "Avviso",
        "file": SimpleUploadedFile("avviso.pdf", TINY_PDF, content_type="application/pdf"),
    }


CASES = [
    Case("calls:call_list", only(READERS)),
    Case("calls:call_detail", only(READERS), kwargs=_published_pk),
    Case(
        "calls:call_detail",
        only(READERS, others=403) | {"evaluator": 404, "ets_member": 404},
        kwargs=_draft_pk,
        note="draft",
    ),
    Case("calls:call_create", only(MANAGERS)),
    Case("calls:call_create", MANAGE_POST, method="post", data=_call_fields),
    Case("calls:call_edit", only(MANAGERS), kwargs=_draft_pk),
    Case("calls:call_edit", MANAGE_POST, kwargs=_draft_pk, method="post", data=_call_fields),
    Case("calls:call_criteria", only(MANAGERS), kwargs=_draft_pk),
    Case(
        "calls:call_criteria",
        MANAGE_POST,
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"title": "Qualità", "max_points": "30", "weight": "1"},
        note="add",
    ),
    Case(
        "calls:call_criteria",
        MANAGE_POST,
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"remove": CriterionFactory(call=_draft(w)).pk},
        note="remove",
    ),
    Case(
        "calls:criterion_edit",
        only(MANAGERS),
        kwargs=lambda w: {"pk": _draft(w).pk, "criterion_pk": _criterion(w).pk},
    ),
    Case(
        "calls:criterion_edit",
        MANAGE_POST,
        kwargs=lambda w: {"pk": _draft(w).pk, "criterion_pk": _criterion(w).pk},
        method="post",
        data=lambda w: {"title": "Impatto", "max_points": "25", "weight": "2"},
    ),
    Case("calls:call_documents", only(MANAGERS), kwargs=_draft_pk),
    Case(
        "calls:call_documents",
        MANAGE_POST,
        kwargs=_draft_pk,
        method="post",
        data=_pdf,
        note="upload",
    ),
    Case(
        "calls:call_documents",
        MANAGE_POST,
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"remove": CallDocumentFactory(call=_draft(w)).pk},
        note="remove",
    ),
    Case(
        "calls:call_document",
        only(READERS),
        kwargs=lambda w: {"pk": CallDocumentFactory(call=w.call_own).pk},
    ),
    Case(
        "calls:call_document",
        only(READERS) | {"evaluator": 404, "ets_member": 404},
        kwargs=lambda w: {"pk": CallDocumentFactory(call=_draft(w)).pk},
        note="draft",
    ),
    Case(
        "calls:call_transition",
        MANAGE_POST,
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"action": "publish"},
    ),
    Case("calls:call_cancel", only(MANAGERS), kwargs=_draft_pk),
    Case(
        "calls:call_cancel",
        MANAGE_POST,
        kwargs=lambda w: {"pk": CallFactory(state=CallState.DRAFT).pk},
        method="post",
        data=lambda w: {"reason": "Fondi non disponibili."},
    ),
    Case(
        "calls:call_new_cycle",
        MANAGE_POST,
        kwargs=lambda w: {"pk": CallFactory().pk},
        method="post",
    ),
    Case("calls:question_ask", only(["ets_member"]), kwargs=_published_pk),
    Case(
        "calls:question_ask",
        only(["ets_member"], allowed=302),
        kwargs=_published_pk,
        method="post",
        data=lambda w: {"text": "Il cofinanziamento può essere in ore di volontariato?"},
    ),
    Case(
        "calls:question_answer",
        only(MANAGERS),
        kwargs=lambda w: {"pk": QuestionFactory(call=w.call_own).pk},
    ),
    Case(
        "calls:question_answer",
        MANAGE_POST,
        kwargs=lambda w: {"pk": QuestionFactory(call=w.call_own).pk},
        method="post",
        data=lambda w: {"answer": "Sì, valorizzate alla tariffa oraria dell'avviso."},
    ),
    # API: the public calls for everyone (a token is optional), drafts for the overseers.
    Case("api-1.0.0:call_list", expect(200), api=True),
    Case(
        "api-1.0.0:call_detail",
        expect(200),
        api=True,
        kwargs=lambda w: {"call_id": w.call_own.pk},
    ),
    Case(
        "api-1.0.0:call_detail",
        only(OVERSEERS, others=404, anonymous=404),
        api=True,
        kwargs=lambda w: {"call_id": _draft(w).pk},
        note="draft: not found outside the coordinator and the administrator",
    ),
]
