"""Types shared by every app's API: bounded integers, so that no request can ask the
database for a number it cannot hold (a 422, never a 500)."""

from typing import Annotated

from django.conf import settings
from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination

MAX_DATABASE_INTEGER = 2**63 - 1  # BIGINT on PostgreSQL, INTEGER on SQLite

DatabaseId = Annotated[int, Field(ge=1, le=MAX_DATABASE_INTEGER)]


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    class Input(Schema):
        limit: int = Field(
            settings.NINJA_PAGINATION_PER_PAGE, ge=1, le=settings.NINJA_PAGINATION_MAX_LIMIT
        )
        offset: int = Field(0, ge=0, le=MAX_DATABASE_INTEGER)
