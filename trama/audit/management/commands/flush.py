"""Django's `flush`, allowed to empty the access log on SQLite too (trama/audit/guard.py).

Emptying the whole database is the one deletion the append-only triggers let through, on
SQLite as on PostgreSQL (where `flush` is a TRUNCATE): the test runner needs it between
transactional tests.
"""

from django.core.management.commands.flush import Command as DjangoFlush

from trama.audit.guard import flush_allowed


class Command(DjangoFlush):
    def handle(self, **options):
        with flush_allowed():
            return super().handle(**options)
