"""What an attacker with write access to the database (but not the audit key) can do: switch
the append-only triggers off, change rows, switch them back on. And the entries the tests
tamper with, sealed or not."""

import importlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection

from trama.audit import services
from trama.audit.models import AccessLogEntry, Action

_0003 = importlib.import_module("trama.audit.migrations.0003_keyed_chain_sequence_and_head_guard")
_0004 = importlib.import_module("trama.audit.migrations.0004_mac_on_insert_and_sealer")
_SQLITE_HEAD_TRIGGER = _0003.SQLITE_CREATE[2]


@contextmanager
def triggers_off() -> Iterator[None]:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for statement in [*_0004.SQLITE_DROP, _0003.SQLITE_DROP_NEW[0]]:
                cursor.execute(statement)
        else:
            for table in ("audit_accesslogentry", "audit_chainhead"):
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        try:
            yield
        finally:
            if connection.vendor == "sqlite":
                for statement in [*_0004.SQLITE_CREATE, _SQLITE_HEAD_TRIGGER]:
                    cursor.execute(statement)
            else:
                for table in ("audit_accesslogentry", "audit_chainhead"):
                    cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def execute_behind_the_apps_back(sql: str, params: list | None = None) -> None:
    with triggers_off(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def append(n: int, actor=None) -> list[AccessLogEntry]:
    return [
        services.access_log_append(
            actor=actor, action=Action.READ, object_type="test.thing", object_id=str(i)
        )
        for i in range(n)
    ]


def append_sealed(n: int, actor=None) -> list[AccessLogEntry]:
    """`n` entries, sealed before they are returned as the database holds them: on PostgreSQL
    the sealer runs after commit, which a test's transaction never reaches."""
    ids = [entry.pk for entry in append(n, actor)]
    services.access_log_seal()
    return list(AccessLogEntry.objects.filter(pk__in=ids).order_by("chain_position"))
