import pytest


@pytest.fixture
def login(client, world):
    """`login("operator")` → the test client, logged in as that role's user."""

    def as_role(role: str):
        client.force_login(world.user_by_role[role])
        return client

    return as_role
