"""Schemathesis generates requests from the published OpenAPI document: whatever it sends,
with a coordinator's token, the API answers without a server error and, where it documents
the response, with a body that matches its schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Like Django's test client: the WSGI handler must not close the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_never_answers_with_a_server_error(case, world):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {world.tokens['coordinator']}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
