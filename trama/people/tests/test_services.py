import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.core.errors import StaleObjectError
from trama.people import selectors, services
from trama.people.models import Consent, IseeDeclaration, Person
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory

pytestmark = pytest.mark.django_db

CF_MARIA = "RSSMRA50C41L219O"  # Rossi Maria, F, 1 March 1950


def _create(world, role="operator", **fields):
    data = {
        "first_name": "Maria",
        "last_name": "Rossi",
        "birth_date": datetime.date(1950, 3, 1),
        "sex": "F",
        "reference_hub": world.hub_own,
    } | fields
    return services.person_create(actor=world.user_by_role[role], **data)


def test_a_walk_in_without_codice_fiscale_is_registered_and_audited(world):
    person = _create(world, fiscal_code="", birth_date=None, sex="")
    assert person.fiscal_code == ""
    entry = AccessLogEntry.objects.get(action="create", object_type="people.person")
    assert entry.object_repr == f"person #{person.pk}"  # no names in the log


def test_the_codice_fiscale_is_validated_and_stored_compact(world):
    person = _create(world, fiscal_code=" rssmra50c41l219o ")
    assert person.fiscal_code == CF_MARIA
    with pytest.raises(ValidationError) as error:
        _create(world, fiscal_code="RSSMRA50C41L219X", first_name="Altra")
    assert "fiscal_code" in error.value.message_dict


def test_a_duplicate_codice_fiscale_links_to_the_existing_person(world):
    first = _create(world, fiscal_code=CF_MARIA)
    with pytest.raises(services.DuplicateFiscalCode) as error:
        _create(world, role="coordinator", fiscal_code=CF_MARIA)
    assert error.value.existing_id == first.pk
    assert Person.objects.count() == 1


def test_a_codice_fiscale_that_disagrees_is_a_warning_the_operator_can_confirm(world):
    with pytest.raises(services.FiscalCodeMismatch) as error:
        _create(world, fiscal_code=CF_MARIA, sex="M", birth_date=datetime.date(1950, 3, 2))
    text = " ".join(error.value.messages)
    assert "01/03/50" in text and "sesso" in text
    assert not Person.objects.exists()
    person = _create(
        world,
        fiscal_code=CF_MARIA,
        sex="M",
        birth_date=datetime.date(1950, 3, 2),
        confirm_mismatch=True,
    )
    assert person.pk
    assert AccessLogEntry.objects.get(action="create", object_type="people.person").details == {
        "fiscal_code_mismatch_confirmed": True
    }


def test_a_birth_date_in_the_future_is_refused(world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        _create(world, birth_date=tomorrow)
    assert error.value.message_dict["birth_date"] == ["La data di nascita non può essere futura."]
    assert not Person.objects.exists()


def test_an_operator_registers_only_in_their_own_hubs_and_admin_not_at_all(world):
    other = HouseholdFactory().reference_hub
    with pytest.raises(ValidationError):
        _create(world, reference_hub=other)
    with pytest.raises(PermissionDenied):
        _create(world, role="admin")
    with pytest.raises(PermissionDenied):
        _create(world, role="dpo")


def test_the_update_checks_the_version(world):
    person = _create(world)
    services.person_update(
        actor=world.users.operator, person=person, version=1, phone="011 1234567"
    )
    with pytest.raises(StaleObjectError):
        services.person_update(actor=world.users.operator, person=person, version=1, phone="0")
    assert Person.objects.get().phone == "011 1234567"


def test_accent_insensitive_search_both_ways(world):
    PersonFactory(first_name="Niccolò", last_name="D'Àrco", reference_hub=world.hub_own)
    services.person_create(
        actor=world.users.operator,
        first_name="Nicolò",
        last_name="Gàllo",
        reference_hub=world.hub_own,
    )
    PersonFactory(first_name="Mario", last_name="Bianchi", reference_hub=world.hub_own)

    def names(q):
        filters = selectors.PersonFilters(search=q)
        return sorted(
            p.first_name for p in selectors.person_list(user=world.users.operator, filters=filters)
        )

    assert names("Nicolo") == ["Niccolò", "Nicolò"]
    assert names("niccolo") == ["Niccolò", "Nicolò"]
    assert names("gallo nicolo") == ["Nicolò"]
    assert names("NICOLÒ GALLO") == ["Nicolò"]
    assert names("d'arco") == ["Niccolò"]
    assert names("rosi") == []
    assert names("Bianki") == []
    assert names("BIANCHI") == ["Mario"]


def test_scope_operator_sees_own_hub_admin_is_refused(world):
    own = PersonFactory(reference_hub=world.hub_own)
    other = PersonFactory()
    assert list(selectors.person_list(user=world.users.operator)) == [own]
    assert set(selectors.person_list(user=world.users.coordinator)) == {own, other}
    assert list(selectors.person_list(user=world.users.dpo)) == []  # decision 0019
    with pytest.raises(Person.DoesNotExist):
        selectors.person_get(user=world.users.operator, pk=other.pk)
    for role in ("admin", "ets_member", "volunteer", "partner", "evaluator"):
        with pytest.raises(PermissionDenied):
            selectors.person_list(user=world.user_by_role[role])


def test_every_open_is_logged_with_its_purpose(world):
    person = PersonFactory(reference_hub=world.hub_own)
    services.person_open(actor=world.users.operator, person_id=person.pk, purpose="listening")
    services.person_open(
        actor=world.users.operator, person_id=person.pk, purpose="other", note="verifica"
    )
    purposes = list(
        AccessLogEntry.objects.filter(action="read", object_id=str(person.pk))
        .order_by("id")
        .values_list("purpose", flat=True)
    )
    assert purposes == ["listening", "other: verifica"]
    with pytest.raises(ValidationError):
        services.person_open(actor=world.users.operator, person_id=person.pk, purpose="")
    with pytest.raises(ValidationError):
        services.person_open(actor=world.users.operator, person_id=person.pk, purpose="other")
    assert AccessLogEntry.objects.filter(action="read").count() == 2


def test_break_the_glass_is_logged_flagged_and_listed_for_the_dpo(world):
    other = PersonFactory()
    with pytest.raises(ValidationError):
        services.person_open_break_glass(actor=world.users.operator, person_id=other.pk, reason="x")
    reason = "La persona si è presentata in emergenza al nostro sportello."
    person = services.person_open_break_glass(
        actor=world.users.operator, person_id=other.pk, reason=reason
    )
    assert person == other
    entry = AccessLogEntry.objects.get(action="read")
    assert entry.details == {"break_glass": True, "reason": reason}
    assert list(selectors.break_glass_list(user=world.users.dpo)) == [entry]
    services.person_open(actor=world.users.coordinator, person_id=other.pk, purpose="listening")
    assert selectors.break_glass_list(user=world.users.dpo).count() == 1
    with pytest.raises(PermissionDenied):
        selectors.break_glass_list(user=world.users.operator)
    with pytest.raises(PermissionDenied):
        services.person_open_break_glass(
            actor=world.users.coordinator, person_id=other.pk, reason=reason
        )


def test_isee_negative_expired_or_reversed_is_refused(world):
    household = HouseholdFactory(reference_hub=world.hub_own)
    today = timezone.localdate()
    year = datetime.timedelta(days=365)

    def add(value, issued, expires):
        return services.isee_add(
            actor=world.users.operator,
            household=household,
            value=Decimal(value),
            issued_on=issued,
            expires_on=expires,
        )

    with pytest.raises(ValidationError) as error:
        add("-1", today, today + year)
    assert "value" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add("1000", today - 2 * year, today - year)
    assert "expires_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        add("1000", today, today - datetime.timedelta(days=1))
    assert "expires_on" in error.value.message_dict
    assert not IseeDeclaration.objects.exists()
    declaration = add("8500.50", today, today + year)
    assert declaration.is_valid_on(today)
    assert declaration.is_valid_on(today + year)  # the expiry is the last valid day
    assert not declaration.is_valid_on(today + year + datetime.timedelta(days=1))


def test_an_isee_valid_through_today_is_recorded_one_expired_yesterday_is_not(world):
    """`expires_on` is the last valid day, inclusive ("scade il 31/12" = valid on 31/12)."""
    household = HouseholdFactory(reference_hub=world.hub_own)
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.isee_add(
            actor=world.users.operator,
            household=household,
            value=Decimal("4000"),
            issued_on=today - 300 * day,
            expires_on=today - day,
        )
    assert error.value.message_dict["expires_on"] == [
        "Questo ISEE è già scaduto: chiedi al nucleo un'attestazione valida."
    ]
    assert not IseeDeclaration.objects.exists()
    declaration = services.isee_add(
        actor=world.users.operator,
        household=household,
        value=Decimal("4000"),
        issued_on=today - 300 * day,
        expires_on=today,
    )
    assert declaration.is_valid_on(today) and not declaration.is_valid_on(today + day)


def test_members_are_added_once_and_only_from_the_operators_people(world):
    household = HouseholdFactory(reference_hub=world.hub_own)
    person = PersonFactory(reference_hub=world.hub_own)
    services.household_member_add(
        actor=world.users.operator, household=household, person=person, relationship="head"
    )
    with pytest.raises(ValidationError):
        services.household_member_add(
            actor=world.users.operator, household=household, person=person, relationship="child"
        )
    with pytest.raises(PermissionDenied):
        services.household_member_add(
            actor=world.users.operator,
            household=household,
            person=PersonFactory(),
            relationship="child",
        )


def test_consents_are_recorded_and_withdrawn(world):
    person = PersonFactory(reference_hub=world.hub_own)
    notice = PrivacyNoticeFactory()
    consent = services.consent_record(
        actor=world.users.operator, person=person, notice=notice, purpose="sensitive_data"
    )
    with pytest.raises(ValidationError):
        services.consent_record(
            actor=world.users.operator, person=person, notice=notice, purpose="sensitive_data"
        )
    services.consent_withdraw(actor=world.users.operator, consent=consent)
    assert Consent.objects.get().withdrawn_at is not None
    with pytest.raises(ValidationError):
        services.consent_withdraw(actor=world.users.operator, consent=consent)
    services.consent_record(
        actor=world.users.operator, person=person, notice=notice, purpose="sensitive_data"
    )
    assert Consent.objects.count() == 2
