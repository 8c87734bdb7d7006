from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def django_validation_error_payload(exc: ValidationError) -> dict:
    """A 422 body shaped like ninja's own: {"detail": [{"loc": [...], "msg": "..."}]}."""
    detail = []
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            loc = ["body"] if field == NON_FIELD_ERRORS else ["body", field]
            detail.extend({"loc": loc, "msg": message, "type": "value_error"} for message in errors)
    else:
        detail.extend(
            {"loc": ["body"], "msg": message, "type": "value_error"} for message in exc.messages
        )
    return {"detail": detail}
