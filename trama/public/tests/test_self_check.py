"""The anonymous self-check: projects that may fit, the nearest hub, nothing stored."""

import logging
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.eligibility.rules import (
    AgeBetween,
    All,
    IseeAtMost,
    LivesAloneOrWeakNetwork,
    ResidentIn,
    rule_to_dict,
)
from trama.projects.models import ProjectEligibility
from trama.projects.tests.factories import ProjectFactory
from trama.territory.tests.factories import HubFactory, municipality

pytestmark = pytest.mark.django_db

URL = "/quali-progetti/"
WRITE_STATEMENTS = ("INSERT", "UPDATE", "DELETE", "REPLACE", "MERGE", "CREATE", "ALTER", "DROP")


def _row_counts() -> dict[str, int]:
    """Every table's row count: nothing may change, whatever wrote it."""
    return {model._meta.label: model._base_manager.count() for model in apps.get_models()}


def _project(name, rule, **fields):
    project = ProjectFactory(name=name, **fields)
    ProjectEligibility.objects.create(project=project, rule=rule_to_dict(rule))
    return project


@pytest.fixture
def projects():
    collegno = municipality("Collegno")
    return {
        "elders": _project(
            "Mi affido a te",
            All((AgeBetween(min_age=65), LivesAloneOrWeakNetwork())),
        ),
        "food": _project(
            "Solidarietà Alimentare",
            All((ResidentIn(frozenset({collegno.istat_code})), IseeAtMost(Decimal("9360")))),
        ),
        "hidden": _project("Riservato", AgeBetween(min_age=0), is_public=False),
    }


def test_the_url_and_the_menu():
    assert reverse("public:self_check") == URL


def test_the_result_lists_what_fits_what_may_and_the_nearest_hub(client, projects):
    collegno = municipality("Collegno")
    HubFactory(name="Spazio AnCoRe Collegno", municipality=collegno)
    response = client.post(URL, {"age": "70", "lives_alone": "yes", "municipality": collegno.pk})
    html = response.content.decode()
    assert response.status_code == 200
    fits, _sep, rest = html.partition("Progetti che potrebbero fare per te")
    assert "Mi affido a te" in fits and "Solidarietà Alimentare" not in fits
    assert "Solidarietà Alimentare" in rest and "Dipende dal valore di un ISEE valido." in rest
    assert "Riservato" not in html
    assert "Spazio AnCoRe Collegno" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_questions_say_tu_and_the_explanations_read_as_italian(client, projects):
    """Issue 9: "Vive da solo/a?" (lei) came from the screening's catalogue, and the result read
    "dipende da il valore", "dipende da se vivi"."""
    html = client.get(URL).content.decode()
    assert "Vivi da solo/a?" in html and "Vive da solo/a?" not in html
    html = client.post(URL, {"age": ""}).content.decode()  # answered nothing
    assert "Dipende dal comune in cui vivi e dal valore di un ISEE valido." in html
    assert "Dipende dalla tua età, dal fatto che tu viva da solo/a e dal fatto che" in html
    assert "da il " not in html and "da se " not in html
    html = client.post("/en" + URL, {"age": ""}).content.decode()
    assert "It depends on the municipality where you live and on the value of a valid ISEE." in html


def test_a_failing_answer_hides_the_project(client, projects):
    html = client.post(URL, {"age": "30", "lives_alone": "no"}).content.decode()
    assert "Mi affido a te" not in html


def test_nothing_the_visitor_types_is_stored_or_logged(client, projects, caplog):
    caplog.set_level(logging.DEBUG)
    answers = {
        "age": "87",
        "municipality": municipality("Collegno").pk,
        "isee": "7123.45",
        "lives_alone": "yes",
        "family_network": "none",
        "atc_tenant": "yes",
        "in_charge_uvg": "no",
        "household_has_minors": "no",
    }
    client.get(URL)  # the visitor opens the page (the CSRF cookie is not a session)
    before = _row_counts()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, answers)
    assert response.status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(WRITE_STATEMENTS)
    ]
    assert writes == []
    assert _row_counts() == before
    assert "sessionid" not in response.cookies and not client.session.keys()
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for value in ("7123", "87", "Collegno"):
        assert value not in logged
    assert "Mi affido a te" in response.content.decode()


def test_bad_input_is_refused_with_a_message(client, projects):
    response = client.post(URL, {"age": "-3", "isee": "abc"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "I progetti per te" not in html
    assert html.count('class="errorlist"') == 2
