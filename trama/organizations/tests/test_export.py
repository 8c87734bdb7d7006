import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from trama.audit.models import AccessLogEntry
from trama.organizations.models import ActivitySector
from trama.organizations.tests.factories import OrganizationFactory
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db

EXPORT = reverse("organizations:export")


@pytest.fixture
def injected(world):
    organization = OrganizationFactory(
        name='=HYPERLINK("http://evil.example","clic")', municipality=municipality("Rosta")
    )
    organization.sectors.set(ActivitySector.objects.filter(code__in=["a", "u"]))
    organization.municipalities_served.set([municipality("Rosta"), municipality("Rivoli")])
    return organization


def _csv_rows(response) -> list[dict[str, str]]:
    content = response.content
    assert content.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_csv_export_content_and_formula_injection(login, world, injected):
    response = login("coordinator").get(EXPORT, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="organizzazioni-')
    rows = {row["id"]: row for row in _csv_rows(response)}
    assert len(rows) == 4
    row = rows[str(injected.pk)]
    assert row["name"] == '\'=HYPERLINK("http://evil.example","clic")'
    assert (row["sectors"], row["municipality_istat"], row["municipality"]) == (
        "a u",
        "001228",
        "Rosta",
    )
    assert row["municipalities_served"] == "001219 001228"  # by name: Rivoli, Rosta
    assert row["fiscal_code"] == injected.fiscal_code


def test_xlsx_export_keeps_the_filters_and_is_audited(login, world, injected):
    response = login("dpo").get(EXPORT, {"format": "xlsx", "q": "hyperlink", "kind": "ets"})
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert header[:3] == ["id", "name", "kind"]
    assert len(rows) == 1
    assert rows[0][1] == '\'=HYPERLINK("http://evil.example","clic")'
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id) == ("export", world.users.dpo.pk)
    assert entry.details == {
        "format": "xlsx",
        "filters": {"search": "hyperlink", "kind": "ets"},
        "count": 1,
    }


def test_an_ets_member_exports_only_its_own_organisation(login, world, injected):
    rows = _csv_rows(login("ets_member").get(EXPORT))
    assert [row["name"] for row in rows] == ["Auser Prova"]


def test_an_unknown_format_is_refused_and_not_logged(login, world):
    response = login("coordinator").get(EXPORT, {"format": "pdf"})
    assert response.status_code == 400
    assert not AccessLogEntry.objects.filter(action="export").exists()
