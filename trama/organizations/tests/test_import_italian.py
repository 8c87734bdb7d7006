"""Imports of the files Italian users have: Excel's CSV, Italian headers, names for codes,
and the limits and background path of large files (issue 9, items 4 and 10)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from trama.audit.models import AccessLogEntry
from trama.core.models import ImportBatch, ImportStatus
from trama.organizations import services
from trama.organizations.models import Organization
from trama.organizations.tasks import organization_import_run
from trama.organizations.tests.factories import valid_numeric_fiscal_code
from trama.territory.models import Municipality

pytestmark = pytest.mark.django_db

IMPORT = reverse("organizations:import")
ITALIAN_HEADER = "Denominazione;Forma giuridica;Codice Fiscale;Comune;Comuni serviti;Settori"


def _excel_csv(*lines: str, name: str = "elenco.csv") -> SimpleUploadedFile:
    """As Italian Excel saves "CSV (delimitato dal separatore di elenco)": Windows-1252, `;`,
    CRLF; here with the BOM some tools put in front."""
    text = "\r\n".join([ITALIAN_HEADER, *lines]) + "\r\n"
    return SimpleUploadedFile(name, b"\xef\xbb\xbf" + text.encode("cp1252"))


def _upload(client, upload):
    return client.post(IMPORT, {"file": upload}, follow=True)


@pytest.fixture
def sant_ambrogio(db):
    # A municipality whose name has an apostrophe (not among the consortium's test data).
    return Municipality.objects.create(
        istat_code="001997", name="Sant'Ambrogio di Torino", province="TO", region="Piemonte"
    )


def test_an_italian_excel_csv_with_italian_headers_and_names_imports(login, world, sant_ambrogio):
    client = login("coordinator")
    preview = _upload(
        client,
        _excel_csv(
            f"Associazione Città Aperta;Associazione di promozione sociale;{valid_numeric_fiscal_code(41)};Sant’Ambrogio di Torino;Collegno, Grugliasco;a u",
            f"Volontari del Parco;Organizzazione di volontariato;{valid_numeric_fiscal_code(42)};COLLEGNO;001090 001120;",
            "Comitato Borgata;informal_group;;001090;;",
        ),
    )
    assert [row.errors for row in preview.context["rows"]] == [[], [], []]
    assert "Importa 3 organizzazioni" in preview.content.decode()
    response = client.post(IMPORT, {"token": preview.context["token"]})
    assert response.status_code == 302

    aperta = Organization.objects.get(name="Associazione Città Aperta")
    assert (aperta.legal_form, aperta.municipality) == ("aps", sant_ambrogio)
    assert sorted(m.name for m in aperta.municipalities_served.all()) == ["Collegno", "Grugliasco"]
    assert sorted(s.code for s in aperta.sectors.all()) == ["a", "u"]
    parco = Organization.objects.get(name="Volontari del Parco")
    assert (parco.legal_form, parco.municipality.name) == ("odv", "Collegno")
    assert Organization.objects.get(name="Comitato Borgata").municipality.istat_code == "001090"
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.details["count"], entry.details["source"]) == (
        "import",
        3,
        "elenco.csv",
    )


def test_a_bad_row_is_reported_under_the_users_own_headers(login, world):
    response = _upload(
        login("coordinator"),
        _excel_csv(
            "Uno;Società per azioni;;Collegno;;",
            "Due;aps;;Paperopoli;Collegno, Topolinia;",
        ),
    )
    errors = {row.line: row.errors for row in response.context["rows"]}
    assert [column for column, _ in errors[2]] == ["Forma giuridica"]
    assert "“Società per azioni” sconosciuta" in errors[2][0][1]
    assert errors[3] == [
        (
            "Comune",
            "Comune “Paperopoli” sconosciuto: scriverne il nome come nell'elenco della "
            "pagina di importazione, oppure il codice ISTAT.",
        ),
        ("Comuni serviti", "Comune/i sconosciuto/i: Topolinia."),
    ]
    page = response.content.decode()
    assert "<code>Forma giuridica</code>" in page and "<code>legal_form</code>" not in page


def test_two_municipalities_of_the_same_name_need_the_istat_code(login, world):
    Municipality.objects.create(
        istat_code="099998", name="Collegno", province="XX", region="Altrove"
    )
    response = _upload(login("coordinator"), _excel_csv("Uno;aps;;Collegno;;"))
    (row,) = response.context["rows"]
    assert row.errors == [
        ("Comune", "Più di un comune si chiama “Collegno”: indicarne il codice ISTAT.")
    ]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_xlsx_above_the_row_limit_is_refused_with_the_limit_named(login, world, settings):
    settings.TRAMA_IMPORT_MAX_ROWS = 20
    content = _xlsx(
        [["Denominazione", "Forma giuridica"], *([f"Ente {n}", "aps"] for n in range(21))]
    )
    client = login("coordinator")
    response = client.post(IMPORT, {"file": SimpleUploadedFile("grande.xlsx", content)})
    assert response.status_code == 200
    (error,) = response.context["form"].errors["file"]
    assert error == (
        "Il file ha più di 20 righe, il massimo per una sola importazione: dividerlo in file "
        "più piccoli."
    )
    assert not Organization.objects.filter(name="Ente 0").exists()


def test_the_preview_is_paginated_and_confirms_every_row(login, world, settings):
    settings.TRAMA_IMPORT_PREVIEW_PAGE_SIZE = 2
    client = login("coordinator")
    first = _upload(client, _excel_csv("Uno;aps;;;;", "Due;aps;;;;", "Tre;odv;;;;"))
    assert [row.name for row in first.context["rows"]] == ["Uno", "Due"]
    page = first.content.decode()
    assert "Pagina 1 di 2" in page and "Importa 3 organizzazioni" in page
    token = first.context["token"]
    second = client.get(reverse("organizations:import_preview", args=[token]), {"page": 2})
    assert [row.name for row in second.context["rows"]] == ["Tre"]
    client.post(IMPORT, {"token": token})
    assert Organization.objects.filter(name__in=["Uno", "Due", "Tre"]).count() == 3


def test_a_large_file_is_imported_in_the_background_with_its_progress(login, world, settings):
    settings.TRAMA_IMPORT_BACKGROUND_ROWS = 2
    client = login("coordinator")
    preview = _upload(client, _excel_csv("Uno;aps;;;;", "Due;aps;;;;", "Tre;odv;;;;"))
    assert "in background" in preview.content.decode()
    response = client.post(IMPORT, {"token": preview.context["token"]})
    batch = ImportBatch.objects.get()
    assert response.url == reverse("organizations:import_batch", args=[batch.pk])
    assert (batch.status, batch.total, batch.created_by) == (
        ImportStatus.QUEUED,
        3,
        world.users.coordinator,
    )
    assert not Organization.objects.filter(name="Uno").exists()  # not yet: the worker runs it
    waiting = client.get(response.url).content.decode()
    assert "Righe controllate: 0 su 3" in waiting and "<progress" in waiting

    assert organization_import_run.call(batch.pk) == ImportStatus.DONE

    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.created_count, batch.payload) == (
        ImportStatus.DONE,
        3,
        3,
        {},
    )
    assert Organization.objects.filter(name__in=["Uno", "Due", "Tre"]).count() == 3
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id, entry.details["count"]) == (
        "import",
        world.users.coordinator.pk,
        3,
    )
    done = client.get(response.url).content.decode()
    assert "3 organizzazioni importate." in done
    # The import page leads back to it.
    again = client.get(IMPORT).content.decode()
    assert response.url in again and "Completata" in again
    # A task delivered twice does nothing the second time.
    assert organization_import_run.call(batch.pk) == ImportStatus.DONE
    assert Organization.objects.filter(name="Uno").count() == 1


def test_a_background_batch_with_an_error_imports_nothing_and_lists_it(login, world):
    code = valid_numeric_fiscal_code(43)
    batch = services.organization_import_enqueue(
        actor=world.users.coordinator,
        rows=[
            {"name": "Uno", "legal_form": "aps", "fiscal_code": code},
            {"name": "Due", "legal_form": "aps", "fiscal_code": code},
        ],
        line_numbers=[2, 3],
        labels={"name": "Denominazione", "legal_form": "Forma giuridica", "fiscal_code": "C.F."},
        source="grande.csv",
    )
    services.organization_import_batch_run(batch_id=batch.pk)
    batch.refresh_from_db()
    assert batch.status == ImportStatus.FAILED
    assert batch.errors == [[3, "C.F.", "Lo stesso codice fiscale è già alla riga 2 del file."]]
    assert not Organization.objects.filter(name__in=["Uno", "Due"]).exists()
    assert not AccessLogEntry.objects.filter(action="import").exists()
    page = login("admin").get(reverse("organizations:import_batch", args=[batch.pk]))
    assert "<code>C.F.</code>" in page.content.decode()


def test_the_preview_can_show_only_the_rows_with_errors(login, world, settings):
    settings.TRAMA_IMPORT_PREVIEW_PAGE_SIZE = 2
    client = login("coordinator")
    preview = _upload(
        client, _excel_csv("Uno;aps;;;;", "Due;aps;;;;", "Tre;spa;;;;", "Quattro;aps;;;;")
    )
    assert "Mostra solo le righe con errori" in preview.content.decode()
    # A file with errors has no confirmation, hence no token on the page: the preview's
    # address is where the upload redirected.
    url = preview.redirect_chain[-1][0]
    only = client.get(url, {"errors": "1"})
    assert [row.name for row in only.context["rows"]] == ["Tre"]
    assert only.context["error_count"] == 1 and only.context["row_count"] == 4


def test_the_zeros_a_spreadsheet_drops_from_codes_are_put_back(login, world):
    # The Comune di Torino's codice fiscale, 00514490010, read by Excel as a number.
    content = _xlsx(
        [
            ["Denominazione", "Forma giuridica", "Codice fiscale", "Partita IVA", "CAP"],
            ["Comune di Esempio", "Comune", 514490010, 514490010, 118],
        ]
    )
    client = login("coordinator")
    response = _upload(client, SimpleUploadedFile("enti.xlsx", content))
    (row,) = response.context["rows"]
    assert row.errors == [] and row.fiscal_code == "00514490010"  # as it will be saved
    client.post(IMPORT, {"token": response.context["token"]})
    body = Organization.objects.get(name="Comune di Esempio")
    assert (body.legal_form, body.fiscal_code, body.vat_number, body.postcode) == (
        "municipality",
        "00514490010",
        "00514490010",
        "00118",
    )
