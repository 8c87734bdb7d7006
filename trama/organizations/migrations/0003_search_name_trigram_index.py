"""On PostgreSQL, a trigram index makes "name contains" searches indexed (pg_trgm).
SQLite has no equivalent; there the normalised column is scanned, which is fast at the
consortium's size (see bench/)."""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS organization_search_name_trgm "
    "ON organizations_organization USING gin (search_name gin_trgm_ops)",
]
BACKWARD = ["DROP INDEX IF EXISTS organization_search_name_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("organizations", "0002_reference_data")]
    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
