import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from trama.core.errors import DomainError
from trama.core.tabular import (
    choice_lookup,
    neutralize_formula,
    normalize_header,
    parse_date,
    parse_decimal,
    read_table,
    rows_to_csv,
    rows_to_xlsx,
    sniff_delimiter,
)


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_rows_keep_their_line_numbers_across_blank_lines():
    table = read_table(
        upload("a.csv", b"name;legal_form\nUno;aps\n;\nDue;odv\n"), required_columns=["name"]
    )
    assert [row["name"] for row in table.rows] == ["Uno", "Due"]
    assert table.line_numbers == [2, 4]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"name\nx\n", "Si possono importare solo file CSV o XLSX"),
        ("a.csv", b"other\nx\n", "Colonne mancanti: name"),
        ("a.csv", b"name\nNicc\x81\n", "UTF-8 o Windows-1252"),
        ("a.xlsx", b"not a zip", "XLSX"),
        ("a.csv", b"name\n", "non contiene righe"),
    ],
)
def test_bad_files_are_refused_with_a_message_on_the_file_field(name, content, message):
    with pytest.raises(DomainError) as error:
        read_table(upload(name, content), required_columns=["name"])
    assert error.value.field == "file"
    assert message in " ".join(error.value.messages)


def test_oversized_upload_is_refused(settings):
    settings.TRAMA_IMPORT_MAX_BYTES = 10
    with pytest.raises(DomainError, match="troppo grande"):
        read_table(upload("a.csv", b"name\n" + b"x" * 20), required_columns=["name"])


@pytest.mark.parametrize("value", ["=1+1", "+39 011", "-2", "@SUM(A1)", "\tx"])
def test_formula_like_text_is_neutralised(value):
    assert neutralize_formula(value) == "'" + value


def test_numbers_and_plain_text_are_left_alone():
    assert neutralize_formula(-2) == -2
    assert neutralize_formula("Auser") == "Auser"


def test_exports_neutralise_cells_in_csv_and_xlsx():
    csv_bytes = rows_to_csv(["name"], [['=HYPERLINK("http://x")']])
    assert "'=HYPERLINK" in csv_bytes.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(rows_to_xlsx(["name"], [["=1+1"]], title="t"))).active
    assert sheet["A2"].value == "'=1+1"


def test_export_file_writes_decimal_commas_in_csv_and_numbers_in_xlsx(settings):
    from django.utils import translation

    from trama.core.tabular import export_file

    rows = [["Uno", Decimal("1234.5"), None], ["=cmd", Decimal("0.125"), 3]]
    with translation.override("it"):
        as_csv = export_file(
            ["Nome", "Valore", "N"], rows, file_format="csv", title="T", filename_stem="prova"
        )
        as_xlsx = export_file(
            ["Nome", "Valore", "N"], rows, file_format="xlsx", title="T", filename_stem="prova"
        )

    assert as_csv.content.decode("utf-8-sig").splitlines() == [
        "Nome;Valore;N",
        "Uno;1234,50;",
        "'=cmd;0,13;3",
    ]
    assert as_csv.filename.startswith("prova-") and as_csv.filename.endswith(".csv")
    assert as_csv.content_type.startswith("text/csv")
    sheet = load_workbook(io.BytesIO(as_xlsx.content)).active
    assert list(sheet.iter_rows(values_only=True))[1] == ("Uno", 1234.5, None)


def test_export_file_refuses_another_format():
    from trama.core.tabular import export_file

    with pytest.raises(DomainError):
        export_file(["a"], [], file_format="pdf", title="T", filename_stem="x")


# --- Imports from Italian spreadsheets ---------------------------------------------------

COLUMNS = {
    "name": ("denominazione", "nome"),
    "legal_form": ("forma giuridica",),
    "municipality": ("comune", "città"),
}


def test_an_italian_excel_csv_is_read_with_its_own_headers():
    # What Italian Excel saves: Windows-1252, `;`, here with a BOM some tools add.
    content = (
        b"\xef\xbb\xbf"
        + "DENOMINAZIONE;Forma  giuridica;Città;Note\r\nSocietà;aps;Collegno;x\r\n".encode("cp1252")
    )
    table = read_table(
        upload("elenco.csv", content), required_columns=["name", "legal_form"], columns=COLUMNS
    )
    assert table.rows == [{"name": "Società", "legal_form": "aps", "municipality": "Collegno"}]
    assert table.labels == {
        "name": "DENOMINAZIONE",
        "legal_form": "Forma  giuridica",
        "municipality": "Città",
    }
    assert table.label("legal_form") == "Forma  giuridica"
    assert table.ignored_columns == ["Note"]


def test_utf8_with_and_without_bom_and_commas_are_read():
    for content in (
        "\ufeffname,legal_form\nNiccolò,aps\n".encode(),
        "legal_form,nome\naps,Niccolò\n".encode(),
    ):
        table = read_table(upload("a.csv", content), required_columns=["name"], columns=COLUMNS)
        assert table.rows == [{"name": "Niccolò", "legal_form": "aps"}]


def test_the_delimiter_is_the_one_outside_quotes():
    assert sniff_delimiter('name,legal_form\n"Uno; due",aps\n') == ","
    assert sniff_delimiter('"Nome, breve";forma\n') == ";"


@pytest.mark.parametrize(
    "header", ["Forma giuridica", "forma_giuridica", "FORMA-GIURIDICA", " forma   giuridica "]
)
def test_headers_ignore_case_accents_spaces_and_underscores(header):
    assert normalize_header(header) == "forma giuridica"
    assert normalize_header("Città") == normalize_header("citta")


class _Form(TextChoices):
    APS = "aps", gettext_lazy("Social promotion association (APS)")
    COOP = "social_coop", gettext_lazy("Social cooperative")


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("aps", "aps"),
        ("APS", "aps"),
        ("Social promotion association (APS)", "aps"),
        ("social promotion association", "aps"),
        ("social_coop", "social_coop"),
        ("Social  Cooperative", "social_coop"),
        ("spa", ""),
        ("", ""),
    ],
)
def test_a_choice_is_found_by_code_or_label(value, code):
    assert choice_lookup(_Form)(value) == code


def test_a_choice_is_found_by_its_italian_label_without_the_acronym():
    from trama.organizations.models import LegalForm

    lookup = choice_lookup(LegalForm)
    assert lookup("Associazione di promozione sociale") == "aps"
    assert lookup("organizzazione di VOLONTARIATO") == "odv"
    assert lookup("Organizzazione di volontariato (ODV)") == "odv"
    assert lookup("Società di mutuo soccorso") == lookup("societa di mutuo soccorso") != ""


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31/12/2026", datetime.date(2026, 12, 31)),
        ("1/2/2026", datetime.date(2026, 2, 1)),
        ("31-12-2026", datetime.date(2026, 12, 31)),
        ("31.12.2026", datetime.date(2026, 12, 31)),
        ("2026-12-31", datetime.date(2026, 12, 31)),
        ("2026-12-31 00:00:00", datetime.date(2026, 12, 31)),
    ],
)
def test_dates_are_read_day_first_or_iso(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["12/31/2026", "29/02/2025", "domani", ""])
def test_a_date_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.234,56", Decimal("1234.56")),
        ("12,5", Decimal("12.5")),
        ("-0,75", Decimal("-0.75")),
        ("1.234", Decimal("1234")),
        ("1.234.567", Decimal("1234567")),
        ("12.5", Decimal("12.5")),
        ("€ 1.000,00", Decimal("1000.00")),
        ("7", Decimal("7")),
    ],
)
def test_numbers_are_read_with_the_decimal_comma(text, number):
    assert parse_decimal(text) == number


@pytest.mark.parametrize("text", ["abc", "1,2,3", "NaN", "Infinity", ""])
def test_a_number_that_is_not_one_is_refused(text):
    with pytest.raises(ValueError):
        parse_decimal(text)


def _xlsx(rows) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_cells_become_the_text_the_parsers_read():
    content = _xlsx(
        [["name", "n", "amount", "date"], ["Uno", 1090, 12.5, datetime.datetime(2026, 3, 1)]]
    )
    table = read_table(upload("a.xlsx", content), required_columns=["name"])
    assert table.rows == [{"name": "Uno", "n": "1090", "amount": "12,5", "date": "01/03/2026"}]
    assert parse_decimal(table.rows[0]["amount"]) == Decimal("12.5")


def test_a_csv_with_more_rows_than_the_limit_is_refused(settings):
    settings.TRAMA_IMPORT_MAX_ROWS = 3
    content = ("name\n" + "".join(f"r{n}\n" for n in range(4))).encode()
    with pytest.raises(DomainError, match="più di 3 righe") as error:
        read_table(upload("a.csv", content), required_columns=["name"])
    assert error.value.field == "file"
    ok = ("name\n" + "".join(f"r{n}\n" for n in range(3))).encode()
    assert len(read_table(upload("a.csv", ok), required_columns=["name"]).rows) == 3


def _xlsx_with_dimension(rows) -> bytes:
    # Excel writes the sheet's size up front (openpyxl's write-only mode does not, and then
    # openpyxl scans the sheet once for it, which the uncompressed-size limit bounds).
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _truncated_sheet(content: bytes, keep_rows: int) -> bytes:
    """The workbook with its sheet cut off after `keep_rows` rows, mid-XML: a reader that went
    past them would fail on the broken part."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                cut = data.index(f'<row r="{keep_rows + 1}"'.encode())
                data = data[:cut] + b"<row r="  # broken from here on
            target.writestr(info, data)
    return out.getvalue()


def test_an_xlsx_above_the_row_limit_is_refused_without_reading_the_rest(settings):
    settings.TRAMA_IMPORT_MAX_ROWS = 100
    # Long enough that the XML parser, which reads in chunks, meets the break only late.
    rows = [["name"], *([f"riga {n}"] for n in range(6000))]
    content = _truncated_sheet(_xlsx_with_dimension(rows), 5000)
    with pytest.raises(DomainError, match="più di 100 righe"):
        read_table(upload("a.xlsx", content), required_columns=["name"])
    # The same file under a higher limit is read up to the broken part and refused as such.
    settings.TRAMA_IMPORT_MAX_ROWS = 10_000
    with pytest.raises(DomainError, match="XLSX"):
        read_table(upload("a.xlsx", content), required_columns=["name"])


def test_an_xlsx_that_expands_beyond_the_limit_is_refused_before_it_is_read(settings):
    settings.TRAMA_IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES = 50 * 1024
    content = _xlsx([["name"], *([f"riga {n}"] for n in range(3000))])
    assert len(content) < 50 * 1024  # small on the wire, large once expanded
    with pytest.raises(DomainError, match="decompresso.*il limite è 0,0 MB|il limite è"):
        read_table(upload("a.xlsx", content), required_columns=["name"])


def test_a_missing_column_is_named_by_its_code_and_its_italian_name():
    with pytest.raises(DomainError) as error:
        read_table(
            upload("a.csv", b"Denominazione;Note\nUno;x\n"),
            required_columns=["name", "legal_form"],
            columns=COLUMNS,
        )
    assert error.value.messages == ["Colonne mancanti: legal_form / forma giuridica."]
