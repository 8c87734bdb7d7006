"""Types shared by every app's API: bounded integers, so that no request can ask the
database for a number it cannot hold (a 422, never a 500)."""

from typing import Annotated, Any

from django.conf import settings
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import model_validator

MAX_DATABASE_INTEGER = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite

DatabaseId = Annotated[int, Field(ge=1, le=MAX_DATABASE_INTEGER)]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_DATABASE_INTEGER)


def _contains_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_contains_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_contains_nul(v) for v in value)
    return False


class InputSchema(Schema):
    """Base of every API input (body or query): text holding a NUL character is refused with
    a 422, as Django's form fields do, since PostgreSQL cannot store it."""

    @model_validator(mode="before")
    @classmethod
    def _refuse_nul_characters(cls, data: Any) -> Any:
        if _contains_nul(data if isinstance(data, dict | list) else getattr(data, "_obj", data)):
            raise ValueError(_("Text cannot contain NUL characters."))
        return data


Text = Annotated[str, Field(pattern=r"^[^\x00]*$")]  # a plain str parameter, NUL refused
