"""The kit of every app's API: bounded integers, so that no request can ask the database
for a number it cannot hold (a 422, never a 500); the error answers and their schemas; and
`TramaAPI`, whose OpenAPI document lists them (decision 0016)."""

from typing import Annotated, Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.pagination import LimitOffsetPagination
from ninja.schema import NinjaGenerateJsonSchema
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


# --- Error answers -------------------------------------------------------------------------


class ErrorOut(Schema):
    """Body of every error answer but a 422: 400, 401, 403, 404, 409, 429."""

    detail: str
    code: str | None = Field(
        None, description="stable name of the refusal, e.g. `stale`, `not_found` (decision 0026)"
    )


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description='where, e.g. ["body", "name"] or ["query", "limit"]')
    msg: str
    type: str
    code: str = Field(description="stable name of the rule, e.g. `frozen`, `closed`, `missing`")


class ValidationErrorOut(Schema):
    """Body of a 422: one entry per refused value."""

    detail: list[FieldErrorOut]


ERROR_DESCRIPTIONS = {
    400: "The body is not JSON",
    401: "No token, or a token that is unknown, revoked or expired",
    403: "The token's user has no role that may do this",
    404: "Not found, or outside the token's user's scope",
    409: "Conflict: the record changed since `version` was read, or the action clashes with its state",
    422: "A value was refused (see `detail`)",
    429: "Too many requests",
}


def errors(*statuses: int) -> dict[int, type[Schema]]:
    """The error answers of an operation, to merge into its `response=`:
    `response={200: ThingOut, **errors(404, 409)}`. 401 (when it takes a token), 403 (when it
    requires one), 404 (when its path names a record), 422 (when it takes any input) and 400
    (when it takes a JSON body) are added by `TramaAPI` itself."""
    unknown = set(statuses) - set(ERROR_DESCRIPTIONS)
    if unknown:
        raise ValueError(f"no documented error answer for {sorted(unknown)}")
    return {status: ValidationErrorOut if status == 422 else ErrorOut for status in statuses}


# --- The OpenAPI document ------------------------------------------------------------------


class DuplicateSchemaNameError(ImproperlyConfigured):
    pass


class TramaOpenAPISchema(OpenAPISchema):
    """ninja's document, made strict where ninja is lenient: two different models with one
    component name fail (ninja would keep the last, documenting an endpoint with another
    model's fields); an anonymous-friendly token is documented as optional; every operation
    lists the error answers it can give."""

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and _comparable(known) != _comparable(definition):
                raise DuplicateSchemaNameError(
                    f"Two different API schemas are both named {name!r}: rename one "
                    "(component names must be unique across the API)."
                )
        super().add_schema_definitions(definitions)

    def operation_security(self, operation: Operation) -> list[dict] | None:
        result = []
        for auth in operation.auth_callbacks or ():
            if hasattr(auth, "openapi_security_schema"):
                name = getattr(auth, "security_scheme_name", type(auth).__name__)
                self.securitySchemes[name] = auth.openapi_security_schema
                result.append({name: []})
                if getattr(auth, "allows_anonymous", False):
                    result.append({})  # OpenAPI: an empty requirement means "no token is fine"
        return result or None

    def responses(self, operation: Operation) -> dict[int, dict]:
        result = super().responses(operation)
        implied = set()
        if operation.auth_callbacks:
            implied.add(401)  # a wrong token is refused even where none is needed
            if not any(getattr(a, "allows_anonymous", False) for a in operation.auth_callbacks):
                implied.add(403)  # a token is required: its user's roles are checked
        sources = {model.__ninja_param_source__ for model in operation.models}
        if sources:
            implied.add(422)
        if "body" in sources:
            implied.add(400)
        if "path" in sources:
            implied.add(404)
        for status, model in errors(*(implied - set(result))).items():
            result[status] = {
                "description": ERROR_DESCRIPTIONS[status],
                "content": {self.api.renderer.media_type: {"schema": self._reference(model)}},
            }
        for status in result.keys() & ERROR_DESCRIPTIONS.keys():
            result[status]["description"] = ERROR_DESCRIPTIONS[status]
        return dict(sorted(result.items()))

    def _reference(self, model: type[Schema]) -> dict:
        """A `$ref` to `model`, its definition added to the components (through the guard)."""
        schema = model.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
        self.add_schema_definitions({**schema.pop("$defs", {}), model.__name__: schema})
        return {"$ref": REF_TEMPLATE.format(model=model.__name__)}


def _comparable(definition: dict) -> tuple:
    """What tells two models apart: their field names (an enum: its values). Not the fields'
    forms, which legitimately differ between one model's input and output documents
    (a Decimal is a number or a string going in, a string coming out)."""
    return (sorted(definition.get("properties", {})), definition.get("enum"))


class TramaAPI(NinjaAPI):
    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return TramaOpenAPISchema(api=self, path_prefix=path_prefix)
