"""The matching pages: who waits, a run started from the page with its rules, the proposed
pairs explained criterion by criterion and those left out with the reason."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.core.testing import assert_query_budget, captured_sql
from trama.territory.tests.factories import municipality
from trama.volunteering import services
from trama.volunteering.models import MatchingRun
from trama.volunteering.services.matching import WEIGHTED
from trama.volunteering.tests.elders import elder, referred_person, volunteer

pytestmark = pytest.mark.django_db


def _rules(max_km=25, **weights):
    return {"max_km": max_km, **{f"weight_{c}": weights.get(str(c), 2) for c in WEIGHTED}}


@pytest.fixture
def supervisor(client, world):
    client.force_login(world.users.supervisor)
    return world.users.supervisor


def test_the_page_lists_who_waits_since_when(client, supervisor):
    elder(supervisor, person=referred_person(first_name="Maria", last_name="D'Agostino"))
    page = client.get(reverse("volunteering:matching")).content.decode()
    assert "D&#x27;Agostino Maria" in page
    assert "In attesa dal" in page and "Avvia l'abbinamento" in page


def test_a_run_from_the_page_explains_each_pair_and_each_left_out(client, supervisor):
    elder(supervisor, person=referred_person(first_name="Maria"))
    elder(
        supervisor,
        person=referred_person(first_name="Teresa", municipality=municipality("Villarbasse")),
        slots=["sun-pm"],
    )
    volunteer("Anna")
    response = client.post(reverse("volunteering:matching"), _rules(max_km=30))
    run = MatchingRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering:matching_run", args=[run.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Coppie proposte" in page and "Maria" in page and "Anna" in page
    assert "Disponibilità in comune" in page and "Tempo di attesa" in page
    assert "Teresa" in page and "nessun volontario è libero negli stessi orari" in page
    assert (
        "Abbinamento eseguito: 1 coppie proposte."
        in client.get(reverse("volunteering:matching")).content.decode()
        or MatchingRun.objects.count() == 1
    )


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        (_rules(max_km=0), "Assicurati che questo valore sia maggiore o uguale a 1."),
        (
            _rules(**{str(WEIGHTED[0]): 11}),
            "Assicurati che questo valore sia minore o uguale a 10.",
        ),
        (_rules(**{str(c): 0 for c in WEIGHTED}), "Almeno un peso deve essere maggiore di zero."),
    ],
)
def test_bad_rules_are_explained_and_run_nothing(client, supervisor, rules, message):
    elder(supervisor, person=referred_person(first_name="Maria"))
    volunteer("Anna")
    response = client.post(reverse("volunteering:matching"), rules)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MatchingRun.objects.exists()


def test_with_nobody_waiting_the_page_says_so(client, supervisor):
    response = client.post(reverse("volunteering:matching"), _rules())
    assert response.status_code == 200
    assert "Nessuno è in attesa: non ci sono anziani da abbinare." in response.content.decode()
    assert not MatchingRun.objects.exists()


# Absolute budgets of the two pages, whatever the number of elders, volunteers and runs.
BUDGET_MATCHING = 5
BUDGET_MATCHING_RUN = 10  # the read logged, and which elders are already paired


def _page_queries(client, url: str) -> list[str]:
    client.get(url)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured_sql(captured)


def _population(supervisor, start: int, size: int) -> None:
    for n in range(start, start + size):
        elder(supervisor, person=referred_person(first_name=f"Anziana{n}"))
        volunteer(f"Volontaria{n}")


def test_the_matching_pages_queries_do_not_grow(client, supervisor):
    # One elder nobody is free for, so each run page also names someone left out.
    elder(supervisor, person=referred_person(first_name="Teresa"), slots=["sun-pm"])
    _population(supervisor, 0, 2)
    small_run = services.matching_run(actor=supervisor)
    few = {
        "matching": _page_queries(client, reverse("volunteering:matching")),
        "run": _page_queries(client, reverse("volunteering:matching_run", args=[small_run.pk])),
    }
    _population(supervisor, 2, 12)
    large_run = services.matching_run(actor=supervisor)
    assert large_run.proposals.count() > small_run.proposals.count()
    many = {
        "matching": _page_queries(client, reverse("volunteering:matching")),
        "run": _page_queries(client, reverse("volunteering:matching_run", args=[large_run.pk])),
    }
    assert_query_budget(few["matching"], many["matching"], budget=BUDGET_MATCHING, label="matching")
    assert_query_budget(few["run"], many["run"], budget=BUDGET_MATCHING_RUN, label="run")
