"""The evaluation (issue 5, point 4): committee, declarations, scores, independence, the
ranking, the minutes. Each bad input: a clear Italian message, nothing changes."""

import os
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from trama.accounts.models import RoleGrant
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory
from trama.audit.models import AccessLogEntry
from trama.calls.models import (
    CallDocument,
    CallState,
    CommitteeMember,
    CommitteeRole,
    ConflictDeclaration,
    Proposal,
    ProposalState,
    Score,
    TieBreak,
)
from trama.calls.services import evaluation as services
from trama.calls.tests.evaluation_setup import evaluator, score_everything, to_evaluation
from trama.core.testing import pdf_text

D = Decimal


def _messages(error) -> str:
    return " ".join(error.value.messages)


# --- the committee ------------------------------------------------------------------------


def test_naming_a_member_grants_the_evaluator_role_and_removing_revokes_it(world):
    call, coordinator = world.call_own, world.users.coordinator
    person = UserFactory()
    member = services.committee_member_add(
        actor=coordinator, call=call, user=person, role=CommitteeRole.PRESIDENT
    )
    person.__dict__.pop("_grants", None)
    assert call.pk in person.scope_ids(Role.EVALUATOR, ScopeKind.CALL)

    with pytest.raises(ValidationError) as error:
        services.committee_member_add(
            actor=coordinator, call=call, user=UserFactory(), role=CommitteeRole.PRESIDENT
        )
    assert "ha già un presidente" in _messages(error)
    with pytest.raises(ValidationError) as error:
        services.committee_member_add(
            actor=coordinator, call=call, user=person, role=CommitteeRole.MEMBER
        )
    assert "già nella commissione" in _messages(error)

    services.committee_member_remove(actor=coordinator, member=member)
    assert not CommitteeMember.objects.filter(call=call, user=person).exists()
    assert not RoleGrant.objects.filter(
        user=person, role=Role.EVALUATOR, scope_id=call.pk, revoked_at__isnull=True
    ).exists()


@pytest.mark.parametrize("role", ["evaluator", "ets_member", "admin"])
def test_only_the_coordinator_names_the_committee(world, role):
    """A permission, not a rule of the input: 403 on pages and API, never a 422."""
    candidate = UserFactory()
    with pytest.raises(PermissionDenied):
        services.committee_member_add(
            actor=world.user_by_role[role], call=world.call_own, user=candidate, role="member"
        )
    assert not CommitteeMember.objects.filter(user=candidate).exists()


def test_committee_page_names_a_member(world, client):
    client.force_login(world.users.coordinator)
    person = UserFactory(first_name="Carla", last_name="Neri")
    url = reverse("calls:evaluation_committee", kwargs={"pk": world.call_own.pk})
    response = client.post(url, {"user": person.pk, "role": "member"})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "Carla Neri" in page


# --- declarations and scores --------------------------------------------------------------


@pytest.fixture
def evaluation(world):
    call = world.call_own
    criteria, proposals = to_evaluation(call, criteria=2, proposals=2)
    return call, criteria, proposals, world.users.evaluator


def _entries(criteria, points=("12", "15"), justification="Ben motivata."):
    return [
        services.ScoreEntry(c.pk, D(p), justification)
        for c, p in zip(criteria, points, strict=True)
    ]


def test_scoring_before_declaring_is_refused(evaluation):
    call, criteria, proposals, user = evaluation
    with pytest.raises(ValidationError) as error:
        services.scores_save(actor=user, proposal=proposals[0], entries=_entries(criteria))
    assert "Dichiara prima" in _messages(error)
    assert not Score.objects.exists()


def test_a_declared_conflict_blocks_scoring_and_hides_the_proposal(evaluation, client):
    call, criteria, proposals, user = evaluation
    with pytest.raises(ValidationError) as error:
        services.conflict_declare(actor=user, proposal=proposals[0], has_conflict=True, note="")
    assert "conflitto" in _messages(error)
    assert not ConflictDeclaration.objects.exists()

    services.conflict_declare(
        actor=user, proposal=proposals[0], has_conflict=True, note="Socio dell'ente."
    )
    with pytest.raises(ValidationError) as error:
        services.scores_save(actor=user, proposal=proposals[0], entries=_entries(criteria))
    assert "conflitto di interessi" in _messages(error)
    assert not Score.objects.exists()
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=user, proposal=proposals[0], has_conflict=False)

    client.force_login(user)
    url = reverse("calls:evaluation_proposal", kwargs={"pk": proposals[0].pk})
    assert client.get(url).status_code == 404
    listing = client.get(reverse("calls:evaluation_evaluator_call", kwargs={"pk": call.pk}))
    assert proposals[0].title not in listing.content.decode()
    assert proposals[1].title in listing.content.decode()


def test_score_above_the_maximum_or_without_justification_changes_nothing(evaluation):
    call, criteria, proposals, user = evaluation
    services.conflict_declare(actor=user, proposal=proposals[0], has_conflict=False)
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            actor=user, proposal=proposals[0], entries=_entries(criteria, points=("12", "20.01"))
        )
    assert error.value.message_dict == {
        f"points_{criteria[1].pk}": ["Al massimo 20,00 punti per “Criterio 2”."]
    }
    with pytest.raises(ValidationError) as error:
        services.scores_save(
            actor=user, proposal=proposals[0], entries=_entries(criteria, justification="  ")
        )
    assert error.value.message_dict[f"justification_{criteria[0].pk}"] == [
        "Motiva il punteggio dato per “Criterio 1”."
    ]
    assert not Score.objects.exists()


def test_the_scoring_page_declares_first_then_scores_with_italian_errors(evaluation, client):
    call, criteria, proposals, user = evaluation
    client.force_login(user)
    url = reverse("calls:evaluation_proposal", kwargs={"pk": proposals[0].pk})
    page = client.get(url).content.decode()
    assert "Dichiarazione" in page and proposals[0].summary not in page

    assert client.post(url, {"declaration": "no"}).status_code == 302
    page = client.get(url).content.decode()
    assert proposals[0].summary in page

    data = {
        f"points_{criteria[0].pk}": "25",
        f"justification_{criteria[0].pk}": "Ottima rete.",
        f"points_{criteria[1].pk}": "10",
        f"justification_{criteria[1].pk}": "",
    }
    page = client.post(url, data).content.decode()
    assert "Al massimo 20,00 punti per “Criterio 1”." in page
    assert "Motiva il punteggio dato per “Criterio 2”." in page
    assert not Score.objects.exists()

    data[f"points_{criteria[0].pk}"] = "18,5"
    data[f"justification_{criteria[1].pk}"] = "Costi congrui."
    assert client.post(url, data).status_code == 302
    assert sorted(Score.objects.values_list("points", flat=True)) == [D("10"), D("18.5")]
    # Editable until the ranking.
    data[f"points_{criteria[1].pk}"] = "11"
    assert client.post(url, data).status_code == 302
    assert Score.objects.get(criterion=criteria[1]).points == D("11")


def test_scoring_is_refused_outside_the_evaluation(evaluation):
    call, criteria, proposals, user = evaluation
    services.conflict_declare(actor=user, proposal=proposals[0], has_conflict=False)
    call.state = CallState.CLOSED
    call.save()
    with pytest.raises(ValidationError) as error:
        services.scores_save(actor=user, proposal=proposals[0], entries=_entries(criteria))
    assert "in valutazione" in _messages(error)
    assert not Score.objects.exists()


def test_a_secretary_does_not_score(evaluation):
    call, criteria, proposals, _user = evaluation
    secretary = evaluator(call, role=CommitteeRole.SECRETARY)
    with pytest.raises(ValidationError):
        services.conflict_declare(actor=secretary, proposal=proposals[0], has_conflict=False)


def test_other_evaluators_scores_stay_hidden_until_everyone_has_scored(evaluation, client, world):
    call, criteria, proposals, first = evaluation
    second = evaluator(call)
    for user in (first, second):
        for proposal in proposals:
            services.conflict_declare(actor=user, proposal=proposal, has_conflict=False)
    services.scores_save(
        actor=first,
        proposal=proposals[0],
        entries=_entries(criteria, justification="Segreto del primo valutatore."),
    )
    assert not services.evaluation_progress(call).complete

    client.force_login(second)
    page = client.get(reverse("calls:evaluation_proposal", kwargs={"pk": proposals[0].pk}))
    assert "Segreto del primo" not in page.content.decode()
    api = client.get(
        reverse("api-1.0.0:evaluation_own_scores", kwargs={"proposal_id": proposals[0].pk}),
        HTTP_AUTHORIZATION=f"Bearer {_token(second)}",
    )
    assert api.status_code == 200 and api.json() == []

    client.force_login(world.users.coordinator)
    progress = client.get(reverse("calls:evaluation_progress", kwargs={"pk": call.pk}))
    text = progress.content.decode()
    assert "Segreto del primo" not in text and "12.00" not in text
    assert "1 / 2" in text  # the first evaluator fully scored one of two proposals
    minutes = client.get(reverse("calls:evaluation_minutes", kwargs={"pk": call.pk}))
    assert minutes.status_code == 404

    # Once everyone has scored everything, the committee sees every evaluator's points.
    services.scores_save(actor=first, proposal=proposals[1], entries=_entries(criteria))
    for proposal in proposals:
        services.scores_save(actor=second, proposal=proposal, entries=_entries(criteria))
    assert services.evaluation_progress(call).complete
    client.force_login(second)
    page = client.get(reverse("calls:evaluation_proposal", kwargs={"pk": proposals[0].pk}))
    assert "Segreto del primo valutatore." in page.content.decode()


def _token(user) -> str:
    from trama.accounts.services import api_token_create

    return api_token_create(actor=user, name="t")[1]


def test_the_api_saves_own_scores_with_the_same_rules(evaluation, client):
    call, criteria, proposals, user = evaluation
    url = reverse("api-1.0.0:evaluation_own_scores_save", kwargs={"proposal_id": proposals[1].pk})
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}
    body = {
        "scores": [
            {"criterion_id": criteria[0].pk, "points": "21", "justification": "Troppo."},
        ]
    }
    response = client.put(url, body, content_type="application/json", **headers)
    assert response.status_code == 422 and "Dichiara prima" in response.content.decode()
    services.conflict_declare(actor=user, proposal=proposals[1], has_conflict=False)
    response = client.put(url, body, content_type="application/json", **headers)
    assert response.status_code == 422 and "Al massimo 20,00 punti" in response.content.decode()
    body["scores"][0]["points"] = "19.5"
    response = client.put(url, body, content_type="application/json", **headers)
    assert response.status_code == 200
    assert response.json()[0]["points"] in ("19.50", 19.5, "19.5")


# --- the ranking and the minutes ------------------------------------------------------------


def _rank_example(world):
    """Three proposals, two evaluators, two criteria (weights 2 and 1); threshold 40.
    Committee (mean) scores: A 18 / 8 → 44; B 20 / 4 → 44; C 10 / 10 → 30.
    Tie A-B on 44: first criterion decides, B (20) before A (18)."""
    call = world.call_own
    call.admission_threshold = D("40")
    call.tie_break = TieBreak.FIRST_CRITERION
    call.save()
    criteria, proposals = to_evaluation(call, criteria=2, proposals=3, leads=[world.org_own])
    criteria[0].weight = D("2")
    criteria[0].save()
    a, b, c = proposals
    second = evaluator(call)
    table = {
        (a.pk, criteria[0].pk): ("17", "19"),
        (a.pk, criteria[1].pk): ("8", "8"),
        (b.pk, criteria[0].pk): ("20", "20"),
        (b.pk, criteria[1].pk): ("3", "5"),
        (c.pk, criteria[0].pk): ("10", "10"),
        (c.pk, criteria[1].pk): ("9", "11"),
    }
    score_everything(
        call,
        [world.users.evaluator, second],
        points=lambda i, p, cr: D(table[(p.pk, cr.pk)][i]),
    )
    return call, criteria, (a, b, c), second


def test_ranking_on_a_hand_computed_example(world, mailoutbox, django_capture_on_commit_callbacks):
    from trama.accounts.tests.factories import grant

    call, criteria, (a, b, c), _second = _rank_example(world)
    applicant = UserFactory(email="socio@example.org")
    grant(applicant, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, world.org_own.pk)

    with django_capture_on_commit_callbacks(execute=True):
        services.call_rank(actor=world.users.coordinator, call=call)

    call.refresh_from_db()
    assert call.state == CallState.RANKED
    rows = {p.pk: (p.rank, p.committee_score, p.state) for p in Proposal.objects.filter(call=call)}
    assert rows == {
        b.pk: (1, D("44.00"), ProposalState.SELECTED),
        a.pk: (2, D("44.00"), ProposalState.SELECTED),
        c.pk: (3, D("30.00"), ProposalState.NOT_SELECTED),
    }
    # Proposal A's lead is world.org_own: its two members hear the result, nobody else.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        ["socio@example.org", world.users.ets_member.email]
    )
    assert "44.00 punti ed è in posizione 2" in mailoutbox[0].body
    assert "selezionata per la co-progettazione" in mailoutbox[0].body
    # Scoring is closed now.
    with pytest.raises(ValidationError):
        services.scores_save(
            actor=world.users.evaluator,
            proposal=Proposal.objects.get(pk=a.pk),
            entries=[services.ScoreEntry(criteria[0].pk, D("1"), "x")],
        )


def test_ranking_is_refused_until_everyone_has_scored(world):
    call = world.call_own
    criteria, proposals = to_evaluation(call)
    evaluator(call)  # has not scored
    score_everything(call, [world.users.evaluator])
    with pytest.raises(ValidationError) as error:
        services.call_rank(actor=world.users.coordinator, call=call)
    assert "ogni membro della commissione" in _messages(error)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATION
    assert not Proposal.objects.filter(rank__isnull=False).exists()


def test_a_conflicted_member_is_not_waited_for(world):
    call = world.call_own
    criteria, proposals = to_evaluation(call, proposals=1)
    other = evaluator(call)
    ConflictDeclaration.objects.create(
        proposal=proposals[0],
        evaluator=other,
        has_conflict=True,
        note="Parente",
        declared_at=call.created_at,
    )
    score_everything(call, [world.users.evaluator])
    assert services.evaluation_progress(call).complete


def test_the_minutes_pdf_shows_committee_conflicts_scores_and_ranking(world, client, tmp_path):
    call, criteria, (a, b, c), second = _rank_example(world)
    ConflictDeclaration.objects.filter(proposal=c, evaluator=second).delete()
    Score.objects.filter(proposal=c, evaluator=second).delete()
    ConflictDeclaration.objects.create(
        proposal=c,
        evaluator=second,
        has_conflict=True,
        note="Socia dell'ente",
        declared_at=call.created_at,
    )
    services.call_rank(actor=world.users.coordinator, call=call)

    client.force_login(world.users.evaluator)  # a committee member may download it
    url = reverse("calls:evaluation_minutes", kwargs={"pk": call.pk})
    before = AccessLogEntry.objects.filter(action="export").count()
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert AccessLogEntry.objects.filter(action="export").count() == before + 1
    if os.environ.get("KEEP_MINUTES"):
        Path(os.environ["KEEP_MINUTES"]).write_bytes(response.content)
    text = pdf_text(response.content)
    assert "Verbale della commissione di valutazione" in text
    assert "Graduatoria" in text
    ranking_part = text.split("Graduatoria", 1)[1]
    assert ranking_part.index(b.title) < ranking_part.index(a.title) < ranking_part.index(c.title)
    assert "44,00" in text and "Selezionata" in text
    assert "Socia dell'ente" in text  # the conflict declared
    assert "Motivazione." in text  # the evaluators' justifications
    assert str(second.get_full_name() or second.username) in text

    client.force_login(world.users.coordinator)
    response = client.post(reverse("calls:evaluation_ranking", kwargs={"pk": call.pk}))
    assert response.status_code == 302, response.content.decode()[-3000:]
    document = CallDocument.objects.get(call=call)
    assert document.kind == "minutes" and document.size > 1000


def test_ranking_without_proposals_says_so(world):
    call = world.call_own
    to_evaluation(call, proposals=0)
    with pytest.raises(ValidationError) as error:
        services.call_rank(actor=world.users.coordinator, call=call)
    assert "Nessuna proposta è in valutazione" in _messages(error)
    call.refresh_from_db()
    assert call.state == CallState.EVALUATION
