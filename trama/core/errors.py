"""Errors raised by services and translated once at the edge (page or API).

Every `DomainError` carries a stable `code` from its app's `errors.py` enum (decision 0026):
people read the translated message, programs (API clients, tests) compare the code."""

from enum import StrEnum

from django.core.exceptions import ValidationError


class CoreErrors(StrEnum):
    """Codes shared by every app."""

    INVALID = "invalid"  # a rule with no code of its own yet
    STALE = "stale"  # optimistic locking: saved by someone else meanwhile (409)
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    # Uploads (trama.core.uploads)
    EMPTY_FILE = "empty_file"
    FILE_TOO_LARGE = "file_too_large"
    NOT_PDF = "not_pdf"
    NOT_CSV = "not_csv"
    NOT_XLSX = "not_xlsx"
    # Imports and exports (trama.core.tabular)
    UNKNOWN_FORMAT = "unknown_format"
    MISSING_COLUMNS = "missing_columns"
    NO_ROWS = "no_rows"
    UNREADABLE_FILE = "unreadable_file"
    TOO_MANY_ROWS = "too_many_rows"


class DomainError(ValidationError):
    """A business rule refused the operation. The message is translated and meant for people;
    `field` names the input it is about, when there is one; `code` is the stable machine
    name of the rule (a member of the app's error enum)."""

    def __init__(
        self, message, *, field: str | None = None, code: StrEnum | str = CoreErrors.INVALID
    ):
        self.field = field
        self.domain_code = str(code)  # plain str: ValidationError pickles and compares codes
        if field:
            super().__init__({field: [ValidationError(message, code=self.domain_code)]})
        else:
            super().__init__(message, code=self.domain_code)


class StaleObjectError(DomainError):
    """Someone else saved the record after it was opened (optimistic locking)."""

    def __init__(
        self, message, *, field: str | None = None, code: StrEnum | str = CoreErrors.STALE
    ):
        super().__init__(message, field=field, code=code)
