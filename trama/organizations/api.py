"""The organisations registry over HTTP: the same selectors and services as the pages."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema, errors
from trama.core.errors import StaleObjectError
from trama.organizations import selectors, services
from trama.organizations.capabilities import EDIT_REGISTRY
from trama.organizations.importing import istat_code
from trama.organizations.models import ActivitySector, Organization, RuntsSection
from trama.territory.models import Municipality

router = Router(tags=["organizations"], auth=token_auth)


class OrganizationOut(Schema):
    id: int
    name: str
    kind: str
    legal_form: str
    fiscal_code: str
    vat_number: str
    runts_section: str | None = Field(None, description="RUNTS section letter (a–g)")
    runts_number: str
    address: str
    postcode: str
    municipality_istat: str | None = Field(
        None, description="ISTAT code of the seat's municipality"
    )
    city: str
    email: str
    pec: str
    phone: str
    website: str
    description: str
    sectors: list[str] = Field(description="letters of art. 5 of the Codice del Terzo Settore")
    municipalities_served: list[str] = Field(description="ISTAT codes")
    is_demo: bool
    version: int = Field(description="send it back in PATCH (optimistic locking)")

    @staticmethod
    def resolve_runts_section(obj: Organization) -> str | None:
        return obj.runts_section.code if obj.runts_section else None

    @staticmethod
    def resolve_municipality_istat(obj: Organization) -> str | None:
        return obj.municipality.istat_code if obj.municipality else None

    @staticmethod
    def resolve_sectors(obj: Organization) -> list[str]:
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_municipalities_served(obj: Organization) -> list[str]:
        return [m.istat_code for m in obj.municipalities_served.all()]


class OrganizationFilterIn(InputSchema):
    q: str = Field(
        "", description="name (accent-insensitive) or exact codice fiscale / partita IVA"
    )
    kind: str = ""
    legal_form: str = ""
    sector: str = Field("", description="letter of a sector of activity")
    municipality_id: DatabaseId | None = Field(None, description="seat or served there")
    runts_section: str = Field("", description="RUNTS section letter")

    def to_filters(self) -> selectors.OrganizationFilters:
        return selectors.OrganizationFilters(
            search=self.q.strip(),
            kind=self.kind,
            legal_form=self.legal_form,
            sector=self.sector.lower(),
            municipality_id=self.municipality_id,
            runts_section=self.runts_section.lower(),
        )


class OrganizationIn(InputSchema):
    name: str
    kind: str = "ets"
    legal_form: str
    fiscal_code: str = ""
    vat_number: str = ""
    runts_section: str | None = Field(None, description="RUNTS section letter (a–g)")
    runts_number: str = ""
    address: str = ""
    postcode: str = ""
    municipality_istat: str | None = Field(
        None, description="ISTAT code of the seat's municipality"
    )
    city: str = ""
    email: str = ""
    pec: str = ""
    phone: str = ""
    website: str = ""
    description: str = ""
    sectors: list[str] = Field(default_factory=list, description='letters, e.g. ["a", "u"]')
    municipalities_served: list[str] = Field(default_factory=list, description="ISTAT codes")


class OrganizationPatch(InputSchema):
    """Only the fields sent are changed; `version` is the one read before editing."""

    version: int
    name: str | None = None
    kind: str | None = None
    legal_form: str | None = None
    fiscal_code: str | None = None
    vat_number: str | None = None
    runts_section: str | None = None
    runts_number: str | None = None
    address: str | None = None
    postcode: str | None = None
    municipality_istat: str | None = None
    city: str | None = None
    email: str | None = None
    pec: str | None = None
    phone: str | None = None
    website: str | None = None
    description: str | None = None
    sectors: list[str] | None = None
    municipalities_served: list[str] | None = None


def _service_arguments(data: dict) -> dict:
    """Schema fields → service arguments: codes resolved to rows, unknown codes refused
    (422) naming the field; a null text field means empty."""
    errors: dict[str, list[str]] = {}
    arguments = {}
    for name, value in data.items():
        if name == "runts_section":
            arguments[name] = None
            if value:
                arguments[name] = RuntsSection.objects.filter(code=value.strip().lower()).first()
                if arguments[name] is None:
                    errors[name] = [
                        _("Unknown RUNTS section “%(value)s”: use a letter from a to g.")
                        % {"value": value}
                    ]
        elif name == "municipality_istat":
            arguments["municipality"] = None
            if value:
                arguments["municipality"] = Municipality.objects.filter(
                    istat_code=istat_code(value)
                ).first()
                if arguments["municipality"] is None:
                    errors[name] = [
                        _("Unknown municipality ISTAT code “%(value)s”.") % {"value": value}
                    ]
        elif name == "sectors":
            letters = {letter.strip().lower() for letter in value or ()}
            found = list(ActivitySector.objects.filter(code__in=letters))
            unknown = sorted(letters - {s.code for s in found})
            if unknown:
                errors[name] = [
                    _(
                        "Unknown sector(s) of activity: %(values)s. Use the letters a–z of art. 5 of the Codice del Terzo Settore."
                    )
                    % {"values": ", ".join(unknown)}
                ]
            arguments[name] = found
        elif name == "municipalities_served":
            codes = {istat_code(code) for code in value or ()}
            found = list(Municipality.objects.filter(istat_code__in=codes))
            unknown = sorted(codes - {m.istat_code for m in found})
            if unknown:
                errors[name] = [
                    _("Unknown municipality ISTAT code(s): %(values)s.")
                    % {"values": ", ".join(unknown)}
                ]
            arguments[name] = found
        else:
            arguments[name] = "" if value is None else value
    if errors:
        raise ValidationError(errors)
    return arguments


def _get_or_404(request, org_id: DatabaseId) -> Organization:
    return selectors.organization_get(user=request.auth, pk=org_id)


@router.get("", response=list[OrganizationOut], summary="Organisations the token's user may see")
@paginate(BoundedLimitOffsetPagination)
def organization_list(request, filters: Query[OrganizationFilterIn]):
    return selectors.organization_list_detailed(user=request.auth, filters=filters.to_filters())


@router.get("/{org_id}", response=OrganizationOut, summary="One organisation")
def organization_detail(request, org_id: DatabaseId):
    return _get_or_404(request, org_id)


@router.post(
    "", response={201: OrganizationOut}, summary="Register an organisation (coordinator, admin)"
)
def organization_create(request, payload: OrganizationIn):
    EDIT_REGISTRY.require(request.auth)
    organization = services.organization_create(
        actor=request.auth, **_service_arguments(payload.model_dump())
    )
    return Status(201, selectors.organization_get(user=request.auth, pk=organization.pk))


@router.patch(
    "/{org_id}",
    response={200: OrganizationOut, **errors(409)},
    summary="Change an organisation (409 when someone saved it after `version`)",
)
def organization_update(request, org_id: DatabaseId, payload: OrganizationPatch):
    organization = _get_or_404(request, org_id)
    if not selectors.can_edit_organization(user=request.auth, organization=organization):
        raise PermissionDenied
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    try:
        services.organization_update(
            actor=request.auth,
            organization=organization,
            version=version,
            **_service_arguments(changes),
        )
    except StaleObjectError as error:
        return Status(409, {"detail": " ".join(error.messages)})
    return Status(200, selectors.organization_get(user=request.auth, pk=org_id))
