"""The coordinator's list of a call's proposals (issue 9, point 12): the committee total and
per-criterion means once scored, sorting by any column, pagination, CSV/XLSX exports."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trama.audit.models import AccessLogEntry, Action
from trama.calls.models import Proposal
from trama.calls.selectors.proposal_list import PAGE_SIZE
from trama.calls.services.evaluation import call_rank
from trama.calls.tests.evaluation_setup import evaluator, score_everything, to_evaluation
from trama.calls.tests.factories import CallFactory

# (evaluator index, proposal title, criterion title) → points
POINTS = {
    (0, "Proposta 1", "Criterio 1"): "10.00",
    (1, "Proposta 1", "Criterio 1"): "10.01",  # mean 10.005 → 10.01 (half up)
    (0, "Proposta 1", "Criterio 2"): "4.00",
    (1, "Proposta 1", "Criterio 2"): "5.00",  # 4.50
    (0, "Proposta 2", "Criterio 1"): "16.00",
    (1, "Proposta 2", "Criterio 1"): "19.00",  # 17.50
    (0, "Proposta 2", "Criterio 2"): "2.00",
    (1, "Proposta 2", "Criterio 2"): "3.00",  # 2.50
    (0, "Proposta 3", "Criterio 1"): "1.00",
    (1, "Proposta 3", "Criterio 1"): "2.00",  # 1.50
    (0, "Proposta 3", "Criterio 2"): "20.00",
    (1, "Proposta 3", "Criterio 2"): "19.00",  # 19.50
}


def _points(index, proposal, criterion) -> Decimal:
    return Decimal(POINTS[(index, proposal.title, criterion.title)])


@pytest.fixture
def scored(world):
    """A call under evaluation, three proposals, two evaluators who scored everything."""
    call = CallFactory(title="Avviso con punteggi")
    criteria, proposals = to_evaluation(call, criteria=2, proposals=3)
    budgets = ["30000.50", "1234.56", "20000.00"]
    for proposal, budget in zip(proposals, budgets, strict=True):
        proposal.total_budget = Decimal(budget)
        proposal.save()
    score_everything(call, [evaluator(call), evaluator(call)], points=_points)
    return call, criteria, proposals


def _page(client, world, call, query: str = "") -> str:
    client.force_login(world.users.coordinator)
    response = client.get(reverse("calls:call_proposals", args=[call.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def _titles(page: str) -> list[str]:
    return re.findall(r'<th scope="row" class="fw-normal"><a href="[^"]+">([^<]+)</a>', page)


def _cells(page: str, title: str) -> list[str]:
    row = re.search(rf">{title}</a></th>(.*?)</tr>", page, re.S).group(1)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]


def test_means_appear_once_the_committee_has_scored_and_the_total_once_ranked(
    client, world, scored
):
    call, _criteria, _proposals = scored

    page = _page(client, world, call)

    assert "Media: Criterio 1" in page and "Media: Criterio 2" in page
    # budget, submitted, total (not computed yet), mean 1, mean 2
    cells = _cells(page, "Proposta 1")
    assert cells[-3:] == ["—non ancora calcolato", "10,01", "4,50"]
    assert _cells(page, "Proposta 3")[-2:] == ["1,50", "19,50"]

    call_rank(actor=world.users.coordinator, call=call)
    page = _page(client, world, call)

    totals = dict(Proposal.objects.filter(call=call).values_list("title", "committee_score"))
    assert totals["Proposta 1"] == Decimal("14.51")
    assert _cells(page, "Proposta 1")[-3:] == ["14,51", "10,01", "4,50"]
    assert _cells(page, "Proposta 2")[-3:] == ["20,00", "17,50", "2,50"]


def test_no_score_is_shown_while_the_committee_is_still_scoring(client, world):
    call = CallFactory()
    to_evaluation(call, criteria=2, proposals=2)
    first, _second = evaluator(call), evaluator(call)
    score_everything(call, [first])  # the second member has not scored yet

    page = _page(client, world, call)

    assert "Media:" not in page and "Totale della commissione" not in page
    assert "appariranno qui" in page
    assert _titles(page) == ["Proposta 1", "Proposta 2"]


@pytest.mark.parametrize(
    ("sort", "expected", "header", "aria"),
    [
        ("", ["Proposta 1", "Proposta 2", "Proposta 3"], "Presentata il", "ascending"),
        ("title", ["Proposta 1", "Proposta 2", "Proposta 3"], "Proposta", "ascending"),
        ("-title", ["Proposta 3", "Proposta 2", "Proposta 1"], "Proposta", "descending"),
        ("budget", ["Proposta 2", "Proposta 3", "Proposta 1"], "Totale (€)", "ascending"),
        ("-budget", ["Proposta 1", "Proposta 3", "Proposta 2"], "Totale (€)", "descending"),
        ("-c1", ["Proposta 2", "Proposta 1", "Proposta 3"], "Media: Criterio 1", "descending"),
        ("c2", ["Proposta 2", "Proposta 1", "Proposta 3"], "Media: Criterio 2", "ascending"),
        ("-total", ["Proposta 3", "Proposta 2", "Proposta 1"], "Totale della", "descending"),
        # Not a column: the order of submission, never an error.
        ("committee_score", ["Proposta 1", "Proposta 2", "Proposta 3"], "Presentata", "ascending"),
        ("-lead__fiscal_code", ["Proposta 1", "Proposta 2", "Proposta 3"], "Presentata", None),
    ],
)
def test_the_list_sorts_by_any_column_with_aria_sort_on_its_header(
    client, world, scored, sort, expected, header, aria
):
    call, criteria, _proposals = scored
    call_rank(actor=world.users.coordinator, call=call)
    sort = re.sub(r"c(\d)", lambda m: f"c{criteria[int(m.group(1)) - 1].pk}", sort)

    page = _page(client, world, call, f"?sort={sort}")

    assert _titles(page) == expected
    sorted_headers = re.findall(r'<th scope="col"[^>]* aria-sort="(\w+)"><a[^>]*>([^<]+)</a>', page)
    assert len(sorted_headers) == 1
    assert sorted_headers[0][0] == (aria or "ascending")
    assert sorted_headers[0][1].startswith(header)


def test_equal_values_keep_a_stable_order_by_id(client, world, scored):
    call, _criteria, proposals = scored
    Proposal.objects.filter(call=call).update(total_budget=Decimal("500.00"))
    ids = sorted(p.pk for p in proposals)
    by_id = [Proposal.objects.get(pk=pk).title for pk in ids]

    assert _titles(_page(client, world, call, "?sort=budget")) == by_id
    assert _titles(_page(client, world, call, "?sort=-budget")) == by_id


def test_header_links_reverse_the_sorted_column_and_go_back_to_the_first_page(
    client, world, scored
):
    call, _criteria, _proposals = scored
    page = _page(client, world, call, "?sort=title&page=1")
    assert 'href="?sort=-title&amp;page=1">Proposta</a>' in page
    assert 'href="?sort=budget&amp;page=1">Totale (€)</a>' in page


def test_the_list_is_paginated_by_25(client, world):
    call = CallFactory()
    to_evaluation(call, criteria=1, proposals=PAGE_SIZE + 5)

    first = _page(client, world, call, "?sort=title")
    second = _page(client, world, call, "?sort=title&page=2")
    beyond = _page(client, world, call, "?sort=title&page=99")

    assert len(_titles(first)) == PAGE_SIZE
    assert len(_titles(second)) == 5
    assert _titles(beyond) == _titles(second)
    assert not set(_titles(first)) & set(_titles(second))
    assert "Pagina 1 di 2" in first
    assert 'href="?sort=title&amp;page=2"' in first
    assert f"{PAGE_SIZE + 5} proposte presentate" in first


def _export(client, world, call, file_format: str, sort: str = ""):
    client.force_login(world.users.coordinator)
    url = reverse("calls:call_proposals_export", args=[call.pk, file_format])
    return client.get(url + (f"?sort={sort}" if sort else ""))


def test_the_csv_export_has_italian_headers_decimal_commas_and_the_page_order(
    client, world, scored
):
    call, _criteria, _proposals = scored
    call_rank(actor=world.users.coordinator, call=call)
    client.cookies["django_language"] = "en"  # the export stays in Italian

    response = _export(client, world, call, "csv", sort="-budget")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert f"proposte-avviso-{call.pk}-" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Proposta",
        "Ente capofila",
        "Stato",
        "Totale (€)",
        "Presentata il (ora italiana)",
        "Totale della commissione",
        "Media: Criterio 1",
        "Media: Criterio 2",
    ]
    assert [row[0] for row in rows[1:]] == ["Proposta 1", "Proposta 3", "Proposta 2"]
    assert rows[1][3] == "30000,50"
    assert rows[1][5:] == ["14,51", "10,01", "4,50"]
    entry = AccessLogEntry.objects.filter(action=Action.EXPORT).latest("at")
    assert entry.object_id == str(call.pk)
    assert entry.details["what"] == "proposals"
    assert entry.details["format"] == "csv"
    assert entry.details["count"] == 3


def test_the_xlsx_export_keeps_numbers_as_numbers(client, world, scored):
    call, _criteria, _proposals = scored

    response = _export(client, world, call, "xlsx", sort="title")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Proposta", "Ente capofila")
    assert rows[0][5:] == ("Totale della commissione", "Media: Criterio 1", "Media: Criterio 2")
    assert rows[1][0] == "Proposta 1"
    assert rows[1][2] == "Ammissibile"
    assert rows[1][3] == pytest.approx(30000.50)
    assert rows[1][5] is None  # not ranked yet
    assert rows[1][6:] == (pytest.approx(10.01), pytest.approx(4.5))
    assert AccessLogEntry.objects.filter(action=Action.EXPORT, details__format="xlsx").count() == 1


def test_an_unknown_export_format_is_refused_and_not_logged(client, world, scored):
    call, _criteria, _proposals = scored

    response = _export(client, world, call, "pdf")

    assert response.status_code == 400
    assert "Formato di esportazione sconosciuto" in response.content.decode()
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()


def test_the_list_and_its_export_of_an_unknown_call_answer_404(client, world):
    client.force_login(world.users.coordinator)
    assert client.get(reverse("calls:call_proposals", args=[999_999])).status_code == 404
    response = client.get(reverse("calls:call_proposals_export", args=[999_999, "csv"]))
    assert response.status_code == 404
    assert not AccessLogEntry.objects.filter(action=Action.EXPORT).exists()
