"""Checking the rows of an organisations file (CSV/XLSX) before anything is imported.

`check_rows` is run twice: for the preview, and again by `organization_import` inside its
transaction, so the registry may have changed in between without harm.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from trama.core.tabular import choice_lookup, normalize_value
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.organizations.validation import duplicate_fiscal_code_message, validate_organization
from trama.territory.models import Municipality

COLUMNS = (
    "name",
    "kind",
    "legal_form",
    "fiscal_code",
    "vat_number",
    "runts_section",
    "runts_number",
    "address",
    "postcode",
    "municipality_istat",
    "email",
    "pec",
    "phone",
    "website",
    "sectors",
    "municipalities_served",
)
REQUIRED_COLUMNS = ("name", "legal_form")
# The names a file may give each column, besides its code: what Italian users write, and the
# English words. Compared with `normalize_header` (case, accents, spaces, `_` do not count).
IMPORT_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("denominazione", "nome", "ragione sociale", "nome organizzazione", "ente"),
    "kind": ("tipo", "tipologia", "tipo ente", "tipo di ente"),
    "legal_form": ("forma giuridica", "natura giuridica", "forma", "legal form"),
    "fiscal_code": ("codice fiscale", "cf", "c.f.", "c. f.", "fiscal code"),
    "vat_number": ("partita iva", "p.iva", "p. iva", "piva", "vat", "vat number"),
    "runts_section": ("sezione runts", "sezione", "runts section"),
    "runts_number": ("numero runts", "n. runts", "n runts", "numero iscrizione", "runts number"),
    "address": ("indirizzo", "indirizzo sede", "sede", "via"),
    "postcode": ("cap", "codice postale", "postal code", "zip"),
    "municipality_istat": ("codice istat", "istat", "codice istat comune", "istat code"),
    "municipality": ("comune", "comune sede", "comune della sede", "citta", "municipality"),
    "email": ("e-mail", "mail", "posta elettronica", "indirizzo email"),
    "pec": ("posta elettronica certificata", "indirizzo pec"),
    "phone": ("telefono", "tel", "tel.", "cellulare", "recapito telefonico"),
    "website": ("sito", "sito web", "sito internet", "web", "url"),
    "sectors": ("settori", "settori di attivita", "attivita", "attivita di interesse generale"),
    "municipalities_served": ("comuni serviti", "comuni di intervento", "comuni"),
}
TEXT_COLUMNS = (
    "name",
    "fiscal_code",
    "vat_number",
    "runts_number",
    "address",
    "postcode",
    "email",
    "pec",
    "phone",
    "website",
)
LIST_SEPARATOR = re.compile(r"[\s,;]+")


@dataclass
class CheckedRow:
    line: int  # line of the file, for the report
    values: Mapping[str, str]
    fields: dict[str, object] = field(default_factory=dict)  # ready for Organization(**fields)
    sectors: list[ActivitySector] = field(default_factory=list)
    municipalities_served: list[Municipality] = field(default_factory=list)
    # (column as the user wrote it in the header, message)
    errors: list[tuple[str, str]] = field(default_factory=list)
    labels: Mapping[str, str] = field(default_factory=dict)  # column code -> user's header
    municipality_column: str = "municipality_istat"  # where the seat's municipality was read

    def add_error(self, column: str, message: str) -> None:
        """`column` is a column code or a model field; the report names the user's header."""
        if column == "municipality":
            column = self.municipality_column
        self.errors.append((self.labels.get(column, column), message))

    def has_error_in(self, column: str) -> bool:
        label = self.labels.get(column, column)
        return any(name == label for name, _message in self.errors)


def split_list(value: str) -> list[str]:
    """Letters or codes separated by spaces, commas or semicolons ("a, u" / "a;u" / "a u")."""
    return [item for item in LIST_SEPARATOR.split(value or "") if item]


def istat_code(value: str) -> str:
    """Spreadsheets drop the leading zeros of ISTAT codes (1090 for 001090): put them back."""
    value = value.strip()
    if value.endswith(".0"):
        value = value[:-2]
    return value.zfill(6) if value.isdigit() else value


# Codes made of digits, whose leading zeros a spreadsheet drops when it takes them for
# numbers: the codice fiscale and partita IVA of a public body ("00514490010"), a CAP of Rome.
_NUMERIC_CODES = {"fiscal_code": 11, "vat_number": 11, "postcode": 5}


def leading_zeros(value: str, width: int) -> str:
    """Up to three dropped leading zeros put back: more would be a different mistake, left
    for the validation to report."""
    if value.isdigit() and width - 3 <= len(value) < width:
        return value.zfill(width)
    return value


class _Municipalities:
    """Municipalities by ISTAT code or by name ("Sant’Ambrogio di Torino", "sant'ambrogio di
    torino" and "SANT'AMBROGIO DI TORINO" are one)."""

    def __init__(self) -> None:
        self.by_code: dict[str, Municipality] = {}
        self.by_name: dict[str, list[Municipality]] = defaultdict(list)
        for municipality in Municipality.objects.all():
            self.by_code[municipality.istat_code] = municipality
            self.by_name[_municipality_key(municipality.name)].append(municipality)

    def find(self, value: str) -> tuple[Municipality | None, str]:
        """The municipality `value` names, or None and why."""
        code = istat_code(value)
        if code.isdigit():
            if code in self.by_code:
                return self.by_code[code], ""
            return None, _("Unknown municipality ISTAT code “%(value)s”.") % {"value": code}
        found = self.by_name.get(_municipality_key(value), [])
        if len(found) == 1:
            return found[0], ""
        if found:
            return None, _(
                "More than one municipality is called “%(value)s”: write its ISTAT code."
            ) % {"value": value}
        return None, _(
            "Unknown municipality “%(value)s”: write its name as in the list on the import "
            "page, or its ISTAT code."
        ) % {"value": value}

    def find_list(self, value: str) -> tuple[list[Municipality], list[str]]:
        """Names or codes separated by commas or semicolons; codes alone may also be separated
        by spaces (names have spaces in them)."""
        if re.search(r"[,;]", value):
            items = [item.strip() for item in re.split(r"[,;]", value)]
        elif all(istat_code(item).isdigit() for item in value.split()):
            items = value.split()
        else:
            items = [value.strip()]
        found, unknown = [], []
        for item in filter(None, items):
            municipality, _why = self.find(item)
            if municipality is None:
                unknown.append(istat_code(item) if istat_code(item).isdigit() else item)
            elif municipality not in found:
                found.append(municipality)
        return found, unknown


def _municipality_key(name: str) -> str:
    # Dashes and spaces are written either way ("Castelnuovo Don Bosco"/"Castelnuovo-Don-Bosco").
    return normalize_value(name).replace("-", " ")


class _References:
    """The reference tables, read once per check."""

    def __init__(self) -> None:
        self.kind: Callable[[str], str] = choice_lookup(OrganizationKind)
        self.legal_form: Callable[[str], str] = choice_lookup(LegalForm)
        self.sectors = {s.code: s for s in ActivitySector.objects.all()}
        self.runts_sections: dict[str, RuntsSection] = {}
        for section in RuntsSection.objects.all():
            self.runts_sections[section.code] = section
            if section.acronym:
                self.runts_sections[section.acronym.lower()] = section
        self.municipalities = _Municipalities()


def check_rows(
    rows: Sequence[Mapping[str, str]],
    *,
    line_numbers: Sequence[int] | None = None,
    labels: Mapping[str, str] | None = None,
    on_progress: Callable[[int], None] | None = None,
    progress_every: int = 200,
) -> list[CheckedRow]:
    """Every row resolved against the reference tables and validated as a new organisation,
    with all its errors; duplicates of a codice fiscale in the file or in the registry too.
    Errors name the column by `labels` (the user's headers). `on_progress` hears the count of
    rows checked every `progress_every` rows (background imports)."""
    refs = _References()
    lines = line_numbers if line_numbers is not None else range(2, len(rows) + 2)
    checked = []
    for count, (line, values) in enumerate(zip(lines, rows, strict=True), start=1):
        checked.append(_check_row(refs, line, values, labels or {}))
        if on_progress and count % progress_every == 0:
            on_progress(count)
    _check_duplicates(checked)
    return checked


def _check_row(
    refs: _References, line: int, values: Mapping[str, str], labels: Mapping[str, str]
) -> CheckedRow:
    row = CheckedRow(line=line, values=values, labels=labels)
    fields: dict[str, object] = {
        column: (values.get(column) or "").strip() for column in TEXT_COLUMNS
    }
    for column, width in _NUMERIC_CODES.items():
        fields[column] = leading_zeros(str(fields[column]), width)

    kind = (values.get("kind") or "").strip()
    fields["kind"] = refs.kind(kind) if kind else OrganizationKind.ETS
    if kind and not fields["kind"]:
        row.add_error(
            "kind",
            _("Unknown kind “%(value)s”: use one of %(codes)s.")
            % {"value": kind, "codes": ", ".join(OrganizationKind.values)},
        )

    legal_form = (values.get("legal_form") or "").strip()
    fields["legal_form"] = refs.legal_form(legal_form)
    if legal_form and not fields["legal_form"]:
        row.add_error(
            "legal_form",
            _("Unknown legal form “%(value)s”: use one of the codes listed on the import page.")
            % {"value": legal_form},
        )

    section = (values.get("runts_section") or "").strip()
    fields["runts_section"] = refs.runts_sections.get(section.lower()) if section else None
    if section and fields["runts_section"] is None:
        row.add_error(
            "runts_section",
            _("Unknown RUNTS section “%(value)s”: use a letter from a to g.") % {"value": section},
        )

    # Either column may hold the name or the ISTAT code; the code column wins when both do.
    row.municipality_column = (
        "municipality_istat" if (values.get("municipality_istat") or "").strip() else "municipality"
    )
    municipality = (values.get(row.municipality_column) or "").strip()
    fields["municipality"] = None
    if municipality:
        fields["municipality"], why = refs.municipalities.find(municipality)
        if fields["municipality"] is None:
            row.add_error("municipality", why)

    letters = [letter.lower().rstrip(")") for letter in split_list(values.get("sectors", ""))]
    unknown = [letter for letter in letters if letter not in refs.sectors]
    if unknown:
        row.add_error(
            "sectors",
            _(
                "Unknown sector(s) of activity: %(values)s. Use the letters a–z of art. 5 of the Codice del Terzo Settore."
            )
            % {"values": ", ".join(unknown)},
        )
    row.sectors = [
        refs.sectors[letter] for letter in dict.fromkeys(letters) if letter in refs.sectors
    ]

    served, unknown = refs.municipalities.find_list(values.get("municipalities_served") or "")
    if unknown:
        message = (
            _("Unknown municipality ISTAT code(s): %(values)s.")
            if all(item.isdigit() for item in unknown)
            else _("Unknown municipality(ies): %(values)s.")
        )
        row.add_error("municipalities_served", message % {"values": ", ".join(unknown)})
    row.municipalities_served = served

    website = str(fields["website"])
    if website and "://" not in website:
        fields["website"] = f"https://{website}"  # as the form does: "www.example.org" is meant
    row.fields = fields
    organization = Organization(**fields)
    try:
        validate_organization(organization, exclude_pk=None, check_registry=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            if name in ("kind", "legal_form") and row.has_error_in(name):
                continue  # already explained above, with the value that was not understood
            for message in messages:
                row.add_error(name, message)
    row.fields.update(fiscal_code=organization.fiscal_code, vat_number=organization.vat_number)
    return row


def _check_duplicates(rows: list[CheckedRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        code = row.fields.get("fiscal_code")
        if not code or row.has_error_in("fiscal_code"):
            continue
        if code in first_line:
            row.add_error(
                "fiscal_code",
                _("The same codice fiscale is already on line %(line)s of the file.")
                % {"line": first_line[code]},
            )
        else:
            first_line[code] = row.line
    in_registry = set(
        Organization.objects.filter(fiscal_code__in=list(first_line)).values_list(
            "fiscal_code", flat=True
        )
    )
    for row in rows:
        if (
            row.fields.get("fiscal_code") in in_registry
            and first_line.get(row.fields["fiscal_code"]) == row.line
        ):
            row.add_error("fiscal_code", duplicate_fiscal_code_message())
