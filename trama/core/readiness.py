"""Readiness: can this process serve requests? The database answers and every migration the
code knows is applied. A load balancer sends traffic only to a ready process; `/healthz` (is
the process alive) stays free of the database so a slow database never restarts the web."""

from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

# Once every migration is applied it stays so for the life of the process (a new migration
# comes with new code, hence a new process): skip reading the migration graph from then on.
_migrations_known_applied = False


@dataclass(frozen=True)
class Readiness:
    database: bool
    pending_migrations: tuple[str, ...]

    @property
    def ready(self) -> bool:
        return self.database and not self.pending_migrations


def readiness() -> Readiness:
    global _migrations_known_applied
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return Readiness(database=False, pending_migrations=())
    if _migrations_known_applied:
        return Readiness(database=True, pending_migrations=())
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    pending = tuple(f"{migration.app_label}.{migration.name}" for migration, _ in plan)
    _migrations_known_applied = not pending
    return Readiness(database=True, pending_migrations=pending)
