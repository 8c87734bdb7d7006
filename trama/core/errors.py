"""Errors raised by services and translated once at the edge (page or API)."""

from django.core.exceptions import ValidationError


class DomainError(ValidationError):
    """A business rule refused the operation. The message is translated and meant for people;
    `field` names the input it is about, when there is one."""

    def __init__(self, message, *, field: str | None = None, code: str = "invalid"):
        self.field = field
        if field:
            super().__init__({field: [ValidationError(message, code=code)]})
        else:
            super().__init__(message, code=code)


class StaleObjectError(DomainError):
    """Someone else saved the record after it was opened (optimistic locking)."""
