import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from trama.audit.models import AccessLogEntry
from trama.organizations.importing import COLUMNS, check_rows
from trama.organizations.models import Organization
from trama.organizations.services import OrganizationImportError, organization_import
from trama.organizations.tests.factories import csv_upload, valid_numeric_fiscal_code
from trama.organizations.views import IMPORT_SESSION_PREFIX

pytestmark = pytest.mark.django_db

IMPORT = reverse("organizations:import")
HEADER = "name;kind;legal_form;fiscal_code;runts_section;runts_number;municipality_istat;sectors;municipalities_served"
GOOD_ROWS = [
    f"Associazione Il Ponte;ets;aps;{valid_numeric_fiscal_code(1)};b;123;001090;a, u;001090 001120",
    f"Cooperativa Sociale Società Nuova;;Cooperativa sociale;{valid_numeric_fiscal_code(2)};d;;1219;p;",
    "Gruppo del Parco;ets;informal_group;;;;;;",
]


def _wrong_check_digit(code: str) -> str:
    return code[:-1] + str((int(code[-1]) + 1) % 10)


def _csv(*rows: str) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def _upload(client, upload):
    """Upload, then follow to the preview page (its first page)."""
    return client.post(IMPORT, {"file": upload}, follow=True)


def _pending(client) -> list[str]:
    return [key for key in list(client.session.keys()) if key.startswith(IMPORT_SESSION_PREFIX)]


def _fresh() -> set[str]:
    return set(Organization.objects.values_list("name", flat=True))


def test_preview_then_confirm_imports_every_row_in_one_go(login, world):
    client = login("coordinator")
    before = _fresh()
    preview = _upload(client, csv_upload(_csv(*GOOD_ROWS)))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Importa 3 organizzazioni" in page
    assert _fresh() == before  # nothing until the confirmation
    (key,) = _pending(client)
    assert key.removeprefix(IMPORT_SESSION_PREFIX) == preview.context["token"]
    assert f'value="{preview.context["token"]}"' in page
    assert (
        "Associazione Il Ponte" not in page.split('name="token"')[1].split(">")[0]
    )  # rows stay server-side

    response = client.post(IMPORT, {"token": preview.context["token"]})
    assert response.status_code == 302
    assert _fresh() - before == {
        "Associazione Il Ponte",
        "Cooperativa Sociale Società Nuova",
        "Gruppo del Parco",
    }
    ponte = Organization.objects.get(name="Associazione Il Ponte")
    assert (ponte.runts_section.code, ponte.runts_number, ponte.municipality.name) == (
        "b",
        "123",
        "Collegno",
    )
    assert sorted(s.code for s in ponte.sectors.all()) == ["a", "u"]
    assert sorted(m.name for m in ponte.municipalities_served.all()) == ["Collegno", "Grugliasco"]
    coop = Organization.objects.get(name="Cooperativa Sociale Società Nuova")
    assert (coop.kind, coop.legal_form, coop.municipality.name) == ("ets", "social_coop", "Rivoli")
    assert coop.search_name == "cooperativa sociale societa nuova"
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id) == ("import", world.users.coordinator.pk)
    assert entry.details["count"] == 3
    assert entry.details["source"] == "organizzazioni.csv"
    assert _pending(client) == []
    assert client.post(IMPORT, {"token": preview.context["token"]}).status_code == 302  # not twice
    assert Organization.objects.filter(name="Gruppo del Parco").count() == 1


def test_every_error_is_reported_by_line_and_column(login, world):
    bad = [
        GOOD_ROWS[0],
        f"CF sbagliato;ets;aps;{_wrong_check_digit(valid_numeric_fiscal_code(3))};;;;;",
        "Comune ignoto;ets;aps;;;;999999;;",
        "Forma ignota;ets;spa;;;;;;",
        "Settore ignoto;ets;aps;;;;;a zz;",
        "Sezione ignota;ets;aps;;h;;;;",
        f"Doppione nel file;ets;aps;{valid_numeric_fiscal_code(1)};;;;;",
        f"Doppione in anagrafe;ets;aps;{world.org_other.fiscal_code};;;;;",
        ";ets;aps;;;;;;",
        "Serviti ignoti;ets;aps;;;;;;001090 123456",
    ]
    response = _upload(login("admin"), csv_upload(_csv(*bad)))
    errors = {row.line: row.errors for row in response.context["rows"]}
    assert errors[2] == []
    assert [column for column, _ in errors[3]] == ["fiscal_code"]
    assert "non è valido" in errors[3][0][1]
    assert errors[4] == [("municipality_istat", "Codice ISTAT del comune “999999” sconosciuto.")]
    assert errors[5][0][0] == "legal_form" and "“spa” sconosciuta" in errors[5][0][1]
    assert errors[6][0][0] == "sectors" and "zz" in errors[6][0][1]
    assert errors[7][0][0] == "runts_section"
    assert errors[8] == [("fiscal_code", "Lo stesso codice fiscale è già alla riga 2 del file.")]
    assert errors[9] == [("fiscal_code", "Un'altra organizzazione ha già questo codice fiscale.")]
    assert [column for column, _ in errors[10]] == ["name"]
    assert errors[11] == [
        ("municipalities_served", "Codice/i ISTAT di comune sconosciuto/i: 123456.")
    ]
    page = response.content.decode()
    assert "9 righe contengono errori" in page
    assert 'name="token"' not in page  # no confirm button
    assert page.count("trama-row-error") == 9


def test_one_bad_row_imports_nothing_even_when_confirmed(world):
    before = _fresh()
    rows = [
        {"name": "Buona", "legal_form": "aps"},
        {"name": "Cattiva", "legal_form": "aps", "fiscal_code": "95546580011"},
    ]
    with pytest.raises(OrganizationImportError) as error:
        organization_import(actor=world.users.coordinator, rows=rows)
    assert error.value.messages == ["1 riga contiene errori: non è stato importato nulla."]
    assert [(row.line, [c for c, _ in row.errors]) for row in error.value.rows] == [
        (2, []),
        (3, ["fiscal_code"]),
    ]
    assert _fresh() == before
    assert not AccessLogEntry.objects.filter(action="import").exists()


def test_confirm_checks_again_what_changed_since_the_preview(login, world):
    client = login("coordinator")
    preview = _upload(client, csv_upload(_csv(GOOD_ROWS[0])))
    Organization.objects.filter(pk=world.org_other.pk).update(
        fiscal_code=valid_numeric_fiscal_code(1)
    )
    response = client.post(IMPORT, {"token": preview.context["token"]}, follow=True)
    assert response.status_code == 200
    assert 'name="token"' not in response.content.decode()
    assert response.context["rows"][0].errors == [
        ("fiscal_code", "Un'altra organizzazione ha già questo codice fiscale.")
    ]
    assert not Organization.objects.filter(name="Associazione Il Ponte").exists()


def test_an_unknown_token_asks_to_upload_again(login, world):
    response = login("coordinator").post(IMPORT, {"token": "forged"}, follow=True)
    assert "non è più disponibile" in response.content.decode()


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_import_with_the_zeros_a_spreadsheet_drops(login, world):
    content = _xlsx(
        [
            ["Name", "Legal_Form", "municipality_istat", "sectors", "website", "note"],
            ["Associazione Foglio", "odv", 1090, "a;u", "www.foglio.example", "colonna in più"],
            [None, None, None, None, None, None],
            ["APS Seconda", "aps", None, None, None, None],
        ]
    )
    client = login("coordinator")
    preview = _upload(client, SimpleUploadedFile("elenco.xlsx", content))
    assert [row.errors for row in preview.context["rows"]] == [[], []]
    assert preview.context["ignored_columns"] == ["note"]
    client.post(IMPORT, {"token": preview.context["token"]})
    imported = Organization.objects.get(name="Associazione Foglio")
    assert imported.municipality.istat_code == "001090"
    assert sorted(s.code for s in imported.sectors.all()) == ["a", "u"]
    assert imported.website == "https://www.foglio.example"
    assert Organization.objects.filter(name="APS Seconda").exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (csv_upload("name;kind\nSolo nome;ets\n"), "legal_form"),
        (SimpleUploadedFile("elenco.xlsx", b"PK\x03\x04 non un vero zip"), "XLSX"),
        (SimpleUploadedFile("elenco.pdf", b"%PDF-1.4"), "CSV"),
        (
            SimpleUploadedFile("elenco.csv", b"name;legal_form\nSoci\x81t\x90;aps\n"),
            "UTF-8 o Windows-1252",
        ),
    ],
    ids=["missing-column", "malformed-xlsx", "not-csv", "neither-utf8-nor-cp1252"],
)
def test_a_bad_file_gets_a_message_on_the_field_and_changes_nothing(login, world, upload, message):
    before = _fresh()
    client = login("coordinator")
    response = _upload(client, upload)
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert message in error
    assert _fresh() == before
    assert _pending(client) == []


def test_an_oversize_file_is_refused(login, world, settings):
    settings.TRAMA_IMPORT_MAX_BYTES = 1024
    text = _csv(*GOOD_ROWS) + "".join(f"Riga {n};ets;aps;;;;;;\n" for n in range(100))
    response = _upload(login("coordinator"), csv_upload(text))
    assert "Il file è troppo grande" in response.context["form"].errors["file"][0]


def test_the_template_lists_every_column_and_its_example_is_valid(login, world):
    response = login("coordinator").get(reverse("organizations:import_template"), {"format": "csv"})
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";")
    assert tuple(reader.fieldnames) == COLUMNS
    rows = list(reader)
    assert [row.errors for row in check_rows(rows)] == [[]]
    xlsx = login("admin").get(reverse("organizations:import_template"), {"format": "xlsx"})
    assert xlsx.content.startswith(b"PK")
