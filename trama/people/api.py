"""People over HTTP: the same selectors and services as the pages. Reading one person needs
a purpose, written to the access log."""

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.core.api import BoundedLimitOffsetPagination, DatabaseId, InputSchema
from trama.people import selectors, services
from trama.people.models import FamilyNetwork, OpenPurpose, Person, Sex
from trama.territory.models import Hub, Municipality

router = Router(tags=["people"], auth=token_auth)


class PersonSummaryOut(Schema):
    id: int
    first_name: str
    last_name: str
    birth_date: datetime.date | None
    municipality_id: int | None
    reference_hub_id: int


class PersonOut(PersonSummaryOut):
    sex: str
    fiscal_code: str
    phone: str
    email: str
    address: str
    citizenship: str
    languages: str
    lives_alone: bool | None
    family_network: str
    in_charge_uvg: bool | None
    other_services: str
    version: int = Field(description="optimistic locking")


class PersonFilterIn(InputSchema):
    q: str = Field("", max_length=100, description="name (accent-insensitive) or exact CF")
    municipality_id: DatabaseId | None = None
    hub_id: DatabaseId | None = None


class PersonOpenIn(InputSchema):
    purpose: OpenPurpose = Field(description="why the record is opened (logged)")
    note: str = Field("", max_length=200, description="required when purpose is `other`")


class PersonIn(InputSchema):
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    birth_date: datetime.date | None = None
    sex: Sex | None = None
    fiscal_code: str = Field("", max_length=20)
    phone: str = Field("", max_length=40)
    email: str = Field("", max_length=254)
    address: str = Field("", max_length=200)
    municipality_id: DatabaseId | None = None
    citizenship: str = Field("", max_length=100)
    languages: str = Field("", max_length=200)
    lives_alone: bool | None = None
    family_network: FamilyNetwork = FamilyNetwork.UNKNOWN
    in_charge_uvg: bool | None = None
    other_services: str = Field("", max_length=2000)
    reference_hub_id: DatabaseId
    confirm_mismatch: bool = Field(
        False, description="confirm a codice fiscale that disagrees with birth date or sex"
    )


class DuplicateOut(Schema):
    detail: str
    existing_id: int


@router.get("", response=list[PersonSummaryOut], summary="People the token's user follows")
@paginate(BoundedLimitOffsetPagination)
def person_list(request, filters: Query[PersonFilterIn]):
    return selectors.person_list(
        user=request.auth,
        filters=selectors.PersonFilters(
            search=filters.q.strip(),
            municipality_id=filters.municipality_id,
            hub_id=filters.hub_id,
        ),
    )


@router.get("/{person_id}", response=PersonOut, summary="One person's record (the open is logged)")
def person_detail(request, person_id: DatabaseId, query: Query[PersonOpenIn]):
    try:
        return services.person_open(
            actor=request.auth, person_id=person_id, purpose=query.purpose, note=query.note
        )
    except Person.DoesNotExist as exc:
        raise Http404 from exc


@router.post(
    "",
    response={201: PersonOut, 409: DuplicateOut},
    summary="Register a person (409 with the existing id when the codice fiscale is known)",
)
def person_create(request, payload: PersonIn):
    if not selectors.can_write(user=request.auth):
        raise PermissionDenied
    data = payload.model_dump()
    confirm = data.pop("confirm_mismatch")
    municipality_id = data.pop("municipality_id")
    hub_id = data.pop("reference_hub_id")
    data["sex"] = data["sex"] or ""
    data["municipality"] = (
        Municipality.objects.filter(pk=municipality_id).first() if municipality_id else None
    )
    data["reference_hub"] = Hub.objects.filter(pk=hub_id).first()
    try:
        person = services.person_create(actor=request.auth, confirm_mismatch=confirm, **data)
    except services.DuplicateFiscalCode as error:
        return Status(409, {"detail": " ".join(error.messages), "existing_id": error.existing_id})
    return Status(201, person)
