"""The keyed chain (docs/decisions/0015-keyed-access-log-chain.md).

- Every entry gets a gap-free sequence number; the head keeps the last one and a signature.
- Existing entries, chained with plain SHA-256, are checked and re-signed with HMAC-SHA256
  under TRAMA_AUDIT_KEY, once; a broken old chain stops the migration rather than being
  laundered into a valid new one.
- The database refuses UPDATE and DELETE of entries and DELETE of the head, on PostgreSQL and
  on SQLite. On SQLite the DELETE triggers make one exception, for Trama's `flush` command
  (trama/audit/guard.py), because Django's test runner empties tables with DELETE there; on
  PostgreSQL it uses TRUNCATE, which row triggers do not see.

The hash functions are frozen here, as they were when this migration was written.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.db import migrations, models

GENESIS = "0" * 64
FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "purpose",
    "client_address",
    "details",
)

PG_DROP_OLD = """
DROP TRIGGER IF EXISTS audit_access_log_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_access_log_refuse_change();
"""
PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_access_log_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
CREATE TRIGGER audit_chain_head_no_delete
    BEFORE DELETE ON audit_chainhead
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
"""
PG_DROP_NEW = """
DROP TRIGGER IF EXISTS audit_chain_head_no_delete ON audit_chainhead;
DROP TRIGGER IF EXISTS audit_access_log_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_access_log_refuse_change();
"""
PG_CREATE_OLD = """
CREATE OR REPLACE FUNCTION audit_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_access_log_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
"""

SQLITE_DROP_OLD = ["DROP TRIGGER IF EXISTS audit_access_log_no_update"]
# `trama_audit_flush_allowed()` exists only on connections opened by Trama (guard.py) and
# answers 1 only inside its `flush` command; elsewhere (sqlite3 shell) the DELETE fails too.
SQLITE_CREATE = [
    """CREATE TRIGGER audit_access_log_no_update BEFORE UPDATE ON audit_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER audit_access_log_no_delete BEFORE DELETE ON audit_accesslogentry
    WHEN trama_audit_flush_allowed() = 0
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE refused'); END""",
    """CREATE TRIGGER audit_chain_head_no_delete BEFORE DELETE ON audit_chainhead
    WHEN trama_audit_flush_allowed() = 0
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only: DELETE of the head refused'); END""",
]
SQLITE_DROP_NEW = [
    "DROP TRIGGER IF EXISTS audit_chain_head_no_delete",
    "DROP TRIGGER IF EXISTS audit_access_log_no_delete",
    "DROP TRIGGER IF EXISTS audit_access_log_no_update",
]
SQLITE_CREATE_OLD = [
    """CREATE TRIGGER audit_access_log_no_update BEFORE UPDATE ON audit_accesslogentry
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END"""
]


def _run(schema_editor, *, postgresql: str, sqlite: list[str]) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgresql, params=None)
    elif vendor == "sqlite":
        for statement in sqlite:
            schema_editor.execute(statement)


def drop_old_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=PG_DROP_OLD, sqlite=SQLITE_DROP_OLD)


def restore_old_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=PG_CREATE_OLD, sqlite=SQLITE_CREATE_OLD)


def create_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=PG_CREATE, sqlite=SQLITE_CREATE)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, postgresql=PG_DROP_NEW, sqlite=SQLITE_DROP_NEW)


def _payload(row) -> str:
    canonical = {name: getattr(row, name) for name in FIELDS}
    canonical["at"] = row.at.isoformat(timespec="microseconds")
    return json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _mac(key: bytes, message: str) -> str:
    return hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()


def resign_existing_entries(apps, schema_editor):
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    ChainHead = apps.get_model("audit", "ChainHead")
    db = schema_editor.connection.alias
    entries = AccessLogEntry.objects.using(db).order_by("id")
    if not entries.exists():
        return
    key = (settings.TRAMA_AUDIT_KEY or "").encode("utf-8")
    if not key:
        raise RuntimeError("TRAMA_AUDIT_KEY must be set to re-sign the existing access log.")
    old_previous = new_previous = GENESIS
    seq = 0
    for row in entries.iterator(chunk_size=2000):
        payload = _payload(row)
        old_hash = hashlib.sha256((old_previous + payload).encode("utf-8")).hexdigest()
        if row.previous_hash != old_previous or row.entry_hash != old_hash:
            raise RuntimeError(
                f"The access log chain is broken at entry id {row.pk}: run the previous "
                "version's `manage.py audit_verify` and investigate before migrating; the "
                "migration does not re-sign a broken chain."
            )
        old_previous = row.entry_hash
        seq += 1
        new_hash = _mac(key, f"entry\n{seq}\n{new_previous}\n{payload}")
        AccessLogEntry.objects.using(db).filter(pk=row.pk).update(
            seq=seq, previous_hash=new_previous, entry_hash=new_hash
        )
        new_previous = new_hash
    head = ChainHead.objects.using(db).filter(pk=1).first()
    if head is not None and head.last_hash != old_previous:
        raise RuntimeError(
            "The access log's head does not name its last entry (entries were cut from the "
            "tail?): investigate before migrating; the migration does not re-sign it."
        )
    ChainHead.objects.using(db).update_or_create(
        pk=1,
        defaults={
            "last_hash": new_previous,
            "last_seq": seq,
            "signature": _mac(key, f"head\n{seq}\n{new_previous}"),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]

    operations = [
        migrations.RunPython(drop_old_triggers, restore_old_triggers),
        migrations.AddField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(null=True, verbose_name="sequence number"),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="last_seq",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="chainhead",
            name="signature",
            field=models.CharField(default="", max_length=64),
        ),
        migrations.RunPython(resign_existing_entries, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="accesslogentry",
            name="seq",
            field=models.PositiveBigIntegerField(unique=True, verbose_name="sequence number"),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
