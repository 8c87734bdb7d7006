"""The data subject's rights (DESIGN.md §5, issue 4 point 8): a complete export of one person
(JSON, and a readable PDF), erasure by anonymisation that keeps every count, and the
retention policy that anonymises people inactive for years.

Who may: the DPO and the coordinator (`selectors.PRIVACY_OFFICERS`), on the person's
request; operators may not. Higher apps hold data about the person too: they take part
through the registry `trama.core.subject_data` (docs/decisions/0005-subject-data-registry.md).
"""

import datetime
import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.accounts.roles import Role
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.core import formatting, pdf, subject_data
from trama.core.errors import DomainError
from trama.people import selectors
from trama.people.capabilities import ANSWER_SUBJECT_REQUESTS
from trama.people.errors import PeopleErrors
from trama.people.models import (
    Consent,
    ConsentPurpose,
    Household,
    HouseholdMember,
    OpenPurpose,
    Person,
)
from trama.people.services import PERSON_FIELDS

EXPORT_FORMAT = "trama-subject-data/1"
# What an anonymised person is called: the name of no one. A value, not an interface text.
ANONYMOUS_NAME = "Anonimo"
ANONYMOUS_HOUSEHOLD = "Nucleo #{pk}"
# Free text and identifying fields blanked on erasure. Sex, municipality, citizenship, the
# living situation and the birth year stay: the reports count people by them.
PERSON_ERASED_TEXT = (
    "fiscal_code",
    "phone",
    "email",
    "address",
    "languages",
    "other_services",
)
PERSON_EXPORT = ("id", *PERSON_FIELDS, "anonymized_at", "created_at", "updated_at")
MIN_ERASURE_REASON = 10
RETENTION_BATCH = 500
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")


def may_handle_requests(user: User) -> bool:
    return ANSWER_SUBJECT_REQUESTS.allows(user)


def _require_officer(actor: User, person: Person) -> None:
    if not may_handle_requests(actor) or not selectors.person_in_scope(user=actor, pk=person.pk):
        raise PermissionDenied


# Export ----------------------------------------------------------------------------------


def _person_section(person: Person) -> dict:
    return {
        name: person.pk if name == "id" else subject_data.exported_value(person, name)
        for name in PERSON_EXPORT
    }


def _households_section(person_id: int) -> list[dict]:
    memberships = (
        HouseholdMember.objects.filter(person_id=person_id)
        .select_related("household__municipality", "household__reference_hub")
        .prefetch_related("household__isee_declarations")
        .order_by("id")
    )
    households = []
    for membership in memberships:
        household = membership.household
        row = {
            name: subject_data.exported_value(household, name)
            for name in ("label", "address", "municipality", "housing", "reference_hub")
        }
        # Only the person's own place in the household: the other members' data are theirs.
        row["relationship"] = str(membership.get_relationship_display())
        row["member_since"] = membership.created_at.isoformat()
        row["isee"] = [
            {
                name: subject_data.exported_value(declaration, name)
                for name in ("value", "issued_on", "expires_on")
            }
            for declaration in household.isee_declarations.all()
        ]
        households.append({"id": household.pk, **row})
    return households


def _consent_row(consent: Consent) -> dict:
    return {
        "id": consent.pk,
        "purpose": str(consent.get_purpose_display()),
        "notice_version": consent.notice.version,
        "notice_title": consent.notice.title,
        "given_at": consent.given_at.isoformat(),
        "withdrawn_at": consent.withdrawn_at.isoformat() if consent.withdrawn_at else None,
    }


def _access_log_section(actor: User, person_id: int) -> list[dict]:
    entries = selectors.person_access_entries(user=actor, person_id=person_id)
    return [
        {
            "at": entry.at.isoformat(),
            "actor": entry.actor_label,
            "role": ", ".join(_role_label(code) for code in entry.role.split(",") if code),
            "action": str(entry.get_action_display()),
            "object": entry.object_repr,
            "purpose": _readable_purpose(entry.purpose),
        }
        for entry in entries
    ]


def _role_label(code: str) -> str:
    return str(Role(code).label) if code in Role.values else code


def _readable_purpose(purpose: str) -> str:
    """ "follow_up" → its label; "other: note" → label: note (see services.purpose_text)."""
    code, separator, note = purpose.partition(": ")
    if code in OpenPurpose.values:
        return f"{OpenPurpose(code).label}{separator}{note}"
    return purpose


@transaction.atomic
def person_export(*, actor: User, person: Person, purpose: str, file_format: str = "json") -> dict:
    """Everything Trama holds about `person`, JSON-safe: the record, households and ISEE,
    consents and acknowledged notices, every app's part (the registry), and who read or
    changed the record (the access log, including this export)."""
    _require_officer(actor, person)
    purpose = " ".join((purpose or "").split())
    if not purpose:
        raise DomainError(
            _("Say why the data are exported."),
            field="purpose",
            code=PeopleErrors.EXPORT_PURPOSE_REQUIRED,
        )
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=person,
        object_repr=person.log_label,
        purpose=purpose,
        details={"format": file_format, "subject_data": True},
    )
    person = Person.objects.select_related("municipality", "reference_hub").get(pk=person.pk)
    consents = list(person.consents.select_related("notice").order_by("given_at", "id"))
    return {
        "format": EXPORT_FORMAT,
        "generated_at": timezone.now().isoformat(),
        "generated_by": actor.get_username(),
        "person": _person_section(person),
        "households": _households_section(person.pk),
        "consents": [_consent_row(c) for c in consents if c.purpose != ConsentPurpose.NOTICE],
        "notice_acknowledgements": [
            _consent_row(c) for c in consents if c.purpose == ConsentPurpose.NOTICE
        ],
        **subject_data.export_all(person.pk),
        "access_log": _access_log_section(actor, person.pk),
    }


def _fields_as_pairs(row: dict, labels: dict[str, str]) -> list[tuple[str, object]]:
    return [(labels.get(name, name), _readable(value)) for name, value in row.items()]


def _readable(value: object) -> object:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and ISO_DATE.match(value):
        return _readable_moment(value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return value


def _readable_moment(value: str) -> str:
    """An ISO date or date-time of the export, the way people read it (local time)."""
    moment = datetime.datetime.fromisoformat(value)
    if len(value) == len("2026-01-31"):
        return formatting.date_short(moment.date())
    return formatting.datetime_short(moment)


def export_sections(data: dict) -> list[dict]:
    """The export as titled lists of records of (label, value) pairs, for the PDF."""
    _title, person_labels = subject_data.model_labels(
        subject_data.ModelData(Person, person="pk", export=PERSON_EXPORT[1:])
    )
    person_labels |= {"created_at": _("Registered on"), "updated_at": _("Last changed on")}
    household_labels = {
        "id": _("Number"),
        "label": _("Household"),
        "address": _("Address"),
        "municipality": _("Municipality"),
        "housing": _("Housing"),
        "reference_hub": _("Reference hub"),
        "relationship": _("Relationship"),
        "member_since": _("Member since"),
        "isee": _("ISEE (value, issued on, expires on)"),
    }
    consent_labels = {
        "id": _("Number"),
        "purpose": _("Consent for"),
        "notice_version": _("Notice version"),
        "notice_title": _("Privacy notice"),
        "given_at": _("Given on"),
        "withdrawn_at": _("Withdrawn on"),
    }
    log_labels = {
        "at": _("When"),
        "actor": _("Who"),
        "role": _("Role"),
        "action": _("Action"),
        "object": _("Record"),
        "purpose": _("Purpose"),
    }
    households = [
        {
            **household,
            "isee": [
                f"€ {d['value']} ({d['issued_on']} – {d['expires_on']})" for d in household["isee"]
            ],
        }
        for household in data["households"]
    ]
    sections = [
        (_("Personal data"), person_labels, [data["person"]]),
        (_("Households"), household_labels, households),
        (_("Consents"), consent_labels, data["consents"]),
        (_("Privacy notices acknowledged"), consent_labels, data["notice_acknowledgements"]),
    ]
    provider_labels = subject_data.labels_all()
    for provider in subject_data.providers():
        for key, rows in data.get(provider.key, {}).items():
            title, labels = provider_labels.get(key, (key, {}))
            sections.append((title, labels, rows))
    sections.append((_("Who opened or changed the data"), log_labels, data["access_log"]))
    return [
        {"title": title, "records": [_fields_as_pairs(row, labels) for row in rows]}
        for title, labels, rows in sections
    ]


def export_pdf(data: dict) -> bytes:
    """The export rendered for a person to read (shared PDF renderer, local files only)."""
    return pdf.render_pdf(
        "people/privacy_export_pdf.html",
        {
            "data": data,
            "sections": export_sections(data),
            "generated_at": _readable_moment(data["generated_at"]),
            "consortium": settings.TRAMA_CONSORTIUM_NAME,
        },
        stylesheet="people/privacy_export_pdf.css",
    )


# Erasure ---------------------------------------------------------------------------------


def _anonymous_values(person: Person) -> dict:
    values = {field: "" for field in PERSON_ERASED_TEXT}
    values["first_name"] = ANONYMOUS_NAME
    values["last_name"] = ""
    # The year stays, so counts by age band (by year of birth) stay the same.
    values["birth_date"] = (
        datetime.date(person.birth_date.year, 1, 1) if person.birth_date else None
    )
    return values


def _anonymise_households(person_id: int) -> list[int]:
    """A household whose members are all anonymised loses its name and address too; one
    with other members keeps them (they are those members' data as well)."""
    household_ids = HouseholdMember.objects.filter(person_id=person_id).values("household_id")
    still_named = HouseholdMember.objects.filter(
        household_id__in=household_ids, person__anonymized_at__isnull=True
    ).values("household_id")
    emptied = list(
        Household.objects.filter(pk__in=household_ids)
        .exclude(pk__in=still_named)
        .values_list("pk", flat=True)
    )
    for pk in emptied:
        values = {"label": ANONYMOUS_HOUSEHOLD.format(pk=pk), "address": ""}
        Household.objects.filter(pk=pk).update(**values)
        Household.history.filter(id=pk).update(**values)
    return emptied


def _anonymise(*, actor: User | None, person_id: int, reason: str, purpose: str) -> None:
    person = Person.objects.select_for_update().get(pk=person_id)
    if person.anonymized_at is not None:
        raise DomainError(
            _("This person was already anonymised on %(date)s: there is nothing left to erase.")
            % {"date": formatting.date_short(person.anonymized_at)},
            code=PeopleErrors.ANONYMISED,
        )
    values = _anonymous_values(person)
    for field, value in values.items():
        setattr(person, field, value)
    person.search_name = ""
    person.anonymized_at = timezone.now()
    person.version = F("version") + 1
    person._change_reason = "anonymised"
    if actor is not None and actor.is_authenticated:
        person._history_user = actor
    person.save()
    # The history keeps every earlier version of the record: the old names go from it too.
    Person.history.filter(id=person_id).update(**values)
    households = _anonymise_households(person_id)
    subject_data.erase_all(person_id)
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=person,
        object_repr=f"person #{person_id}",
        purpose=purpose,
        details={"anonymised": True, "reason": reason, "households_anonymised": households},
    )


def clean_reason(reason: str) -> str:
    reason = " ".join((reason or "").split())
    if len(reason) < MIN_ERASURE_REASON:
        raise DomainError(
            _("Give the reason for the erasure in at least %(count)d characters.")
            % {"count": MIN_ERASURE_REASON},
            field="reason",
            code=PeopleErrors.REASON_TOO_SHORT,
        )
    return reason


@transaction.atomic
def person_erase(*, actor: User, person: Person, reason: str) -> None:
    """Anonymise `person` on their request: names, codice fiscale, contacts, address and
    notes go (in the history too), the birth date keeps only its year, every app blanks its
    free text about them. Rows stay, so every count in the reports stays the same; the
    access log stays too (it is the legal trail, and it never names people)."""
    _require_officer(actor, person)
    reason = clean_reason(reason)
    _anonymise(actor=actor, person_id=person.pk, reason=reason, purpose="erasure")


# Retention -------------------------------------------------------------------------------


def retention_cutoff(years: int, today: datetime.date) -> datetime.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _people_activity(person_ids: list[int]) -> dict[int, datetime.date]:
    """The latest activity recorded by people itself: a change to the record, a consent
    given or withdrawn, joining a household."""
    found: dict[int, datetime.date] = {}
    for pk, updated in Person.objects.filter(pk__in=person_ids).values_list("pk", "updated_at"):
        found[pk] = subject_data.latest(updated)
    consents = (
        Consent.objects.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(given=Max("given_at"), withdrawn=Max("withdrawn_at"))
        .order_by()
    )
    for row in consents:
        pk = row["person_id"]
        found[pk] = subject_data.latest(found.get(pk), row["given"], row["withdrawn"])
    memberships = (
        HouseholdMember.objects.filter(person_id__in=person_ids)
        .values("person_id")
        .annotate(joined=Max("created_at"))
        .order_by()
    )
    for row in memberships:
        pk = row["person_id"]
        found[pk] = subject_data.latest(found.get(pk), row["joined"])
    return found


def _batches(ids: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def retention_candidates(
    *, years: int | None = None, today: datetime.date | None = None
) -> list[int]:
    """The people not anonymised whose last activity anywhere (people and every registered
    app) is older than `years` (default `settings.TRAMA_RETENTION_YEARS`)."""
    years = settings.TRAMA_RETENTION_YEARS if years is None else years
    if years < 1:
        raise DomainError(
            _("The retention period is at least one year."),
            field="years",
            code=PeopleErrors.BAD_RETENTION,
        )
    today = today or timezone.localdate()
    cutoff = retention_cutoff(years, today)
    start_of_cutoff = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    # The record's own last change is the cheapest filter; the rest is checked per batch.
    old = list(
        Person.objects.filter(anonymized_at__isnull=True, updated_at__lt=start_of_cutoff)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    inactive = []
    for batch in _batches(old, RETENTION_BATCH):
        activity = _people_activity(batch)
        for pk, day in subject_data.last_activity_all(batch).items():
            activity[pk] = subject_data.latest(activity.get(pk), day)
        inactive.extend(pk for pk in batch if activity.get(pk) is None or activity[pk] < cutoff)
    return inactive


def retention_anonymise_inactive(
    *,
    years: int | None = None,
    today: datetime.date | None = None,
    actor: User | None = None,
) -> int:
    """Anonymise the people inactive for `years`; the count. One transaction per person, so
    a long run never holds the database, and a failure leaves the others done."""
    years = settings.TRAMA_RETENTION_YEARS if years is None else years
    count = 0
    for pk in retention_candidates(years=years, today=today):
        try:
            with transaction.atomic():
                _anonymise(
                    actor=actor,
                    person_id=pk,
                    reason=f"retention: no activity for {years} years",
                    purpose="retention",
                )
        except DomainError:
            continue  # anonymised meanwhile by an erasure
        count += 1
    return count
