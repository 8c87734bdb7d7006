"""Writes to people's data, and the logged reads of a person's record. One transaction
each, audited. The access log names people by number only (`log_label`), never by name."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.it import codicefiscale

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core.errors import DomainError, StaleObjectError
from trama.people import selectors
from trama.people.capabilities import BREAK_GLASS, KEEP_NOTICES, WRITE_PEOPLE
from trama.people.errors import PeopleErrors
from trama.people.models import (
    EARLIEST_BIRTH_DATE,
    Consent,
    ConsentPurpose,
    Household,
    HouseholdMember,
    IseeDeclaration,
    OpenPurpose,
    Person,
    PrivacyNotice,
)
from trama.people.names import person_search_name
from trama.territory.models import Hub

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "sex",
    "fiscal_code",
    "phone",
    "email",
    "address",
    "municipality",
    "citizenship",
    "languages",
    "lives_alone",
    "family_network",
    "in_charge_uvg",
    "other_services",
    "reference_hub",
)
_FOREIGN_KEYS = ("municipality", "reference_hub")
MIN_BREAK_GLASS_REASON = 20


class DuplicateFiscalCode(DomainError):
    """A person with this codice fiscale is already registered: link to them instead."""

    def __init__(self, existing_id: int):
        self.existing_id = existing_id
        super().__init__(
            _(
                "A person with this codice fiscale is already registered: open their record "
                "instead of registering them again."
            ),
            field="fiscal_code",
            code="duplicate",
        )


class FiscalCodeMismatch(DomainError):
    """The codice fiscale disagrees with the birth date or the sex: the operator may confirm."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(
            " ".join(problems)
            + " "
            + _("Check the data, or confirm that they are right as they are."),
            field="fiscal_code",
            code="mismatch",
        )


def fiscal_code_clean(value: str) -> str:
    """Compact, upper-case and valid, or a DomainError on the field."""
    code = "".join((value or "").split()).upper()
    if not code:
        return ""
    try:
        return codicefiscale.validate(code)
    except StdnumError as exc:
        if _is_provisional(code) and isinstance(exc, InvalidChecksum):
            message = _(
                "This provisional codice fiscale (11 digits) is not valid: its check digit "
                "is wrong. Check it, or leave it empty if unknown."
            )
        else:
            message = _("This codice fiscale is not valid: check it, or leave it empty if unknown.")
        raise DomainError(
            message, field="fiscal_code", code=PeopleErrors.INVALID_FISCAL_CODE
        ) from exc


def _is_provisional(code: str) -> bool:
    """The 11-digit provisional code (given to foreigners, checked like a partita IVA): it
    encodes neither birth date nor sex."""
    return len(code) == 11 and code.isdigit()


# Omocodia: on a clash the digits of a personal code are replaced by these letters.
_OMOCODIA_DIGITS = {letter: digit for digit, letter in enumerate("LMNPQRSTUV")}


def fiscal_code_sex(code: str) -> str:
    """ "M" or "F" as a valid 16-character code encodes it (women have 40 added to the birth
    day), omocodia letters read as digits."""
    day = "".join(str(_OMOCODIA_DIGITS.get(char, char)) for char in code[9:11])
    return "F" if int(day) > 40 else "M"


def fiscal_code_problems(code: str, *, birth_date, sex: str) -> list[str]:
    """What the codice fiscale says that disagrees with the birth date or the sex; nothing
    for a provisional code, which encodes neither."""
    if not code or len(code) != 16:
        return []
    problems = []
    if birth_date:
        encoded = codicefiscale.get_birth_date(code)
        if (encoded.day, encoded.month, encoded.year % 100) != (
            birth_date.day,
            birth_date.month,
            birth_date.year % 100,
        ):
            problems.append(
                _("The codice fiscale encodes the birth date %(date)s.")
                % {"date": encoded.strftime("%d/%m/") + f"{encoded.year % 100:02d}"}
            )
    if sex and fiscal_code_sex(code) != sex:
        problems.append(_("The codice fiscale encodes the other sex."))
    return problems


def _validate_person(person: Person, *, confirm_mismatch: bool, today: datetime.date) -> None:
    errors = {}
    if not (person.first_name or "").strip():
        errors["first_name"] = [_("Give the first name.")]
    if not (person.last_name or "").strip():
        errors["last_name"] = [_("Give the last name.")]
    if person.birth_date:
        if person.birth_date > today:
            errors["birth_date"] = [_("The birth date cannot be in the future.")]
        elif person.birth_date < EARLIEST_BIRTH_DATE:
            errors["birth_date"] = [_("The birth date cannot be before 1900.")]
    if person.email:
        try:
            validate_email(person.email)
        except ValidationError:
            errors["email"] = [_("Enter a valid e-mail address.")]
    if errors:
        raise ValidationError(errors)
    person.fiscal_code = fiscal_code_clean(person.fiscal_code)
    if person.fiscal_code:
        existing = (
            Person.objects.filter(fiscal_code=person.fiscal_code)
            .exclude(pk=person.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if existing:
            raise DuplicateFiscalCode(existing)
        if not confirm_mismatch:
            problems = fiscal_code_problems(
                person.fiscal_code, birth_date=person.birth_date, sex=person.sex
            )
            if problems:
                raise FiscalCodeMismatch(problems)


def _check_hub(actor: User, hub: Hub | None) -> None:
    if hub is None:
        raise DomainError(
            _("Choose the reference hub."), field="reference_hub", code=PeopleErrors.HUB_REQUIRED
        )
    hubs = selectors.hub_scope(actor)
    if hubs is not None and hub.pk not in hubs:
        raise DomainError(
            _("You can only choose one of the hubs where you work."),
            field="reference_hub",
            code=PeopleErrors.HUB_OUT_OF_SCOPE,
        )


def _save(person: Person) -> None:
    person.first_name = " ".join(person.first_name.split())
    person.last_name = " ".join(person.last_name.split())
    person.search_name = person_search_name(person.first_name, person.last_name)
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:
        if "fiscal_code" not in str(exc):
            raise
        existing = Person.objects.filter(fiscal_code=person.fiscal_code).first()
        raise DuplicateFiscalCode(existing.pk if existing else 0) from exc


def _check_fields(fields) -> None:
    unknown = set(fields) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown person fields: {sorted(unknown)}")


@transaction.atomic
def person_create(*, actor: User, confirm_mismatch: bool = False, **fields) -> Person:
    """Register a person. A codice fiscale already registered raises DuplicateFiscalCode
    (carrying the existing person's id); one that disagrees with the birth date or the sex
    raises FiscalCodeMismatch unless `confirm_mismatch`."""
    WRITE_PEOPLE.require(actor)
    _check_fields(fields)
    fields.setdefault("fiscal_code", "")
    person = Person(**fields)
    _check_hub(actor, person.reference_hub if person.reference_hub_id else None)
    _validate_person(person, confirm_mismatch=confirm_mismatch, today=timezone.localdate())
    _save(person)
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=person,
        object_repr=person.log_label,
        details={"fiscal_code_mismatch_confirmed": True} if confirm_mismatch else None,
    )
    return person


def _comparable(person: Person, field: str) -> object:
    return getattr(person, f"{field}_id" if field in _FOREIGN_KEYS else field)


@transaction.atomic
def person_update(
    *, actor: User, person: Person, version: int, confirm_mismatch: bool = False, **changes
) -> Person:
    """Change a person's data; StaleObjectError when someone saved after `version`."""
    if not WRITE_PEOPLE.allows(actor) or not selectors.person_in_scope(user=actor, pk=person.pk):
        raise PermissionDenied
    _check_fields(changes)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.anonymized_at is not None:
        raise DomainError(
            _("This person has been anonymised: their data cannot be changed."),
            code=PeopleErrors.ANONYMISED,
        )
    if current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this person's data while you were editing it. "
                "Reload the page and apply your changes again."
            )
        )
    before = {f: _comparable(current, f) for f in changes}
    for field, value in changes.items():
        setattr(current, field, value)
    if "reference_hub" in changes and before["reference_hub"] != current.reference_hub_id:
        _check_hub(actor, current.reference_hub if current.reference_hub_id else None)
    _validate_person(current, confirm_mismatch=confirm_mismatch, today=timezone.localdate())
    current.version = F("version") + 1
    _save(current)
    current.refresh_from_db()
    changed = sorted(f for f in changes if before[f] != _comparable(current, f))
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        object_repr=current.log_label,
        details={"fields": changed},
    )
    return current


def purpose_text(purpose: str, note: str) -> str:
    """The purpose of opening a person's record as written to the access log; DomainError
    when it is missing, or "other" without a note."""
    note = " ".join((note or "").split())
    if purpose not in OpenPurpose.values:
        raise DomainError(
            _("Choose why you are opening this record."),
            field="purpose",
            code=PeopleErrors.BAD_OPEN_PURPOSE,
        )
    if purpose == OpenPurpose.OTHER and not note:
        raise DomainError(
            _("Explain why you are opening this record."),
            field="note",
            code=PeopleErrors.OPEN_NOTE_REQUIRED,
        )
    return f"{purpose}: {note}" if note else purpose


@transaction.atomic
def person_open(
    *, actor: User, person_id: int, purpose: str, note: str = "", view: str = ""
) -> Person:
    """The one logged read of a person: every page and API that shows a person's data opens
    them here (their record, or what a higher app knows about them, named by `view`, e.g.
    casework's "timeline"). In order: the purpose is checked (DomainError); the actor's scope
    is resolved once and the person fetched within it, DoesNotExist outside it (a 404 at the
    edge: `config/api.py`, `trama.core.shortcuts.get_or_404`) with nothing logged; one
    access-log entry is written with the purpose. The whole record (households, ISEE,
    consents) is prefetched only when no `view` is named. Rows about the person returned
    need no second scope check."""
    text = purpose_text(purpose, note)
    person = selectors.person_get(user=actor, pk=person_id, record=not view)
    access_log_append(
        actor=actor,
        action=Action.READ,
        obj=person,
        object_repr=person.log_label,
        purpose=text,
        details={"view": view} if view else None,
    )
    return person


@transaction.atomic
def person_open_break_glass(*, actor: User, person_id: int, reason: str) -> Person:
    """An operator opens a person outside their hubs ("break the glass"): allowed with a
    declared reason, logged and flagged for the DPO."""
    BREAK_GLASS.require(actor)
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise DomainError(
            _("Explain in at least %(count)d characters why you need this record.")
            % {"count": MIN_BREAK_GLASS_REASON},
            field="reason",
            code=PeopleErrors.REASON_TOO_SHORT,
        )
    person = selectors.person_get_unscoped(pk=person_id)
    access_log_append(
        actor=actor,
        action=Action.READ,
        obj=person,
        object_repr=person.log_label,
        purpose=f"break_glass: {reason}",
        details={"break_glass": True, "reason": reason},
    )
    return person


# Households ---------------------------------------------------------------------------


def _require_household_writer(actor: User, household: Household | None = None) -> None:
    WRITE_PEOPLE.require(actor)
    if household is not None:
        hubs = selectors.hub_scope(actor)
        if hubs is not None and household.reference_hub_id not in hubs:
            raise PermissionDenied


@transaction.atomic
def household_create(
    *,
    actor: User,
    label: str,
    reference_hub: Hub,
    address: str = "",
    municipality=None,
    housing: str = "unknown",
) -> Household:
    _require_household_writer(actor)
    _check_hub(actor, reference_hub)
    label = " ".join((label or "").split())
    if not label:
        raise DomainError(
            _("Give the household a name."),
            field="label",
            code=PeopleErrors.HOUSEHOLD_NAME_REQUIRED,
        )
    household = Household.objects.create(
        label=label,
        reference_hub=reference_hub,
        address=address,
        municipality=municipality,
        housing=housing,
    )
    access_log_append(
        actor=actor, action=Action.CREATE, obj=household, object_repr=household.log_label
    )
    return household


@transaction.atomic
def household_member_add(
    *, actor: User, household: Household, person: Person, relationship: str
) -> HouseholdMember:
    _require_household_writer(actor, household)
    if not selectors.person_in_scope(user=actor, pk=person.pk):
        raise PermissionDenied
    if HouseholdMember.objects.filter(household=household, person=person).exists():
        raise DomainError(
            _("This person is already a member of the household."),
            field="person",
            code=PeopleErrors.ALREADY_IN_HOUSEHOLD,
        )
    try:
        with transaction.atomic():
            member = HouseholdMember.objects.create(
                household=household, person=person, relationship=relationship
            )
    except IntegrityError as exc:
        raise DomainError(
            _("This person is already a member of the household."),
            field="person",
            code=PeopleErrors.ALREADY_IN_HOUSEHOLD,
        ) from exc
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=household,
        object_repr=household.log_label,
        details={"member_added": person.pk, "relationship": relationship},
    )
    return member


@transaction.atomic
def isee_add(
    *,
    actor: User,
    household: Household,
    value: Decimal,
    issued_on: datetime.date,
    expires_on: datetime.date,
) -> IseeDeclaration:
    """Record a household's ISEE; `expires_on` is its last valid day, inclusive (as on the
    DSU). Refused: a negative value, an expiry not after the issue, an issue date in the
    future, an ISEE whose last valid day is already past (it cannot count as valid)."""
    _require_household_writer(actor, household)
    today = timezone.localdate()
    errors: dict[str, list[str]] = {}
    if value is None or value < 0:
        errors["value"] = [_("The ISEE value cannot be negative.")]
    if issued_on > today:
        errors["issued_on"] = [_("The ISEE cannot be issued in the future.")]
    if expires_on <= issued_on:
        errors["expires_on"] = [_("The expiry date must come after the issue date.")]
    elif expires_on < today:
        errors["expires_on"] = [
            _("This ISEE has already expired: ask the household for a valid one.")
        ]
    if errors:
        raise ValidationError(errors)
    declaration = IseeDeclaration.objects.create(
        household=household, value=value, issued_on=issued_on, expires_on=expires_on
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=declaration,
        object_repr=f"ISEE of {household.log_label}",
    )
    return declaration


# Privacy notices and consents ------------------------------------------------------------


@transaction.atomic
def privacy_notice_create(
    *, actor: User, version: str, title: str, text: str, valid_from: datetime.date
) -> PrivacyNotice:
    KEEP_NOTICES.require(actor)
    version = version.strip()
    if PrivacyNotice.objects.filter(version=version).exists():
        raise DomainError(
            _("A notice with this version already exists."),
            field="version",
            code=PeopleErrors.NOTICE_VERSION_EXISTS,
        )
    notice = PrivacyNotice.objects.create(
        version=version, title=title.strip(), text=text, valid_from=valid_from
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=notice)
    return notice


@transaction.atomic
def consent_record(
    *,
    actor: User,
    person: Person,
    notice: PrivacyNotice,
    purpose: str,
    given_at: datetime.datetime | None = None,
) -> Consent:
    if not WRITE_PEOPLE.allows(actor) or not selectors.person_in_scope(user=actor, pk=person.pk):
        raise PermissionDenied
    if purpose not in ConsentPurpose.values:
        raise DomainError(
            _("Choose what the consent is for."),
            field="purpose",
            code=PeopleErrors.BAD_CONSENT_PURPOSE,
        )
    given_at = given_at or timezone.now()
    if given_at > timezone.now():
        raise DomainError(
            _("A consent cannot be given in the future."),
            field="given_at",
            code=PeopleErrors.CONSENT_IN_FUTURE,
        )
    if Consent.objects.filter(
        person=person, notice=notice, purpose=purpose, withdrawn_at__isnull=True
    ).exists():
        raise DomainError(
            _("This consent is already recorded for this notice."),
            field="purpose",
            code=PeopleErrors.CONSENT_EXISTS,
        )
    consent = Consent.objects.create(
        person=person, notice=notice, purpose=purpose, given_at=given_at
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=consent,
        object_repr=f"consent of {person.log_label}",
        details={"purpose": purpose, "notice": notice.version},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent) -> Consent:
    if not WRITE_PEOPLE.allows(actor) or not selectors.person_in_scope(
        user=actor, pk=consent.person_id
    ):
        raise PermissionDenied
    current = Consent.objects.select_for_update().get(pk=consent.pk)
    if current.withdrawn_at is not None:
        raise DomainError(
            _("This consent has already been withdrawn."), code=PeopleErrors.ALREADY_WITHDRAWN
        )
    current.withdrawn_at = max(timezone.now(), current.given_at)
    current.save(update_fields=["withdrawn_at"])
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        object_repr=f"consent of person #{current.person_id}",
        details={"withdrawn": True, "purpose": current.purpose},
    )
    return current


HOUSEHOLD_PURPOSE = "household_management"


def household_open(*, actor: User, household: Household) -> None:
    """A household's page shows its members and ISEE: the read is logged."""
    access_log_append(
        actor=actor,
        action=Action.READ,
        obj=household,
        object_repr=household.log_label,
        purpose=HOUSEHOLD_PURPOSE,
    )
