"""Migration 0003 re-signs an access log written with the old unkeyed chain, and refuses to
re-sign one that was already broken; 0004 then gives each entry its MAC, its chain unchanged."""

import hashlib
import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from trama.audit.verification import verify_chain

BEFORE = [("audit", "0002_append_only_triggers")]
AFTER = [("audit", "0004_mac_on_insert_and_sealer")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _write_legacy_chain(apps, n: int, *, break_at: int | None = None) -> list[int]:
    Entry = apps.get_model("audit", "AccessLogEntry")
    Head = apps.get_model("audit", "ChainHead")
    previous = "0" * 64
    ids = []
    for i in range(n):
        fields = {
            "at": timezone.now(),
            "actor_id": None,
            "actor_label": "",
            "role": "",
            "action": "read",
            "object_type": "test.thing",
            "object_id": str(i),
            "object_repr": "",
            "purpose": "",
            "client_address": "",
            "details": {},
        }
        canonical = {**fields, "at": fields["at"].isoformat(timespec="microseconds")}
        payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        digest = hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()
        if i == break_at:
            fields["purpose"] = "altered after hashing"
        ids.append(Entry.objects.create(previous_hash=previous, entry_hash=digest, **fields).pk)
        previous = digest
    Head.objects.create(pk=1, last_hash=previous)
    return ids


@pytest.fixture
def at_0002(transactional_db):
    apps = _migrate(BEFORE)
    yield apps
    _migrate(AFTER)


def test_an_intact_legacy_chain_is_renumbered_and_re_signed(at_0002):
    _write_legacy_chain(at_0002, 4)
    _migrate(AFTER)
    report = verify_chain()
    assert report.ok and report.checked == 4


def test_a_broken_legacy_chain_stops_the_migration(at_0002):
    ids = _write_legacy_chain(at_0002, 3, break_at=1)
    with pytest.raises(RuntimeError, match=f"broken at entry id {ids[1]}:"):
        _migrate(AFTER)
    # Nothing was migrated: the old chain is still there, unnumbered, for the investigation.
    Entry = at_0002.get_model("audit", "AccessLogEntry")
    assert Entry.objects.count() == 3
    assert "seq" not in {
        f.name
        for f in connection.introspection.get_table_description(
            connection.cursor(), "audit_accesslogentry"
        )
    }
    with connection.cursor() as cursor:  # let the fixture migrate forward again
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE audit_accesslogentry, audit_chainhead")
        else:
            cursor.execute("DELETE FROM audit_accesslogentry")
            cursor.execute("DELETE FROM audit_chainhead")
