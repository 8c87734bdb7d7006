import pytest
from django.db import connection

from trama.core.text import normalize_for_search
from trama.organizations.models import Organization


@pytest.mark.postgres
@pytest.mark.django_db
def test_name_search_uses_the_trigram_index():
    """On PostgreSQL "name contains" is answered from the pg_trgm index, not a full scan."""
    term = normalize_for_search("Società")
    queryset = Organization.objects.filter(search_name__contains=term)
    with connection.cursor() as cursor:
        # A tiny test table would be scanned anyway (or walked along the plain name index):
        # leave the planner only the paths an index condition can drive.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        sql, params = queryset.query.sql_with_params()
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "organization_search_name_trgm" in plan, plan
