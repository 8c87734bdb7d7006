"""The public pages and the API of the calls: no draft is ever public, answers never name
who asked, the ranking and the agreement appear once reached, and the public call page runs
the same number of queries with 2 proposals as with 200."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trama.accounts.tests.factories import UserFactory
from trama.calls.models import Agreement, CallState, Proposal, ProposalState
from trama.calls.tests.factories import (
    TINY_PDF,
    CallDocumentFactory,
    CallFactory,
    CriterionFactory,
    QuestionFactory,
)
from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def asker(world):
    user = world.users.ets_member
    user.first_name, user.last_name = "Gianfranca", "Quaglieri"
    user.save()
    return user


@pytest.fixture
def answered(world, asker):
    return QuestionFactory(
        call=world.call_own,
        asked_by=asker,
        organization=world.org_own,
        text="Possono partecipare le associazioni di promozione sociale?",
        answer="Sì, se iscritte al RUNTS.",
        answered_by=world.users.coordinator,
        answered_at=timezone.now(),
    )


def _ranked_call(proposals: int, *, state=CallState.RANKED):
    call = CallFactory(
        state=state,
        questions_deadline=timezone.now() - datetime.timedelta(days=40),
        proposals_deadline=timezone.now() - datetime.timedelta(days=30),
    )
    for position in range(3):
        CriterionFactory(call=call, position=position)
    CallDocumentFactory(call=call)
    creator = UserFactory()
    leads = OrganizationFactory.create_batch(proposals)
    submitted = timezone.now() - datetime.timedelta(days=31)
    Proposal.objects.bulk_create(
        Proposal(
            call=call,
            lead=lead,
            title=f"Proposta {index:03d}",
            summary="Attività",
            state=ProposalState.SELECTED if index < 2 else ProposalState.NOT_SELECTED,
            submitted_at=submitted,
            committee_score=Decimal("90") - index / Decimal("10"),
            rank=index + 1,
            created_by=creator,
        )
        for index, lead in enumerate(leads)
    )
    return call


def test_open_calls_come_first_then_past_ones(client):
    past = CallFactory(title="Avviso concluso", state=CallState.CONCLUDED)
    open_call = CallFactory(title="Avviso aperto")
    CallFactory(title="Avviso in bozza", state=CallState.DRAFT)
    page = client.get(reverse("public:call_list")).content.decode()
    assert "Avvisi e bandi" in page
    assert page.index(open_call.title) < page.index("Avvisi passati") < page.index(past.title)
    assert "Avviso in bozza" not in page


def test_a_draft_is_never_public(client):
    draft = CallFactory(state=CallState.DRAFT)
    document = CallDocumentFactory(call=draft)
    assert client.get(reverse("public:call_detail", kwargs={"pk": draft.pk})).status_code == 404
    url = reverse("public:call_document", kwargs={"pk": document.pk})
    assert client.get(url).status_code == 404


def test_the_public_page_shows_the_terms_and_the_answer_without_the_asker(
    client, world, answered, asker
):
    CriterionFactory(call=world.call_own, title="Qualità del progetto", max_points=Decimal("40"))
    CallDocumentFactory(call=world.call_own, title="Testo dell'avviso")
    page = client.get(reverse("public:call_detail", kwargs={"pk": world.call_own.pk}))
    content = page.content.decode()
    assert "Qualità del progetto" in content and "Testo dell&#x27;avviso" in content
    assert answered.text in content and answered.answer in content
    for private in (asker.first_name, asker.last_name, asker.username, world.org_own.name):
        assert private not in content


def test_an_unanswered_question_is_not_public(client, world):
    question = QuestionFactory(call=world.call_own, text="Domanda ancora aperta?")
    page = client.get(reverse("public:call_detail", kwargs={"pk": world.call_own.pk}))
    assert question.text not in page.content.decode()


def test_the_public_document_is_served_as_a_pdf(client, world):
    document = CallDocumentFactory(call=world.call_own)
    response = client.get(reverse("public:call_document", kwargs={"pk": document.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == TINY_PDF


def test_the_ranking_appears_once_ranked(client):
    call = _ranked_call(3)
    content = client.get(reverse("public:call_detail", kwargs={"pk": call.pk})).content.decode()
    assert "Graduatoria" in content
    assert (
        content.index("Proposta 000")
        < content.index("Proposta 001")
        < content.index("Proposta 002")
    )
    assert "selezionata" in content and "non selezionata" in content
    under_evaluation = _ranked_call(2, state=CallState.EVALUATION)
    url = reverse("public:call_detail", kwargs={"pk": under_evaluation.pk})
    assert "Proposta 000" not in client.get(url).content.decode()


def test_the_agreement_links_the_public_project_once_concluded(client, world):
    call = _ranked_call(2, state=CallState.CONCLUDED)
    project = ProjectFactory(slug="cittadella-del-welfare", name="Cittadella del Welfare")
    Agreement.objects.create(
        call=call,
        project=project,
        signed_on=timezone.localdate(),
        budget=Decimal("90000"),
        summary="Convenzione per la Cittadella.",
        created_by=world.users.coordinator,
    )
    content = client.get(reverse("public:call_detail", kwargs={"pk": call.pk})).content.decode()
    assert "Convenzione per la Cittadella." in content
    assert reverse("public:project_detail", kwargs={"slug": project.slug}) in content


def test_the_public_menu_links_the_calls(client):
    page = client.get(reverse("public:home")).content.decode()
    assert reverse("public:call_list") in page


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_the_public_call_page_runs_constant_queries(client):
    small, large = _ranked_call(2), _ranked_call(200)
    for call in (small, large):
        QuestionFactory.create_batch(3, call=call, answer="Risposta.", answered_at=timezone.now())
    small_url = reverse("public:call_detail", kwargs={"pk": small.pk})
    large_url = reverse("public:call_detail", kwargs={"pk": large.pk})
    client.get(small_url)
    assert _queries(client, small_url) == _queries(client, large_url)


def test_the_public_list_runs_constant_queries(client):
    CallFactory.create_batch(2)
    url = reverse("public:call_list")
    client.get(url)
    before = _queries(client, url)
    CallFactory.create_batch(40)
    assert _queries(client, url) == before


# API ---------------------------------------------------------------------------------------


def test_the_api_lists_public_calls_to_anyone(client, world):
    draft = CallFactory(state=CallState.DRAFT)
    response = client.get(reverse("api-1.0.0:call_list"))
    ids = [item["id"] for item in response.json()["items"]]
    assert world.call_own.pk in ids and draft.pk not in ids


def test_the_api_detail_has_criteria_documents_and_answers_without_the_asker(
    client, world, answered, asker
):
    CriterionFactory(call=world.call_own, title="Impatto", weight=Decimal("2"))
    document = CallDocumentFactory(call=world.call_own)
    response = client.get(reverse("api-1.0.0:call_detail", kwargs={"call_id": world.call_own.pk}))
    data = response.json()
    assert [c["title"] for c in data["criteria"]] == ["Impatto"]
    assert data["documents"][0]["url"].endswith(
        reverse("public:call_document", kwargs={"pk": document.pk})
    )
    assert data["answers"] == [
        {
            "question": answered.text,
            "answer": answered.answer,
            "asked_at": data["answers"][0]["asked_at"],
            "answered_at": data["answers"][0]["answered_at"],
        }
    ]
    text = response.content.decode()
    for private in (asker.first_name, asker.last_name, asker.username, world.org_own.name):
        assert private not in text


def test_the_api_shows_drafts_to_a_coordinators_token_only(client, world):
    draft = CallFactory(state=CallState.DRAFT)
    url = reverse("api-1.0.0:call_detail", kwargs={"call_id": draft.pk})
    assert client.get(url).status_code == 404
    member = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['ets_member']}"}
    assert client.get(url, **member).status_code == 404
    coordinator = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['coordinator']}"}
    assert client.get(url, **coordinator).json()["state"] == "draft"
    listed = client.get(reverse("api-1.0.0:call_list"), **coordinator).json()["items"]
    assert draft.pk in [item["id"] for item in listed]


def test_a_cancelled_call_shows_why(client):
    call = CallFactory(state=CallState.CANCELLED, cancellation_reason="Fondi regionali revocati.")
    page = client.get(reverse("public:call_detail", kwargs={"pk": call.pk})).content.decode()
    assert "Fondi regionali revocati." in page
