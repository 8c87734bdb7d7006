"""Checking the rows of an organisations file (CSV/XLSX) before anything is imported.

`check_rows` is run twice: for the preview, and again by `organization_import` inside its
transaction, so the registry may have changed in between without harm.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils import translation
from django.utils.translation import gettext as _

from trama.core.text import normalize_for_search
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

# Model fields whose errors belong to a differently named column.
_COLUMN_OF_FIELD = {"municipality": "municipality_istat"}


@dataclass
class CheckedRow:
    line: int  # line of the file, for the report
    values: Mapping[str, str]
    fields: dict[str, object] = field(default_factory=dict)  # ready for Organization(**fields)
    sectors: list[ActivitySector] = field(default_factory=list)
    municipalities_served: list[Municipality] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)

    def add_error(self, column: str, message: str) -> None:
        self.errors.append((_COLUMN_OF_FIELD.get(column, column), message))


def split_list(value: str) -> list[str]:
    """Letters or codes separated by spaces, commas or semicolons ("a, u" / "a;u" / "a u")."""
    return [item for item in LIST_SEPARATOR.split(value or "") if item]


def istat_code(value: str) -> str:
    """Spreadsheets drop the leading zeros of ISTAT codes (1090 for 001090): put them back."""
    value = value.strip()
    if value.endswith(".0"):
        value = value[:-2]
    return value.zfill(6) if value.isdigit() else value


def _choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """A value by its code or by its label in Italian or English, case- and accent-free."""
    lookup = {normalize_for_search(value): value for value in choices.values}
    for language in ("it", "en"):
        with translation.override(language):
            lookup.update(
                {normalize_for_search(str(label)): value for value, label in choices.choices}
            )
    return lookup


class _References:
    """The reference tables, read once per check."""

    def __init__(self) -> None:
        self.kinds = _choice_lookup(OrganizationKind)
        self.legal_forms = _choice_lookup(LegalForm)
        self.sectors = {s.code: s for s in ActivitySector.objects.all()}
        self.runts_sections: dict[str, RuntsSection] = {}
        for section in RuntsSection.objects.all():
            self.runts_sections[section.code] = section
            if section.acronym:
                self.runts_sections[section.acronym.lower()] = section
        self.municipalities = {m.istat_code: m for m in Municipality.objects.all()}


def check_rows(
    rows: Sequence[Mapping[str, str]], *, line_numbers: Sequence[int] | None = None
) -> list[CheckedRow]:
    """Every row resolved against the reference tables and validated as a new organisation,
    with all its errors; duplicates of a codice fiscale in the file or in the registry too."""
    refs = _References()
    lines = line_numbers if line_numbers is not None else range(2, len(rows) + 2)
    checked = [_check_row(refs, line, values) for line, values in zip(lines, rows, strict=True)]
    _check_duplicates(checked)
    return checked


def _check_row(refs: _References, line: int, values: Mapping[str, str]) -> CheckedRow:
    row = CheckedRow(line=line, values=values)
    fields: dict[str, object] = {
        column: (values.get(column) or "").strip() for column in TEXT_COLUMNS
    }

    kind = (values.get("kind") or "").strip()
    fields["kind"] = (
        refs.kinds.get(normalize_for_search(kind), "") if kind else OrganizationKind.ETS
    )
    if kind and not fields["kind"]:
        row.add_error(
            "kind",
            _("Unknown kind “%(value)s”: use one of %(codes)s.")
            % {"value": kind, "codes": ", ".join(OrganizationKind.values)},
        )

    legal_form = (values.get("legal_form") or "").strip()
    fields["legal_form"] = refs.legal_forms.get(normalize_for_search(legal_form), "")
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

    municipality = istat_code(values.get("municipality_istat") or "")
    fields["municipality"] = refs.municipalities.get(municipality) if municipality else None
    if municipality and fields["municipality"] is None:
        row.add_error(
            "municipality_istat",
            _("Unknown municipality ISTAT code “%(value)s”.") % {"value": municipality},
        )

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

    codes = [istat_code(code) for code in split_list(values.get("municipalities_served", ""))]
    unknown = [code for code in codes if code not in refs.municipalities]
    if unknown:
        row.add_error(
            "municipalities_served",
            _("Unknown municipality ISTAT code(s): %(values)s.") % {"values": ", ".join(unknown)},
        )
    row.municipalities_served = [
        refs.municipalities[code] for code in dict.fromkeys(codes) if code in refs.municipalities
    ]

    website = str(fields["website"])
    if website and "://" not in website:
        fields["website"] = f"https://{website}"  # as the form does: "www.example.org" is meant
    row.fields = fields
    organization = Organization(**fields)
    try:
        validate_organization(organization, exclude_pk=None, check_registry=False)
    except ValidationError as exc:
        reported = {column for column, _message in row.errors}
        for name, messages in exc.message_dict.items():
            if name in ("kind", "legal_form") and name in reported:
                continue  # already explained above, with the value that was not understood
            for message in messages:
                row.add_error(name, message)
    row.fields.update(fiscal_code=organization.fiscal_code, vat_number=organization.vat_number)
    return row


def _check_duplicates(rows: list[CheckedRow]) -> None:
    first_line: dict[str, int] = {}
    for row in rows:
        code = row.fields.get("fiscal_code")
        if not code or any(column == "fiscal_code" for column, _message in row.errors):
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
