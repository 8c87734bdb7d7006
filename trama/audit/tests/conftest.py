import pytest

from trama.audit import services


@pytest.fixture
def deferred_sealing(monkeypatch):
    """Appends leave their entries unsealed on SQLite too, as they always do on PostgreSQL."""
    monkeypatch.setattr(services, "_seals_inline", lambda: False)
