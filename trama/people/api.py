"""People over HTTP: the same selectors and services as the pages. Reading one person needs
a purpose, written to the access log."""

import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from trama.accounts.api import token_auth
from trama.core.api import (
    MAX_DATABASE_INTEGER,
    BoundedLimitOffsetPagination,
    DatabaseId,
    InputSchema,
)
from trama.core.errors import DomainError, StaleObjectError
from trama.people import eligibility, selectors, services
from trama.people.capabilities import READ_PEOPLE, WRITE_PEOPLE
from trama.people.errors import PeopleErrors
from trama.people.models import (
    Consent,
    ConsentPurpose,
    FamilyNetwork,
    Household,
    HouseholdMember,
    Housing,
    IseeDeclaration,
    OpenPurpose,
    PrivacyNotice,
    Relationship,
    Sex,
)
from trama.projects.selectors import project_eligibility_list
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
    q: str = Field(
        "",
        max_length=100,
        description="name, words in any order (accents, apostrophes, spaces ignored), or exact CF",
    )
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


# Households: declared before the routes "/{person_id}", which would otherwise catch
# "/households" (Django tries the routes in order).


class HouseholdSummaryOut(Schema):
    id: int
    label: str
    address: str
    municipality_id: int | None
    housing: str
    reference_hub_id: int


class HouseholdMemberOut(Schema):
    id: int
    person_id: int
    first_name: str
    last_name: str
    relationship: str

    @staticmethod
    def resolve_first_name(obj: HouseholdMember) -> str:
        return obj.person.first_name

    @staticmethod
    def resolve_last_name(obj: HouseholdMember) -> str:
        return obj.person.last_name


class IseeOut(Schema):
    id: int
    value: Decimal
    issued_on: datetime.date
    expires_on: datetime.date = Field(description="last day of validity, inclusive")
    valid_today: bool

    @staticmethod
    def resolve_valid_today(obj: IseeDeclaration) -> bool:
        return obj.is_valid_on(timezone.localdate())


class HouseholdOut(HouseholdSummaryOut):
    members: list[HouseholdMemberOut]
    isee_declarations: list[IseeOut]

    @staticmethod
    def resolve_members(obj: Household) -> list:
        return list(obj.members.all())

    @staticmethod
    def resolve_isee_declarations(obj: Household) -> list:
        return list(obj.isee_declarations.all())


class HouseholdIn(InputSchema):
    label: str = Field(max_length=200)
    address: str = Field("", max_length=200)
    municipality_id: DatabaseId | None = None
    housing: Housing = Housing.UNKNOWN
    reference_hub_id: DatabaseId


class HouseholdMemberIn(InputSchema):
    person_id: DatabaseId = Field(description="a person the token's user follows")
    relationship: Relationship


class IseeIn(InputSchema):
    value: Decimal = Field(max_digits=10, decimal_places=2)
    issued_on: datetime.date
    expires_on: datetime.date = Field(
        description="last day of validity, inclusive, as printed on the attestation"
    )


def _municipality(municipality_id: int | None, field: str = "municipality_id"):
    """The municipality a request names, None when it names none; 422 when it is unknown."""
    if municipality_id is None:
        return None
    municipality = Municipality.objects.filter(pk=municipality_id).first()
    if municipality is None:
        raise DomainError(
            _("This municipality is not known."),
            field=field,
            code=PeopleErrors.UNKNOWN_MUNICIPALITY,
        )
    return municipality


def _require_writer(user) -> None:
    WRITE_PEOPLE.require(user)


def _household_in_scope(user, household_id: int) -> Household:
    return selectors.household_get(user=user, pk=household_id)


@router.get(
    "/households", response=list[HouseholdSummaryOut], summary="Households the token's user follows"
)
@paginate(BoundedLimitOffsetPagination)
def household_list(request):
    return selectors.household_list(user=request.auth).order_by("label", "id")


@router.post("/households", response={201: HouseholdSummaryOut}, summary="Register a household")
def household_create(request, payload: HouseholdIn):
    user = request.auth
    _require_writer(user)
    household = services.household_create(
        actor=user,
        label=payload.label,
        reference_hub=Hub.objects.filter(pk=payload.reference_hub_id).first(),
        address=payload.address.strip(),
        municipality=_municipality(payload.municipality_id),
        housing=payload.housing,
    )
    return Status(201, household)


@router.get(
    "/households/{household_id}",
    response=HouseholdOut,
    summary="One household with its members and ISEE declarations (the read is logged)",
)
def household_detail(request, household_id: DatabaseId):
    user = request.auth
    household = _household_in_scope(user, household_id)
    services.household_open(actor=user, household=household)
    return household


@router.post(
    "/households/{household_id}/members",
    response={201: HouseholdMemberOut},
    summary="Add a person the token's user follows to a household",
)
def household_member_add(request, household_id: DatabaseId, payload: HouseholdMemberIn):
    user = request.auth
    _require_writer(user)
    household = _household_in_scope(user, household_id)
    person = selectors.person_list(user=user).filter(pk=payload.person_id).first()
    if person is None:
        raise DomainError(
            _("No person with this number among the people you follow."),
            field="person_id",
            code=PeopleErrors.PERSON_NOT_FOLLOWED,
        )
    member = services.household_member_add(
        actor=user, household=household, person=person, relationship=payload.relationship
    )
    return Status(201, member)


@router.post(
    "/households/{household_id}/isee",
    response={201: IseeOut},
    summary="Record a household's ISEE (422 when negative, reversed or already expired)",
)
def isee_add(request, household_id: DatabaseId, payload: IseeIn):
    user = request.auth
    _require_writer(user)
    household = _household_in_scope(user, household_id)
    declaration = services.isee_add(
        actor=user,
        household=household,
        value=payload.value,
        issued_on=payload.issued_on,
        expires_on=payload.expires_on,
    )
    return Status(201, declaration)


@router.get("/{person_id}", response=PersonOut, summary="One person's record (the open is logged)")
def person_detail(request, person_id: DatabaseId, query: Query[PersonOpenIn]):
    return services.person_open(
        actor=request.auth, person_id=person_id, purpose=query.purpose, note=query.note
    )


@router.post(
    "",
    response={201: PersonOut, 409: DuplicateOut},
    summary="Register a person (409 with the existing id when the codice fiscale is known)",
)
def person_create(request, payload: PersonIn):
    WRITE_PEOPLE.require(request.auth)
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


class EligibilityLineOut(Schema):
    verdict: str = Field(description="met, not_met or unknown")
    text: str
    detail: str
    missing: list[str]
    children: list["EligibilityLineOut"]


class EligibilityOut(Schema):
    project_id: int
    project_name: str
    verdict: str = Field(description="met, not_met or unknown")
    missing: list[str] = Field(description="data that would settle an unknown result")
    explanation: EligibilityLineOut


def _line_out(line) -> dict:
    return {
        "verdict": line.verdict.value,
        "text": line.text,
        "detail": line.detail,
        "missing": list(line.missing),
        "children": [_line_out(child) for child in line.children],
    }


@router.get(
    "/{person_id}/eligibility",
    response=list[EligibilityOut],
    summary="The person's result for each project with access rules (read logged)",
)
def person_eligibility(request, person_id: DatabaseId):
    user = request.auth
    READ_PEOPLE.require(user)
    person = services.person_open(actor=user, person_id=person_id, purpose=OpenPurpose.ELIGIBILITY)
    results = eligibility.person_results(
        person=person, stored=project_eligibility_list(user=user), on=timezone.localdate()
    )
    return [
        {
            "project_id": result.project.pk,
            "project_name": result.project.name,
            "verdict": result.outcome.verdict.value,
            "missing": list(result.outcome.missing),
            "explanation": _line_out(result.line),
        }
        for result in results
    ]


# Changes to a person, with optimistic locking ------------------------------------------------


class PersonUpdateIn(InputSchema):
    """Only the fields sent are changed; `version` is the one read with the record."""

    version: int = Field(ge=1, le=MAX_DATABASE_INTEGER, description="the record's version as read")
    first_name: str = Field("", max_length=100)
    last_name: str = Field("", max_length=100)
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
    reference_hub_id: DatabaseId | None = None
    confirm_mismatch: bool = Field(
        False, description="confirm a codice fiscale that disagrees with birth date or sex"
    )


class PersonConflictOut(Schema):
    detail: str
    existing_id: int | None = Field(
        None, description="the person who has this codice fiscale, when that is the conflict"
    )


@router.patch(
    "/{person_id}",
    response={200: PersonOut, 409: PersonConflictOut},
    summary="Change a person's data (409 when someone saved after `version`, or on a known CF)",
)
def person_update(request, person_id: DatabaseId, payload: PersonUpdateIn):
    user = request.auth
    _require_writer(user)
    person = selectors.person_list(user=user).get(pk=person_id)
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    confirm = changes.pop("confirm_mismatch", False)
    if "municipality_id" in changes:
        changes["municipality"] = _municipality(changes.pop("municipality_id"))
    if "reference_hub_id" in changes:
        hub_id = changes.pop("reference_hub_id")
        changes["reference_hub"] = Hub.objects.filter(pk=hub_id).first() if hub_id else None
    if "sex" in changes:
        changes["sex"] = changes["sex"] or ""
    try:
        services.person_update(
            actor=user, person=person, version=version, confirm_mismatch=confirm, **changes
        )
    except services.DuplicateFiscalCode as error:
        return Status(409, {"detail": " ".join(error.messages), "existing_id": error.existing_id})
    except StaleObjectError as error:
        return Status(409, {"detail": " ".join(error.messages), "existing_id": None})
    # The answer is the record: an open, logged with its purpose as on the edit page.
    return Status(
        200, services.person_open(actor=user, person_id=person_id, purpose=OpenPurpose.UPDATE)
    )


# Consents ------------------------------------------------------------------------------------


class ConsentOut(Schema):
    id: int
    person_id: int
    notice_id: int
    notice_version: str
    purpose: str
    given_at: datetime.datetime
    withdrawn_at: datetime.datetime | None

    @staticmethod
    def resolve_notice_version(obj: Consent) -> str:
        return obj.notice.version


class ConsentIn(InputSchema):
    notice_id: DatabaseId = Field(description="the privacy notice the person acknowledged")
    purpose: ConsentPurpose


@router.get(
    "/{person_id}/consents",
    response=list[ConsentOut],
    summary="A person's consents, withdrawn ones included (the open is logged)",
)
def consent_list(request, person_id: DatabaseId, query: Query[PersonOpenIn]):
    person = services.person_open(
        actor=request.auth, person_id=person_id, purpose=query.purpose, note=query.note
    )
    return list(person.consents.all())


@router.post(
    "/{person_id}/consents",
    response={201: ConsentOut},
    summary="Record a consent given now (422 when the same one is already active)",
)
def consent_record(request, person_id: DatabaseId, payload: ConsentIn):
    user = request.auth
    _require_writer(user)
    person = selectors.person_list(user=user).get(pk=person_id)
    notice = PrivacyNotice.objects.filter(pk=payload.notice_id).first()
    if notice is None:
        raise DomainError(
            _("This privacy notice is not known."),
            field="notice_id",
            code=PeopleErrors.UNKNOWN_NOTICE,
        )
    consent = services.consent_record(
        actor=user, person=person, notice=notice, purpose=payload.purpose
    )
    return Status(201, consent)


@router.post(
    "/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw a consent (422 when already withdrawn)",
)
def consent_withdraw(request, consent_id: DatabaseId):
    user = request.auth
    _require_writer(user)
    consent = selectors.consent_get(user=user, pk=consent_id)
    return services.consent_withdraw(actor=user, consent=consent)
