from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from trama.core.errors import CoreErrors


def _item(loc: list, error: ValidationError) -> dict:
    message = error.message % error.params if error.params else error.message
    return {
        "loc": loc,
        "msg": str(message),
        "type": "value_error",
        "code": str(error.code or CoreErrors.INVALID),
    }


def django_validation_error_payload(exc: ValidationError) -> dict:
    """A 422 body shaped like ninja's own: {"detail": [{"loc": [...], "msg": "...",
    "type": "value_error", "code": "..."}]}; `code` is the rule's stable name (decision 0026)."""
    detail = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
            detail.extend(_item(loc, error) for error in errors)
    else:
        detail.extend(_item(["body"], error) for error in exc.error_list)
    return {"detail": detail}


def schema_error_payload(errors: list[dict]) -> dict:
    """ninja's own 422 items, given a `code` too: pydantic's error type (`missing`, …)."""
    return {
        "detail": [{**item, "code": str(item.get("type", CoreErrors.INVALID))} for item in errors]
    }


def stale_payload(exc: ValidationError) -> dict:
    """The 409 body of a `StaleObjectError`."""
    return {"detail": " ".join(exc.messages), "code": str(CoreErrors.STALE)}
