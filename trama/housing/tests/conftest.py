import pytest
from django.test import Client


@pytest.fixture
def client_as(world):
    """A client signed in as one of the world's roles ("mediator", "partner"...)."""

    def make(role: str) -> Client:
        client = Client()
        client.force_login(world.user_by_role[role])
        return client

    return make
