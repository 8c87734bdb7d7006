"""One check for every uploaded file (PDF documents, CSV/XLSX imports): its size against one
limit, its SHA-256, and its type read from its content. The name and the type the browser
declares are chosen by the sender, so neither decides what a file is; an app may still
narrow what it accepts by name (an import's `.csv`), never widen it."""

import codecs
import hashlib
from dataclasses import dataclass
from enum import StrEnum

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from trama.core.errors import CoreErrors, DomainError

DEFAULT_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"  # an XLSX workbook is a zip archive
UTF8_BOM = b"\xef\xbb\xbf"
# The text encodings a CSV is read in, in this order: Excel saves "CSV" in Windows-1252.
CSV_ENCODINGS = ("utf-8", "cp1252")


class UploadKind(StrEnum):
    PDF = "pdf"
    CSV = "csv"
    XLSX = "xlsx"


ACCEPT = {
    UploadKind.PDF: "application/pdf,.pdf",
    UploadKind.CSV: "text/csv,.csv",
    UploadKind.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,.xlsx",
}


@dataclass(frozen=True)
class UploadFacts:
    size: int
    sha256: str
    kind: UploadKind
    encoding: str = ""  # CSV only: the encoding its text decodes with (BOM removed)


def upload_max_bytes() -> int:
    """The largest file any upload accepts, from `TRAMA_UPLOAD_MAX_BYTES` (10 MiB)."""
    return int(getattr(settings, "TRAMA_UPLOAD_MAX_BYTES", DEFAULT_UPLOAD_MAX_BYTES))


def too_large(size: int, limit: int, *, field: str | None = "file") -> DomainError:
    return DomainError(
        _("The file is too large (%(size)s): it can be at most %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        field=field,
        code=CoreErrors.FILE_TOO_LARGE,
    )


def not_xlsx(*, field: str | None = "file") -> DomainError:
    return DomainError(
        _("The file is not a valid XLSX spreadsheet."), field=field, code=CoreErrors.NOT_XLSX
    )


class _Sniffer:
    """Reads a file chunk by chunk, so the whole file is never held in memory: size, digest,
    first bytes and, for a CSV, whether it is text and in which encoding."""

    def __init__(self, *, text: bool):
        self.size = 0
        self.head = b""
        self.digest = hashlib.sha256()
        self.text = text
        self.has_nul = False
        self.utf8 = codecs.getincrementaldecoder("utf-8")()
        self.encodings = set(CSV_ENCODINGS)

    def feed(self, chunk: bytes) -> None:
        if self.size == 0 and chunk.startswith(UTF8_BOM):
            # Some tools put a UTF-8 BOM before any CSV, even one that is not UTF-8.
            text_part = chunk[len(UTF8_BOM) :]
        else:
            text_part = chunk
        self.digest.update(chunk)
        self.size += len(chunk)
        if len(self.head) < len(PDF_MAGIC):
            self.head += chunk[: len(PDF_MAGIC) - len(self.head)]
        if self.text:
            self.has_nul = self.has_nul or b"\x00" in chunk
            self._decode(text_part, final=False)

    def finish(self) -> None:
        if self.text:
            self._decode(b"", final=True)

    def _decode(self, data: bytes, *, final: bool) -> None:
        if "utf-8" in self.encodings:
            try:
                self.utf8.decode(data, final=final)
            except UnicodeDecodeError:
                self.encodings.discard("utf-8")
        if "cp1252" in self.encodings:
            try:
                data.decode("cp1252")  # one byte per character: chunks decode alone
            except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
                self.encodings.discard("cp1252")


def check_upload(
    upload, *, kind: UploadKind, max_bytes: int | None = None, field: str | None = "file"
) -> UploadFacts:
    """Size, SHA-256 and type of an uploaded file, which must be of `kind`; the file is left
    rewound. Refused with a DomainError (on `field`) when it is empty, larger than the limit
    (`TRAMA_UPLOAD_MAX_BYTES`, or a smaller `max_bytes` an app sets) or not of that kind: a PDF
    starts with `%PDF-`, an XLSX with a zip signature, a CSV is text in UTF-8 or Windows-1252
    with no NUL byte."""
    limit = upload_max_bytes() if max_bytes is None else min(max_bytes, upload_max_bytes())
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:  # refused before reading it
        raise too_large(declared, limit, field=field)
    sniffer = _Sniffer(text=kind == UploadKind.CSV)
    upload.seek(0)
    for chunk in upload.chunks():
        sniffer.feed(chunk)
        if sniffer.size > limit:  # the declared size was wrong
            upload.seek(0)
            raise too_large(sniffer.size, limit, field=field)
    upload.seek(0)
    sniffer.finish()
    if sniffer.size == 0:
        raise DomainError(
            _("The file is empty: choose it again, or check it on your device."),
            field=field,
            code=CoreErrors.EMPTY_FILE,
        )
    facts = UploadFacts(size=sniffer.size, sha256=sniffer.digest.hexdigest(), kind=kind)
    if kind == UploadKind.PDF and sniffer.head != PDF_MAGIC:
        name = getattr(upload, "name", "") or ""
        raise DomainError(
            _(
                "“%(name)s” is not a PDF file: its content is not a PDF, whatever its name. "
                "Only PDF documents can be uploaded."
            )
            % {"name": name.rsplit("/", 1)[-1] or _("the file")},
            field=field,
            code=CoreErrors.NOT_PDF,
        )
    if kind == UploadKind.XLSX and not sniffer.head.startswith(ZIP_MAGIC):
        raise not_xlsx(field=field)
    if kind == UploadKind.CSV:
        if sniffer.has_nul:
            raise DomainError(
                _("The file is not a text CSV file."), field=field, code=CoreErrors.NOT_CSV
            )
        encoding = next((e for e in CSV_ENCODINGS if e in sniffer.encodings), "")
        if not encoding:
            raise DomainError(
                _("The CSV file must be encoded in UTF-8 or Windows-1252 (Excel's “CSV”)."),
                field=field,
                code=CoreErrors.NOT_CSV,
            )
        facts = UploadFacts(size=facts.size, sha256=facts.sha256, kind=kind, encoding=encoding)
    return facts


class UploadField(forms.FileField):
    """A form's file input that runs `check_upload`, so a wrong file is shown on its field
    before the service (which checks again: it is the one that must not trust its caller)."""

    def __init__(self, *, kind: UploadKind, max_bytes: int | None = None, **kwargs):
        self.kind = kind
        self.max_bytes = max_bytes
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT[kind]}))
        kwargs.setdefault("allow_empty_file", True)  # check_upload says it, with its code
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial:
            check_upload(upload, kind=self.kind, max_bytes=self.max_bytes, field=None)
        return upload
