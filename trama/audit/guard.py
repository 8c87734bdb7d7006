"""The one exception to SQLite's refusal of DELETE on the access log: Trama's `flush`.

The DELETE triggers of migration 0003 ask `trama_audit_flush_allowed()`, a function that
exists only on connections Trama opens (registered here on every new SQLite connection). It
answers 1 only while `flush_allowed()` is active, which only the `flush` management command
uses: Django's test runner empties every table with it between transactional tests, as
TRUNCATE does on PostgreSQL (where row triggers do not fire). A DELETE anywhere else, or from
a connection that is not Trama's (the sqlite3 shell), is refused.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_flushing: ContextVar[bool] = ContextVar("trama_audit_flushing", default=False)

FUNCTION_NAME = "trama_audit_flush_allowed"


def _flush_allowed() -> int:
    return 1 if _flushing.get() else 0


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """`connection_created` receiver: give SQLite connections the trigger's function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION_NAME, 0, _flush_allowed)


@contextmanager
def flush_allowed() -> Iterator[None]:
    token = _flushing.set(True)
    try:
        yield
    finally:
        _flushing.reset(token)
