"""The API at /api/v1/: one NinjaAPI assembling each app's router (api.py)."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404
from ninja.errors import ValidationError as NinjaValidationError

from trama.accounts.api import TokenAuth
from trama.accounts.api import router as accounts_router
from trama.calls.api import router as calls_router
from trama.casework.api import router as casework_router
from trama.core.api import TramaAPI
from trama.core.api_errors import (
    django_validation_error_payload,
    schema_error_payload,
    stale_payload,
)
from trama.core.errors import CoreErrors, StaleObjectError
from trama.housing.api import router as housing_router
from trama.organizations.api import router as organizations_router
from trama.people.api import router as people_router
from trama.projects.api import router as projects_router
from trama.territory.api import router as territory_router

api = TramaAPI(
    title="Trama API",
    version="1.0.0",
    description="Welfare di Comunità – Consorzio Ovest Solidale. Authenticate with `Authorization: Bearer <token>`.",
    urls_namespace="api-1.0.0",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/accounts/", accounts_router)
api.add_router("/", territory_router)
api.add_router("/organizations/", organizations_router)
api.add_router("/projects/", projects_router)
api.add_router("/people/", people_router)
api.add_router("/casework/", casework_router)
api.add_router("/calls/", calls_router)
api.add_router("/housing/", housing_router)


@api.exception_handler(StaleObjectError)
def _stale(request, exc: StaleObjectError):
    return api.create_response(request, stale_payload(exc), status=409)


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return api.create_response(request, django_validation_error_payload(exc), status=422)


@api.exception_handler(NinjaValidationError)
def _schema_error(request, exc: NinjaValidationError):
    return api.create_response(request, schema_error_payload(exc.errors), status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(
        request, {"detail": "Forbidden", "code": CoreErrors.FORBIDDEN}, status=403
    )


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def _not_found(request, exc):
    # A selector's `.get()` outside the user's scope is a 404, translated here once.
    return api.create_response(
        request, {"detail": "Not found", "code": CoreErrors.NOT_FOUND}, status=404
    )


__all__ = ["api", "TokenAuth"]
