"""What an attacker with write access to the database (but not the audit key) can do: switch
the append-only triggers off, change rows, switch them back on."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

_triggers = importlib.import_module(
    "trama.audit.migrations.0003_keyed_chain_sequence_and_head_guard"
)
_PG_TABLES = {
    "audit_accesslogentry": "audit_access_log_append_only",
    "audit_chainhead": "audit_chain_head_no_delete",
}


@contextmanager
def triggers_off() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in _triggers.SQLITE_DROP_NEW:
                cursor.execute(statement)
        else:
            for table, trigger in _PG_TABLES.items():
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                for statement in _triggers.SQLITE_CREATE:
                    cursor.execute(statement)
            else:
                for table, trigger in _PG_TABLES.items():
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")


def execute_behind_the_apps_back(sql: str, params: list | None = None) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])
