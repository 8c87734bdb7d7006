"""The access log without a global lock (docs/decisions/0024-audit-without-a-global-lock.md).

- `seq` becomes `chain_position`; it, `previous_hash` and `entry_hash` stay empty until the
  sealer chains the entry. Existing entries keep them unchanged, in order: nothing that was
  valid is re-signed.
- Every entry carries a random nonce and its own keyed MAC, written at insert; existing
  entries get theirs here, once (the key is needed when there are entries).
- Triggers: DELETE of an entry is still refused; UPDATE only when it fills the three sealing
  columns, all empty before and all filled after, and changes nothing else. A sealed entry is
  frozen. The head's DELETE trigger of 0003 stays as it is.

The MAC function is frozen here, as it was when this migration was written.
"""

import hashlib
import hmac
import importlib
import json
import secrets

from django.conf import settings
from django.db import migrations, models

_0003 = importlib.import_module("trama.audit.migrations.0003_keyed_chain_sequence_and_head_guard")

FIELDS = _0003.FIELDS
SEALING = ("chain_position", "previous_hash", "entry_hash")
# Every other column of the table: SQLite's trigger names them one by one.
FROZEN = ("id", *FIELDS, "nonce", "entry_mac")

PG_DROP_0003 = "DROP TRIGGER IF EXISTS audit_access_log_append_only ON audit_accesslogentry;"
PG_RESTORE_0003 = """
CREATE TRIGGER audit_access_log_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
"""
# Rows compared as JSON without the sealing columns: any column, present or future, counts.
PG_CREATE = """
CREATE OR REPLACE FUNCTION audit_access_log_seal_only() RETURNS trigger AS $$
BEGIN
    IF OLD.chain_position IS NULL AND OLD.previous_hash IS NULL AND OLD.entry_hash IS NULL
       AND NEW.chain_position IS NOT NULL AND NEW.previous_hash IS NOT NULL
       AND NEW.entry_hash IS NOT NULL
       AND to_jsonb(NEW) - 'chain_position' - 'previous_hash' - 'entry_hash'
           = to_jsonb(OLD) - 'chain_position' - 'previous_hash' - 'entry_hash'
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'the access log is append-only: UPDATE on % refused (only the sealing of an unsealed entry is allowed)', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_access_log_seal_only
    BEFORE UPDATE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_seal_only();
CREATE TRIGGER audit_access_log_no_delete
    BEFORE DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
"""
PG_DROP = """
DROP TRIGGER IF EXISTS audit_access_log_no_delete ON audit_accesslogentry;
DROP TRIGGER IF EXISTS audit_access_log_seal_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_access_log_seal_only();
"""

SQLITE_DROP_0003 = [
    "DROP TRIGGER IF EXISTS audit_access_log_no_delete",
    "DROP TRIGGER IF EXISTS audit_access_log_no_update",
]
SQLITE_RESTORE_0003 = _0003.SQLITE_CREATE[:2]  # the head's trigger was never dropped
_SEALS_ONLY = " AND ".join(
    [f"OLD.{c} IS NULL" for c in SEALING]
    + [f"NEW.{c} IS NOT NULL" for c in SEALING]
    + [f"NEW.{c} IS OLD.{c}" for c in FROZEN]
)
SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_access_log_seal_only BEFORE UPDATE ON audit_accesslogentry
    WHEN NOT ({_SEALS_ONLY})
    BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused (only the sealing of an unsealed entry is allowed)'); END""",
    _0003.SQLITE_CREATE[1],  # DELETE refused, except inside Trama's `flush` (guard.py)
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_access_log_no_delete",
    "DROP TRIGGER IF EXISTS audit_access_log_seal_only",
]


def drop_0003_triggers(apps, schema_editor):
    _0003._run(schema_editor, postgresql=PG_DROP_0003, sqlite=SQLITE_DROP_0003)


def restore_0003_triggers(apps, schema_editor):
    _0003._run(schema_editor, postgresql=PG_RESTORE_0003, sqlite=SQLITE_RESTORE_0003)


def create_triggers(apps, schema_editor):
    _0003._run(schema_editor, postgresql=PG_CREATE, sqlite=SQLITE_CREATE)


def drop_triggers(apps, schema_editor):
    _0003._run(schema_editor, postgresql=PG_DROP, sqlite=SQLITE_DROP)


def sign_existing_entries(apps, schema_editor):
    AccessLogEntry = apps.get_model("audit", "AccessLogEntry")
    db = schema_editor.connection.alias
    entries = AccessLogEntry.objects.using(db).order_by("id")
    if not entries.exists():
        return
    key = (settings.TRAMA_AUDIT_KEY or "").encode("utf-8")
    if not key:
        raise RuntimeError("TRAMA_AUDIT_KEY must be set to give the existing entries their MAC.")
    for row in entries.iterator(chunk_size=2000):
        nonce = secrets.token_hex(16)
        message = f"entry-mac\n{nonce}\n{_0003._payload(row)}"
        mac = hmac.new(key, message.encode("utf-8"), hashlib.sha256).hexdigest()
        AccessLogEntry.objects.using(db).filter(pk=row.pk).update(nonce=nonce, entry_mac=mac)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_keyed_chain_sequence_and_head_guard")]

    operations = [
        migrations.RunPython(drop_0003_triggers, restore_0003_triggers),
        migrations.RenameField(
            model_name="accesslogentry", old_name="seq", new_name="chain_position"
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="chain_position",
            field=models.PositiveBigIntegerField(
                blank=True, null=True, unique=True, verbose_name="position in the chain"
            ),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="previous_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AlterField(
            model_name="accesslogentry",
            name="entry_hash",
            field=models.CharField(blank=True, max_length=64, null=True, unique=True),
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="nonce",
            field=models.CharField(default="", max_length=32),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="accesslogentry",
            name="entry_mac",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(sign_existing_entries, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="accesslogentry",
            constraint=models.UniqueConstraint(fields=("entry_mac",), name="audit_entry_mac_unique"),
        ),
        migrations.AddIndex(
            model_name="accesslogentry",
            index=models.Index(
                condition=models.Q(("chain_position__isnull", True)),
                fields=["at", "id"],
                name="audit_entry_unsealed",
            ),
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
