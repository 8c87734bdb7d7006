"""The access log is append-only in the database itself, not only by convention.

PostgreSQL: a trigger refuses UPDATE and DELETE of any row (TRUNCATE, used by the test
runner to reset databases, is a separate privilege to withhold from the app's role).
SQLite: a trigger refuses UPDATE; DELETE stays possible because Django's test runner flushes
tables with DELETE there (see docs/decisions/0002-append-only-access-log.md).
"""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION audit_access_log_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_access_log_append_only
    BEFORE UPDATE OR DELETE ON audit_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION audit_access_log_refuse_change();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS audit_access_log_append_only ON audit_accesslogentry;
DROP FUNCTION IF EXISTS audit_access_log_refuse_change();
"""
SQLITE_FORWARD = """
CREATE TRIGGER audit_access_log_no_update BEFORE UPDATE ON audit_accesslogentry
BEGIN SELECT RAISE(ABORT, 'the access log is append-only: UPDATE refused'); END;
"""
SQLITE_BACKWARD = "DROP TRIGGER IF EXISTS audit_access_log_no_update;"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FORWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_FORWARD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_BACKWARD, params=None)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
