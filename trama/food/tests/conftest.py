import pytest

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.food.tests.factories import grocery


@pytest.fixture
def hub(db):
    return grocery()


@pytest.fixture
def operator(hub):
    user = UserFactory()
    grant(user, Role.OPERATOR, ScopeKind.HUB, hub.pk)
    return user


@pytest.fixture
def login(client, world):
    def as_role(role: str):
        client.force_login(world.user_by_role[role])
        return client

    return as_role
