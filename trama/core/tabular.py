"""Reading and writing tabular files (CSV/XLSX) safely, for imports and exports."""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from trama.core.errors import DomainError

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize_formula(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe (OWASP
    "CSV injection"). Numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def rows_to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else neutralize_formula(v) for v in row])
    # BOM so that spreadsheet programs read UTF-8 accents correctly.
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def rows_to_xlsx(header: Sequence[str], rows: Iterable[Sequence[object]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    sheet.append(list(header))
    for row in rows:
        sheet.append([neutralize_formula(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


EXPORT_CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def decimal_text(value: Decimal | None, places: int = 2) -> str:
    """A number as the CSV export writes it: rounded half up (the project's rule for money
    and points), decimal comma, no thousands separator (what Italian spreadsheets read back
    as a number), empty when there is none."""
    if value is None:
        return ""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return number_format(rounded, places, use_l10n=True, force_grouping=False)


def export_file(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    file_format: str,
    title: str,
    filename_stem: str,
) -> ExportFile:
    """A table as CSV (`;`, UTF-8 with BOM) or XLSX, named `<stem>-<yyyymmdd>.<format>`.
    Refuses another format with a translated DomainError. In CSV the `Decimal` cells are
    written with `decimal_text`; in XLSX they stay numbers."""
    if file_format not in EXPORT_CONTENT_TYPES:
        raise DomainError(_("Unknown export format: choose CSV or XLSX."), field="format")
    if file_format == "csv":
        content = rows_to_csv(
            header,
            ([decimal_text(v) if isinstance(v, Decimal) else v for v in row] for row in rows),
        )
    else:
        content = rows_to_xlsx(header, rows, title=title)
    filename = f"{filename_stem}-{timezone.localdate():%Y%m%d}.{file_format}"
    return ExportFile(
        content=content, content_type=EXPORT_CONTENT_TYPES[file_format], filename=filename
    )


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[dict[str, str]]  # each row keyed by header name, values stripped strings
    line_numbers: list[int]  # the line (CSV) or sheet row (XLSX) each row came from


def read_table(uploaded, *, required_columns: Sequence[str]) -> Table:
    """Parse an uploaded CSV (`,` or `;`, UTF-8) or XLSX file into a Table.

    Refuses with a translated DomainError: a file too large, of another type, unreadable,
    or missing a required column. Never writes anything.
    """
    max_bytes = settings.TRAMA_IMPORT_MAX_BYTES
    if uploaded.size > max_bytes:
        raise DomainError(
            _("The file is too large (%(size)s KB): the limit is %(limit)s KB.")
            % {"size": uploaded.size // 1024, "limit": max_bytes // 1024},
            field="file",
        )
    name = (uploaded.name or "").lower()
    content = uploaded.read()
    if name.endswith(".xlsx"):
        if not content.startswith(b"PK"):
            raise DomainError(_("The file is not a valid XLSX spreadsheet."), field="file")
        header, raw_rows = _read_xlsx(content)
    elif name.endswith(".csv"):
        header, raw_rows = _read_csv(content)
    else:
        raise DomainError(_("Only CSV or XLSX files can be imported."), field="file")
    header = [h.strip().lower() for h in header]
    missing = [c for c in required_columns if c not in header]
    if missing:
        raise DomainError(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)}, field="file"
        )
    rows, line_numbers = [], []
    for line, raw in enumerate(raw_rows, start=2):  # line 1 is the header
        values = ["" if v is None else str(v).strip() for v in raw]
        if not any(values):
            continue
        values += [""] * (len(header) - len(values))
        rows.append(dict(zip(header, values, strict=False)))
        line_numbers.append(line)
    if not rows:
        raise DomainError(_("The file contains no data rows."), field="file")
    return Table(header=header, rows=rows, line_numbers=line_numbers)


def _read_csv(content: bytes) -> tuple[list[str], list[list[str]]]:
    if b"\x00" in content:
        raise DomainError(_("The file is not a text CSV file."), field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise DomainError(_("The CSV file must be encoded in UTF-8."), field="file") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not reader:
        raise DomainError(_("The file contains no data rows."), field="file")
    return reader[0], reader[1:]


def _read_xlsx(content: bytes) -> tuple[list[str], list[list[object]]]:
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise DomainError(_("The file is not a valid XLSX spreadsheet."), field="file") from exc
    sheet = workbook.worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if not rows:
        raise DomainError(_("The file contains no data rows."), field="file")
    header = ["" if h is None else str(h) for h in rows[0]]
    return header, rows[1:]
