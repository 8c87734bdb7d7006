"""The one upload check (trama.core.uploads): size, fingerprint and type read from content."""

import hashlib

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile

from trama.core.errors import CoreErrors, DomainError
from trama.core.uploads import (
    DEFAULT_UPLOAD_MAX_BYTES,
    UploadField,
    UploadKind,
    check_upload,
    upload_max_bytes,
)

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _file(content: bytes, name: str = "documento.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _refused(upload, kind: UploadKind, **options) -> DomainError:
    with pytest.raises(DomainError) as error:
        check_upload(upload, kind=kind, **options)
    assert error.value.field == "file"
    return error.value


def test_a_valid_pdf_gives_its_size_and_sha256_and_is_left_rewound():
    upload = _file(PDF)
    facts = check_upload(upload, kind=UploadKind.PDF)
    assert facts.size == len(PDF)
    assert facts.sha256 == hashlib.sha256(PDF).hexdigest()
    assert facts.kind == UploadKind.PDF
    assert upload.read() == PDF


def test_an_empty_file_is_refused():
    error = _refused(_file(b""), UploadKind.PDF)
    assert error.domain_code == CoreErrors.EMPTY_FILE
    assert "Il file è vuoto" in " ".join(error.messages)


def test_a_file_over_the_limit_is_refused_naming_the_limit_in_megabytes(settings):
    settings.TRAMA_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    error = _refused(_file(PDF + b"0" * (3 * 1024 * 1024)), UploadKind.PDF)
    assert error.domain_code == CoreErrors.FILE_TOO_LARGE
    message = " ".join(error.messages)
    assert "Il file è troppo grande (3,0\xa0MB)" in message
    assert "al massimo 2,0\xa0MB" in message


def test_a_declared_size_smaller_than_the_content_does_not_get_past_the_limit(settings):
    settings.TRAMA_UPLOAD_MAX_BYTES = 100
    upload = _file(PDF + b"0" * 200)
    upload.size = 10  # what a client could claim
    assert _refused(upload, UploadKind.PDF).domain_code == CoreErrors.FILE_TOO_LARGE


def test_an_app_limit_narrows_the_setting_and_never_widens_it(settings):
    settings.TRAMA_UPLOAD_MAX_BYTES = 100
    content = PDF + b"0" * 100
    with pytest.raises(DomainError):
        check_upload(_file(content), kind=UploadKind.PDF, max_bytes=10_000)
    assert check_upload(_file(PDF), kind=UploadKind.PDF, max_bytes=len(PDF)).size == len(PDF)
    with pytest.raises(DomainError):
        check_upload(_file(PDF), kind=UploadKind.PDF, max_bytes=len(PDF) - 1)


def test_the_default_limit_is_ten_mebibytes(settings):
    del settings.TRAMA_UPLOAD_MAX_BYTES
    assert upload_max_bytes() == DEFAULT_UPLOAD_MAX_BYTES == 10 * 1024 * 1024


def test_a_renamed_file_that_is_not_a_pdf_is_refused_whatever_its_name_and_declared_type():
    fake = _file(b"PK\x03\x04 a zip named .pdf", name="statuto.pdf")
    error = _refused(fake, UploadKind.PDF)
    assert error.domain_code == CoreErrors.NOT_PDF
    message = " ".join(error.messages)
    assert "«statuto.pdf» non è un file PDF" in message
    assert "Si possono caricare solo documenti PDF" in message


def test_a_pdf_is_recognised_even_without_a_pdf_name():
    assert check_upload(_file(PDF, name="scansione"), kind=UploadKind.PDF).kind == "pdf"


def test_a_csv_in_windows_1252_is_text_in_that_encoding():
    content = "denominazione;comune\nSocietà Cooperativa “Il Ponte”;Collegno\n".encode("cp1252")
    facts = check_upload(_file(content, name="elenco.csv"), kind=UploadKind.CSV)
    assert facts.encoding == "cp1252"
    assert facts.size == len(content)


def test_a_csv_in_utf8_with_a_bom_is_utf8():
    content = "\ufeffdenominazione\nSocietà\n".encode()
    assert check_upload(_file(content, name="e.csv"), kind=UploadKind.CSV).encoding == "utf-8"


def test_a_utf8_character_split_between_two_chunks_stays_utf8():
    # Uploads are read in 64 KiB chunks: "à" (two bytes) straddles the first boundary.
    content = b"a" * (64 * 1024 - 1) + "à\n".encode()
    facts = check_upload(_file(content, name="e.csv"), kind=UploadKind.CSV)
    assert facts.encoding == "utf-8"


def test_a_csv_with_nul_bytes_is_not_a_text_file():
    error = _refused(_file(b"name\nx\x00y\n", name="elenco.csv"), UploadKind.CSV)
    assert error.domain_code == CoreErrors.NOT_CSV
    assert "non è un file CSV di testo" in " ".join(error.messages)


def test_a_csv_in_neither_encoding_is_refused():
    # 0x81 and 0x90 are undefined in Windows-1252 and invalid alone in UTF-8.
    error = _refused(_file(b"name\nSoci\x81t\x90\n", name="elenco.csv"), UploadKind.CSV)
    assert error.domain_code == CoreErrors.NOT_CSV
    assert "UTF-8 o Windows-1252" in " ".join(error.messages)


def test_an_xlsx_is_recognised_by_its_zip_signature():
    assert check_upload(_file(b"PK\x03\x04rest", name="a.xlsx"), kind=UploadKind.XLSX).size == 8
    error = _refused(_file(b"name\nx\n", name="a.xlsx"), UploadKind.XLSX)
    assert error.domain_code == CoreErrors.NOT_XLSX


class _Form(forms.Form):
    file = UploadField(kind=UploadKind.PDF, label="File")


def test_the_form_field_shows_the_refusal_on_its_field_with_its_code():
    form = _Form(data={}, files={"file": _file(b"<html>no</html>", name="avviso.pdf")})
    assert not form.is_valid()
    assert "non è un PDF" in form.errors["file"][0]
    assert form.errors.as_data()["file"][0].code == CoreErrors.NOT_PDF
    assert 'accept="application/pdf,.pdf"' in str(form["file"])


def test_the_form_field_refuses_an_empty_file_with_the_kit_message():
    form = _Form(data={}, files={"file": _file(b"")})
    assert not form.is_valid()
    assert form.errors.as_data()["file"][0].code == CoreErrors.EMPTY_FILE


def test_the_form_field_accepts_a_pdf():
    form = _Form(data={}, files={"file": _file(PDF)})
    assert form.is_valid(), form.errors
