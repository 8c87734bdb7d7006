"""Recognising an uploaded PDF for the calls app (documents of a call, attachments of a
proposal). Rendering PDFs lives in `trama.core.pdf`."""

import hashlib
from dataclasses import dataclass

# A PDF is recognised by its first bytes, not by its name or the type the browser declared.
PDF_MAGIC = b"%PDF-"


@dataclass(frozen=True)
class UploadFacts:
    size: int
    sha256: str
    is_pdf: bool


def upload_facts(upload) -> UploadFacts:
    """Size, SHA-256 and whether it starts like a PDF, read in chunks (the whole file is
    never held in memory); the file is left rewound."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < len(PDF_MAGIC):
            head += chunk[: len(PDF_MAGIC) - len(head)]
        digest.update(chunk)
        size += len(chunk)
    upload.seek(0)
    return UploadFacts(size=size, sha256=digest.hexdigest(), is_pdf=head == PDF_MAGIC)
