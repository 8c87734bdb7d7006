"""Schemathesis generates requests from the published OpenAPI document and sends each one as
a visitor without a token and with a token of every role. Whatever it sends, the API answers
without a server error, with a status the document lists for that operation, in the content
type it documents and with a body matching the documented schema (decision 0016)."""

import itertools
import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import IDENTITIES, build_world

MAX_EXAMPLES = int(os.environ.get("TRAMA_API_FUZZ_EXAMPLES", "6"))

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# The coverage phase would add every boundary value of every parameter as an explicit example,
# hundreds per operation; the schema's examples plus a bounded fuzzing keep the run short.
schema.config.phases.update(phases=["examples", "fuzzing"])

ROLES = IDENTITIES[1:]
ROLES_PER_LATER_CASE = 2


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """One world for every operation, built once: each test's own transaction is a savepoint
    inside this one, which is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def identities(db, shared_world):
    """Who sends each generated case of one operation: the first case is sent as a visitor
    and as every role (so each role meets every operation); later ones as a visitor and as
    the next roles in turn, so that the run stays bounded."""
    turns = itertools.count()

    def next_identities() -> list[str]:
        turn = next(turns)
        if turn == 0:
            return list(IDENTITIES)
        first = (turn - 1) * ROLES_PER_LATER_CASE
        return [
            "anonymous",
            *(ROLES[(first + i) % len(ROLES)] for i in range(ROLES_PER_LATER_CASE)),
        ]

    return next_identities


def _headers(world, identity: str) -> dict[str, str]:
    if identity == "anonymous":
        return {}
    return {"Authorization": f"Bearer {world.tokens[identity]}"}


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented_to_every_identity(case, shared_world, identities):
    for identity in identities():
        case.call_and_validate(headers=_headers(shared_world, identity), checks=CHECKS)
