"""The readiness probe tells a load balancer whether this process can serve: database up and
every migration applied. Liveness (/healthz) never touches the database."""

import pytest
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from trama.core import readiness as readiness_module


@pytest.fixture(autouse=True)
def _forget_applied_migrations(monkeypatch):
    monkeypatch.setattr(readiness_module, "_migrations_known_applied", False)


def test_ready_when_the_database_answers_and_nothing_is_pending(db, client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"ready": True, "database": True}
    assert response["Cache-Control"].startswith("max-age=0")


def test_not_ready_while_a_migration_is_pending(db, client, monkeypatch):
    real_plan = MigrationExecutor.migration_plan

    def plan_with_one_pending(self, targets, clean_start=False):
        real_plan(self, targets, clean_start)
        return [(self.loader.graph.nodes[("people", "0001_initial")], False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", plan_with_one_pending)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "ready": False,
        "database": True,
        "pending_migrations": ["people.0001_initial"],
    }


def test_not_ready_when_the_database_does_not_answer(db, client, monkeypatch):
    class DownDatabase:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr(readiness_module, "connection", DownDatabase())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"ready": False, "database": False}


def test_the_migration_graph_is_read_once_per_process(db, client, monkeypatch):
    client.get("/readyz")
    calls = []
    monkeypatch.setattr(MigrationExecutor, "__init__", lambda *a, **k: calls.append(a))
    assert client.get("/readyz").status_code == 200
    assert calls == []


def test_liveness_runs_no_query(db, client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/healthz").content == b"ok"
    assert len(queries) == 0
