"""Reading and writing tabular files (CSV/XLSX) safely, for imports and exports."""

import csv
import datetime
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.db.models import TextChoices
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from trama.core.errors import CoreErrors, DomainError
from trama.core.uploads import UTF8_BOM, UploadKind, check_upload, not_xlsx

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
        raise DomainError(
            _("Unknown export format: choose CSV or XLSX."),
            field="format",
            code=CoreErrors.UNKNOWN_FORMAT,
        )
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


# --- Reading imports ---------------------------------------------------------------------

# What a spreadsheet program may write: Excel in Italy saves "CSV (delimitato dal separatore di
# elenco)" as Windows-1252 with `;`; LibreOffice and "CSV UTF-8" write UTF-8, with a BOM or not
# (the encodings are told apart by `trama.core.uploads`).
CSV_DELIMITERS = (";", ",")
_SEPARATORS = re.compile(r"[\s_\-]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})


def normalize_header(value: object) -> str:
    """A column name as compared: case, accents, spaces, underscores and dashes do not count
    ("Forma  giuridica", "forma_giuridica", "FORMA-GIURIDICA" are the same; "Città" = "citta")."""
    text = unicodedata.normalize("NFKD", "" if value is None else str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_APOSTROPHES)
    return " ".join(_SEPARATORS.sub(" ", text.casefold()).split())


def normalize_value(value: object) -> str:
    """A cell as compared with a code or a name: case, accents, repeated spaces and the kind of
    apostrophe do not count ("Sant’Ambrogio" = "sant'ambrogio")."""
    text = unicodedata.normalize("NFKD", "" if value is None else str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).translate(_APOSTROPHES)
    return " ".join(text.casefold().split())


_PARENTHESIS = re.compile(r"^(?P<name>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


def choice_lookup(choices: type[TextChoices]) -> Callable[[str], str]:
    """A function giving the code of a choice from what a user may write: the code, or the label
    in Italian or English, with or without its parenthesis ("Associazione di promozione
    sociale", "APS", "aps", "Social promotion association (APS)"); case and accents do not
    count. It answers "" for a value it does not know."""
    table: dict[str, str] = {}
    for language in ("en", "it"):
        with translation.override(language):
            for code, label in choices.choices:
                label = str(label)
                names = [label]
                match = _PARENTHESIS.match(label)
                if match:
                    names += [match["name"], match["inner"]]
                for name in names:
                    table.setdefault(normalize_value(name), code)
    for code in choices.values:  # a code always wins over a label that happens to equal it
        table[normalize_value(code)] = code
    return lambda value: table.get(normalize_value(value), "")


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def parse_date(value: object) -> datetime.date:
    """A date as Italians write it (31/12/2026, also 31-12-2026, 31.12.2026, 31/12/26) or as
    ISO (2026-12-31, also with a time, as an XLSX date cell reads). ValueError otherwise."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", text):
        text = text[:10]
    for pattern in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


_THOUSANDS_ONLY = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")


def parse_decimal(value: object) -> Decimal:
    """A number as Italians write it: decimal comma, optional thousands dots ("1.234,56");
    "1.234" is one thousand two hundred thirty-four. A point alone is a decimal point
    ("12.5") when it cannot be a thousands separator. ValueError otherwise."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value or "").strip().replace(" ", "").replace("\u00a0", "").replace("€", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    elif _THOUSANDS_ONLY.match(text):
        text = text.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(value) from exc
    if not number.is_finite():
        raise ValueError(value)
    return number


@dataclass(frozen=True)
class Table:
    header: list[str]  # the column names as the user wrote them
    rows: list[dict[str, str]]  # each row keyed by column (its code when known), stripped text
    line_numbers: list[int]  # the line (CSV) or sheet row (XLSX) each row came from
    labels: dict[str, str] = field(default_factory=dict)  # column code -> the user's header
    ignored_columns: list[str] = field(default_factory=list)  # the user's headers not used

    def label(self, column: str) -> str:
        return self.labels.get(column, column)


def _too_many_rows(limit: int) -> DomainError:
    return DomainError(
        _(
            "The file has more than %(limit)s rows, the most one import can take: "
            "split it into smaller files."
        )
        % {"limit": limit},
        field="file",
        code=CoreErrors.TOO_MANY_ROWS,
    )


def read_table(
    uploaded,
    *,
    required_columns: Sequence[str],
    columns: Mapping[str, Sequence[str]] | None = None,
) -> Table:
    """Parse an uploaded CSV or XLSX file into a Table.

    CSV: UTF-8 (with or without BOM) or Windows-1252, `;` or `,`. XLSX: the first sheet, read
    as a stream. `columns` maps each column code to the names a user may give it (Italian,
    English; compared with `normalize_header`); the code itself is always accepted. Without
    `columns`, every column is keyed by its normalised name, with `_` for spaces.

    Refuses with a translated DomainError, before reading the whole file where it can: a file
    too large (TRAMA_IMPORT_MAX_BYTES), an XLSX expanding beyond
    TRAMA_IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES, more than TRAMA_IMPORT_MAX_ROWS rows, another
    type, an unreadable file, a required column missing. Never writes anything.
    """
    # The name says which of the two the user means; the content must then be that one.
    name = (uploaded.name or "").lower()
    if name.endswith(".xlsx"):
        kind = UploadKind.XLSX
    elif name.endswith(".csv"):
        kind = UploadKind.CSV
    else:
        raise DomainError(
            _("Only CSV or XLSX files can be imported."), field="file", code=CoreErrors.NOT_CSV
        )
    facts = check_upload(uploaded, kind=kind, max_bytes=settings.TRAMA_IMPORT_MAX_BYTES)
    content = uploaded.read()
    if kind == UploadKind.XLSX:
        header, raw_rows = _read_xlsx(content)
    else:
        header, raw_rows = _read_csv(content.removeprefix(UTF8_BOM).decode(facts.encoding))

    aliases: dict[str, str] = {}
    for code, names in (columns or {}).items():
        for alias in (code, *names):
            aliases[normalize_header(alias)] = code
    user_header = [("" if h is None else str(h)).strip() for h in header]
    keys: list[str] = []
    labels: dict[str, str] = {}
    ignored: list[str] = []
    for label in user_header:
        normalized = normalize_header(label)
        key = aliases.get(normalized, "" if columns else normalized.replace(" ", "_"))
        if key and key not in labels:
            labels[key] = label
            keys.append(key)
        else:  # unknown, or a second column with the same meaning: not read
            keys.append("")
            if label:
                ignored.append(label)
    # A missing column is named by its code and, when there is one, its first other name
    # (the Italian one a user would write): "legal_form / forma giuridica".
    missing = [
        " / ".join([c, *(columns or {}).get(c, ())[:1]])
        for c in required_columns
        if c not in labels
    ]
    if missing:
        raise DomainError(
            _("Missing column(s): %(columns)s.") % {"columns": ", ".join(missing)},
            field="file",
            code=CoreErrors.MISSING_COLUMNS,
        )

    max_rows = settings.TRAMA_IMPORT_MAX_ROWS
    rows, line_numbers = [], []
    for line, raw in enumerate(raw_rows, start=2):  # line 1 is the header
        values = [_cell_text(v) for v in raw]
        if not any(values):
            continue
        if len(rows) >= max_rows:
            raise _too_many_rows(max_rows)
        values += [""] * (len(keys) - len(values))
        rows.append({key: value for key, value in zip(keys, values, strict=False) if key})
        line_numbers.append(line)
    if not rows:
        raise DomainError(
            _("The file contains no data rows."), field="file", code=CoreErrors.NO_ROWS
        )
    return Table(
        header=user_header,
        rows=rows,
        line_numbers=line_numbers,
        labels=labels,
        ignored_columns=ignored,
    )


def _cell_text(value: object) -> str:
    """A cell as text the parsers above read back: XLSX numbers with a decimal comma and
    whole numbers without ".0" (1090.0 -> "1090"), dates as dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value).replace(".", ",")
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time():
            return f"{value:%d/%m/%Y}"
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    return str(value).strip()


def sniff_delimiter(text: str) -> str:
    """`;` or `,`: the one splitting the header line into more columns outside quotes."""
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    counts = {d: len(next(csv.reader([first_line], delimiter=d), [])) for d in CSV_DELIMITERS}
    return max(CSV_DELIMITERS, key=lambda d: counts[d])  # ties: `;`, listed first


def _read_csv(text: str) -> tuple[list[str], Iterator[list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise DomainError(
            _("The file contains no data rows."), field="file", code=CoreErrors.NO_ROWS
        ) from None
    except csv.Error as exc:
        raise DomainError(
            _("The CSV file cannot be read."), field="file", code=CoreErrors.UNREADABLE_FILE
        ) from exc
    return header, _csv_rows(reader)


def _csv_rows(reader) -> Iterator[list[str]]:
    try:
        yield from reader
    except csv.Error as exc:
        raise DomainError(
            _("The CSV file cannot be read."), field="file", code=CoreErrors.UNREADABLE_FILE
        ) from exc


def _read_xlsx(content: bytes) -> tuple[list[str], Iterator[tuple]]:
    # A few KB of XLSX can expand to hundreds of MB (a "zip bomb"): the sizes the archive
    # declares are checked before anything is decompressed. openpyxl reads the parts through
    # zipfile, which stops at the declared size, so a lie cannot get past this.
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise not_xlsx() from exc
    limit = settings.TRAMA_IMPORT_MAX_XLSX_UNCOMPRESSED_BYTES
    if expanded > limit:
        raise DomainError(
            _(
                "The spreadsheet is too large once uncompressed (%(size)s MB): the limit is "
                "%(limit)s MB. Split it into smaller files or save it as CSV."
            )
            % {"size": _megabytes(expanded), "limit": _megabytes(limit)},
            field="file",
            code=CoreErrors.FILE_TOO_LARGE,
        )
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
    except Exception as exc:  # openpyxl raises many types for a corrupt file
        raise not_xlsx() from exc
    if header is None:
        raise DomainError(
            _("The file contains no data rows."), field="file", code=CoreErrors.NO_ROWS
        )
    # The rows are counted while they stream in (read_table), so an oversized sheet is refused
    # after TRAMA_IMPORT_MAX_ROWS rows, not after all of them; the size the sheet declares is
    # not trusted (Excel counts formatted empty rows, other programs write none).
    return ["" if h is None else str(h) for h in header], _xlsx_rows(rows)


def _xlsx_rows(rows: Iterator[tuple]) -> Iterator[tuple]:
    try:
        yield from rows
    except Exception as exc:  # a part that breaks half-way
        raise not_xlsx() from exc


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")
