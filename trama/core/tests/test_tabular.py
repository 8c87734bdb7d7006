import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from trama.core.errors import DomainError
from trama.core.tabular import neutralize_formula, read_table, rows_to_csv, rows_to_xlsx


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
    from decimal import Decimal

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
