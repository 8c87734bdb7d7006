"""Back-office pages of the call area: the coordinator drafts, fills in and publishes a call;
an ETS member asks a question; bad input is shown on the form and changes nothing."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from trama.calls.models import Call, CallDocument, CallState, Question
from trama.calls.tests.factories import (
    TINY_PDF,
    CallDocumentFactory,
    CallFactory,
    CriterionFactory,
    QuestionFactory,
)
from trama.organizations.models import ActivitySector

ROME = zoneinfo.ZoneInfo("Europe/Rome")


@pytest.fixture
def as_role(client, world):
    def login(role: str):
        client.force_login(world.user_by_role[role])
        return client

    return login


def _form_data(**overrides) -> dict:
    data = {
        "title": "Avviso per l'abitare solidale",
        "kind": "co_design",
        "purpose": "Co-progettare soluzioni abitative temporanee.",
        "budget_available": "120000",
        "min_cofunding_percent": "10",
        "volunteer_hour_rate": "16",
        "requires_runts": "on",
        "admission_threshold": "60",
        "score_aggregate": "mean",
        "tie_break": "first_criterion",
        "questions_deadline_0": "2099-03-10",
        "questions_deadline_1": "12:00",
        "proposals_deadline_0": "2099-03-31",
        "proposals_deadline_1": "23:59",
    }
    data.update(overrides)
    return data


def test_the_coordinator_creates_a_draft_with_deadlines_in_rome_time(as_role):
    client = as_role("coordinator")
    sector = ActivitySector.objects.get(code="a")
    response = client.post(reverse("calls:call_create"), _form_data(required_sectors=[sector.pk]))
    call = Call.objects.get(title="Avviso per l'abitare solidale")
    assert response.status_code == 302
    assert response["Location"] == reverse("calls:call_detail", kwargs={"pk": call.pk})
    assert call.state == CallState.DRAFT
    assert call.proposals_deadline == datetime.datetime(2099, 3, 31, 23, 59, tzinfo=ROME)
    assert call.questions_deadline == datetime.datetime(2099, 3, 10, 12, 0, tzinfo=ROME)
    assert list(call.required_sectors.all()) == [sector]
    page = client.get(response["Location"]).content.decode()
    # The page states the rule: the deadline lasts its whole minute.
    assert "entro le 23:59:59 del 31 marzo 2099" in page
    assert "entro le 12:00:59 del 10 marzo 2099" in page
    assert "Bozza" in page


def test_the_form_shows_date_and_time_inputs_each_labelled(as_role):
    page = as_role("coordinator").get(reverse("calls:call_create")).content.decode()
    assert 'type="date" name="proposals_deadline_0"' in page
    assert 'type="time" name="proposals_deadline_1"' in page
    assert '<label for="id_proposals_deadline_1">ora</label>' in page


def test_a_bad_timeline_is_shown_on_the_form_and_nothing_is_saved(as_role):
    response = as_role("coordinator").post(
        reverse("calls:call_create"),
        _form_data(questions_deadline_0="2099-04-10"),
    )
    assert response.status_code == 200
    assert "La scadenza per le domande non può essere successiva" in response.content.decode()
    assert not Call.objects.filter(title="Avviso per l'abitare solidale").exists()


def test_edit_is_refused_on_a_published_call(as_role, world):
    client = as_role("coordinator")
    response = client.get(reverse("calls:call_edit", kwargs={"pk": world.call_own.pk}))
    assert response.status_code == 302
    assert "bozza" in client.get(response["Location"]).content.decode()


def test_edit_with_a_stale_version_says_so(as_role):
    call = CallFactory(state=CallState.DRAFT)
    client = as_role("coordinator")
    url = reverse("calls:call_edit", kwargs={"pk": call.pk})
    client.post(url, _form_data(title="Prima", version=call.version))
    response = client.post(url, _form_data(title="Seconda", version=call.version))
    assert response.status_code == 200
    assert "Qualcun altro ha salvato" in response.content.decode()
    assert Call.objects.get(pk=call.pk).title == "Prima"


def test_criteria_page_shows_the_totals(as_role):
    call = CallFactory(state=CallState.DRAFT)
    CriterionFactory(call=call, max_points=Decimal("40"), weight=Decimal("1"))
    CriterionFactory(call=call, max_points=Decimal("30"), weight=Decimal("1.5"))
    page = as_role("coordinator").get(reverse("calls:call_criteria", kwargs={"pk": call.pk}))
    content = page.content.decode()
    assert "Totale (2 criteri)" in content
    assert ">70<" in content and ">85<" in content


def test_a_criterion_with_zero_points_is_refused_on_the_form(as_role):
    call = CallFactory(state=CallState.DRAFT)
    response = as_role("coordinator").post(
        reverse("calls:call_criteria", kwargs={"pk": call.pk}),
        {"title": "Qualità", "max_points": "0", "weight": "1"},
    )
    assert response.status_code == 200
    assert "maggiore di zero" in response.content.decode()
    assert not call.criteria.exists()


def test_uploading_something_that_is_not_a_pdf_shows_the_error(as_role):
    call = CallFactory(state=CallState.DRAFT)
    fake = SimpleUploadedFile("avviso.pdf", b"<html>not a pdf</html>", "application/pdf")
    response = as_role("coordinator").post(
        reverse("calls:call_documents", kwargs={"pk": call.pk}),
        {"kind": "notice", "title": "Avviso", "file": fake},
    )
    assert response.status_code == 200
    assert "non è un PDF" in response.content.decode()
    assert not CallDocument.objects.exists()


def test_a_pdf_is_uploaded_and_served_back(as_role):
    call = CallFactory(state=CallState.DRAFT)
    client = as_role("coordinator")
    client.post(
        reverse("calls:call_documents", kwargs={"pk": call.pk}),
        {
            "kind": "notice",
            "title": "Avviso pubblico",
            "file": SimpleUploadedFile("x.pdf", TINY_PDF),
        },
    )
    document = CallDocument.objects.get(call=call)
    response = client.get(reverse("calls:call_document", kwargs={"pk": document.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == TINY_PDF


def test_publishing_without_criteria_shows_the_rule(as_role):
    call = CallFactory(state=CallState.DRAFT)
    client = as_role("coordinator")
    response = client.post(
        reverse("calls:call_transition", kwargs={"pk": call.pk}), {"action": "publish"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "non può essere pubblicato" in page and "criterio" in page
    assert Call.objects.get(pk=call.pk).state == CallState.DRAFT


def test_publishing_from_the_page(as_role):
    call = CallFactory(state=CallState.DRAFT)
    CriterionFactory(call=call)
    client = as_role("coordinator")
    client.post(reverse("calls:call_transition", kwargs={"pk": call.pk}), {"action": "publish"})
    assert Call.objects.get(pk=call.pk).state == CallState.PUBLISHED


def test_cancel_needs_a_reason(as_role, world):
    url = reverse("calls:call_cancel", kwargs={"pk": world.call_own.pk})
    response = as_role("coordinator").post(url, {"reason": ""})
    assert response.status_code == 200
    assert Call.objects.get(pk=world.call_own.pk).state == CallState.PUBLISHED


def test_new_cycle_from_the_page_opens_the_new_draft(as_role, world):
    client = as_role("coordinator")
    response = client.post(reverse("calls:call_new_cycle", kwargs={"pk": world.call_own.pk}))
    new = Call.objects.get(previous_cycle=world.call_own)
    assert response["Location"] == reverse("calls:call_detail", kwargs={"pk": new.pk})
    assert new.cycle == 2


def test_list_filters_by_state_kind_and_search(as_role):
    CallFactory(title="Avviso orti sociali", state=CallState.DRAFT, kind="grant")
    CallFactory(title="Avviso trasporti solidali", kind="co_design")
    client = as_role("coordinator")
    url = reverse("calls:call_list")
    assert "orti sociali" in client.get(url, {"state": "draft"}).content.decode()
    assert "trasporti" not in client.get(url, {"state": "draft"}).content.decode()
    assert "orti sociali" not in client.get(url, {"kind": "co_design"}).content.decode()
    assert "trasporti" in client.get(url, {"q": "trasporti"}).content.decode()


def test_ets_members_do_not_see_drafts(as_role):
    CallFactory(title="Avviso segreto", state=CallState.DRAFT)
    page = as_role("ets_member").get(reverse("calls:call_list")).content.decode()
    assert "Avviso segreto" not in page


def test_the_menu_links_the_calls_for_its_roles(as_role):
    for role, shown in (("coordinator", True), ("ets_member", True), ("operator", False)):
        page = as_role(role).get(reverse("core:dashboard")).content.decode()
        assert (reverse("calls:call_list") in page) is shown, role


def test_an_ets_member_asks_and_the_coordinator_sees_who(as_role, world):
    client = as_role("ets_member")
    response = client.post(
        reverse("calls:question_ask", kwargs={"pk": world.call_own.pk}),
        {"text": "Le ore di volontariato contano come cofinanziamento?"},
    )
    assert response.status_code == 302
    question = Question.objects.get(call=world.call_own)
    page = as_role("coordinator").get(
        reverse("calls:call_detail", kwargs={"pk": world.call_own.pk})
    )
    assert world.org_own.name in page.content.decode()
    assert question.text in page.content.decode()


def test_a_question_after_the_deadline_is_refused_in_italian(as_role, world):
    call = world.call_own
    call.questions_deadline = timezone.now() - datetime.timedelta(minutes=1)
    call.save()
    response = as_role("ets_member").post(
        reverse("calls:question_ask", kwargs={"pk": call.pk}), {"text": "Sono in tempo?"}
    )
    assert response.status_code == 200
    assert "non sono più accettate" in response.content.decode()
    assert not Question.objects.exists()


def test_the_coordinator_answers(as_role, world):
    question = QuestionFactory(call=world.call_own)
    response = as_role("coordinator").post(
        reverse("calls:question_answer", kwargs={"pk": question.pk}), {"answer": "Sì."}
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answer == "Sì." and question.answered_at is not None


def test_documents_of_a_published_call_cannot_be_removed_from_the_page(as_role, world):
    document = CallDocumentFactory(call=world.call_own)
    as_role("coordinator").post(
        reverse("calls:call_documents", kwargs={"pk": world.call_own.pk}),
        {"remove": document.pk},
    )
    assert CallDocument.objects.filter(pk=document.pk).exists()
