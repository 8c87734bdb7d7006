"""Searching people by name ignores apostrophes, spaces and word order (issue 9, item 6),
besides accents, case and doubled letters (decision 0004) — on SQLite and on PostgreSQL."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trama.people import selectors
from trama.people.names import person_search_name, search_terms
from trama.people.selectors import PersonFilters
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    """A few neighbours whose names a hub operator may mishear or mistype."""
    hub = world.hub_own
    return {
        "dangelo": PersonFactory(last_name="D'Angelo", first_name="Carla", reference_hub=hub),
        "angeli": PersonFactory(last_name="Angeli", first_name="Bruno", reference_hub=hub),
        "deluca": PersonFactory(last_name="De Luca", first_name="Bianchi", reference_hub=hub),
        "bianchi": PersonFactory(last_name="Bianchi", first_name="Luca", reference_hub=hub),
        "rossi": PersonFactory(last_name="Rossi", first_name="Niccolò", reference_hub=hub),
        "grazia": PersonFactory(last_name="Ferrero", first_name="Maria-Grazia", reference_hub=hub),
    }


def _found(world, query: str) -> set[str]:
    found = selectors.person_list(user=world.users.operator, filters=PersonFilters(search=query))
    return {str(person) for person in found}


@pytest.mark.parametrize("query", ["DAngelo", "d angelo", "d'angelo", "D’Angelo", "dangel"])
def test_apostrophes_and_spaces_do_not_matter(world, people, query):
    assert _found(world, query) == {"D'Angelo Carla"}


@pytest.mark.parametrize(
    "query", ["Bianchi De Luca", "De Luca Bianchi", "luca de bianchi", "DeLuca Bianchi"]
)
def test_the_order_of_the_words_does_not_matter(world, people, query):
    assert _found(world, query) == {"De Luca Bianchi"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Nicolo", {"Rossi Niccolò"}),  # accents and a doubled letter
        ("ROSI", {"Rossi Niccolò"}),  # case and a doubled letter
        ("niccolo rossi", {"Rossi Niccolò"}),
        ("ross", {"Rossi Niccolò"}),  # a partial word, as before
        ("angel", {"D'Angelo Carla", "Angeli Bruno"}),
        ("maria grazia", {"Ferrero Maria-Grazia"}),
        ("mariagrazia", {"Ferrero Maria-Grazia"}),
        ("bianchi", {"De Luca Bianchi", "Bianchi Luca"}),
    ],
)
def test_what_was_found_before_is_still_found(world, people, query, expected):
    assert _found(world, query) == expected


@pytest.mark.parametrize("query", ["'", " - ", "|"])
def test_a_query_without_letters_finds_no_one(world, people, query):
    assert _found(world, query) == set()


def test_an_exact_codice_fiscale_still_finds_the_person(world):
    PersonFactory(
        last_name="Verdi",
        first_name="Anna",
        reference_hub=world.hub_own,
        fiscal_code="RSSMRA50C41L219O",
    )
    assert _found(world, "rssmra50c41l219o") == {"Verdi Anna"}


def test_the_search_stays_in_the_users_scope(world, people):
    PersonFactory(last_name="D'Angelo", first_name="Elsewhere")  # another hub
    assert _found(world, "dangelo") == {"D'Angelo Carla"}


def test_the_people_page_and_the_api_use_the_same_search(client, world, people):
    client.force_login(world.users.operator)
    page = client.get(reverse("people:list"), {"q": "Bianchi De Luca"}).content.decode()
    assert "De Luca" in page
    assert "1 persona trovata" in page
    assert "in qualsiasi ordine (accenti, apostrofi e spazi non contano)" in page
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    items = client.get(reverse("api-1.0.0:person_list"), {"q": "DAngelo"}, **headers).json()
    assert [item["last_name"] for item in items["items"]] == ["D'Angelo"]


def test_a_search_of_several_words_costs_the_same_queries_whatever_the_matches(client, world):
    client.force_login(world.users.operator)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("people:list"), {"q": "d angelo"})
            assert response.status_code == 200
        return len(captured)

    PersonFactory(last_name="D'Angelo", reference_hub=world.hub_own)
    few = queries()
    PersonFactory.create_batch(20, last_name="Dell'Angelo", reference_hub=world.hub_own)
    assert queries() == few


def test_the_list_still_sorts_by_last_then_first_name(world, people):
    found = selectors.person_list(user=world.users.operator)
    assert [person.last_name for person in found] == [
        "Angeli",
        "Bianchi",
        "D'Angelo",
        "De Luca",
        "Ferrero",
        "Rossi",
    ]


def test_the_key_holds_the_sorting_name_then_the_sorted_words():
    assert person_search_name("Maria Pia", "D'Angelo") == (
        "d'angelo maria pia | angelo d dangelo maria mariapia pia"
    )
    assert search_terms("  D'Àngelo  de-LUCA ") == ["dangelo", "deluca"]


def test_the_migration_recomputes_the_keys_but_not_of_the_anonymised(world):
    migration = importlib.import_module("trama.people.migrations.0005_search_name_words")
    kept = PersonFactory(last_name="D'Angelo", first_name="Carla", search_name="d'angelo carla")
    erased = PersonFactory(search_name="", anonymized_at=timezone.now())
    migration.forward(django_apps, None)
    kept.refresh_from_db()
    erased.refresh_from_db()
    assert kept.search_name == person_search_name("Carla", "D'Angelo")
    assert erased.search_name == ""
    migration.backward(django_apps, None)
    kept.refresh_from_db()
    assert kept.search_name == "d'angelo carla | carla d'angelo"


@pytest.mark.postgres
def test_a_search_of_several_words_is_answered_from_the_trigram_index(world, people):
    """On PostgreSQL each term's "contains" is served by the pg_trgm index, not a full scan
    (for a reader of the whole consortium: a hub's operator is narrowed by the hub first)."""
    queryset = selectors.person_list(
        user=world.users.coordinator, filters=PersonFilters(search="Bianchi De Luca")
    )
    with connection.cursor() as cursor:
        # A tiny test table would be scanned anyway (or walked along a b-tree index): leave
        # the planner only the paths an index condition can drive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_search_name_trgm" in plan, plan
