"""Domain errors carry a stable code to the API's 422/409 items (decision 0026)."""

from trama.calls.errors import CallErrors
from trama.core.api_errors import (
    django_validation_error_payload,
    schema_error_payload,
    stale_payload,
)
from trama.core.errors import CoreErrors, DomainError, StaleObjectError


def test_a_field_error_keeps_its_code_and_place():
    error = DomainError("Chiuso.", field="title", code=CallErrors.CLOSED)
    assert django_validation_error_payload(error) == {
        "detail": [
            {"loc": ["body", "title"], "msg": "Chiuso.", "type": "value_error", "code": "closed"}
        ]
    }


def test_a_general_error_without_a_code_says_invalid():
    payload = django_validation_error_payload(DomainError("No."))
    assert payload["detail"][0]["code"] == CoreErrors.INVALID == "invalid"
    assert payload["detail"][0]["loc"] == ["body"]


def test_frozen_and_closed_tell_apart_without_reading_the_message():
    frozen = django_validation_error_payload(DomainError("Same.", code=CallErrors.FROZEN))
    closed = django_validation_error_payload(DomainError("Same.", code=CallErrors.CLOSED))
    assert frozen["detail"][0]["msg"] == closed["detail"][0]["msg"]
    assert frozen["detail"][0]["code"] != closed["detail"][0]["code"]


def test_message_parameters_are_filled_in():
    from django.core.exceptions import ValidationError

    error = ValidationError("Riga %(n)d.", params={"n": 3}, code="row")
    assert django_validation_error_payload(error)["detail"][0] == {
        "loc": ["body"],
        "msg": "Riga 3.",
        "type": "value_error",
        "code": "row",
    }


def test_a_stale_error_is_a_409_body_with_its_code():
    error = StaleObjectError("Ricarica.")
    assert error.domain_code == "stale"
    assert stale_payload(error) == {"detail": "Ricarica.", "code": "stale"}


def test_schema_errors_get_the_pydantic_type_as_code():
    items = [{"loc": ["body", "x"], "msg": "Field required", "type": "missing"}]
    assert schema_error_payload(items)["detail"][0]["code"] == "missing"
