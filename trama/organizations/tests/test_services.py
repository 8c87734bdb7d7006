import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.audit.models import AccessLogEntry
from trama.core.errors import StaleObjectError
from trama.organizations.models import ActivitySector, LegalForm, Organization, RuntsSection
from trama.organizations.services import organization_create, organization_update
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db


def _create(world, **fields):
    data = {"name": "Associazione Il Ponte", "legal_form": LegalForm.SOCIAL_PROMOTION} | fields
    return organization_create(actor=world.users.coordinator, **data)


def test_create_normalises_codes_and_search_name_and_is_audited(world):
    sector = ActivitySector.objects.get(code="a")
    organization = _create(
        world,
        name="Cooperativa Sociale Società Nuova",
        fiscal_code=" 07477280015 ",
        vat_number="IT07477280015",
        sectors=[sector],
        municipalities_served=[municipality("Rivoli")],
    )
    organization.refresh_from_db()
    assert organization.fiscal_code == "07477280015"
    assert organization.vat_number == "07477280015"
    assert organization.search_name == "cooperativa sociale societa nuova"
    assert list(organization.sectors.all()) == [sector]
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "create",
        world.users.coordinator.pk,
        str(organization.pk),
    )


def test_a_wrong_check_digit_names_the_field_in_italian_and_saves_nothing(world):
    before = Organization.objects.count(), AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        _create(world, fiscal_code="95546580011")
    assert list(error.value.message_dict) == ["fiscal_code"]
    assert (
        "Il codice fiscale “95546580011” non è valido" in error.value.message_dict["fiscal_code"][0]
    )
    assert (Organization.objects.count(), AccessLogEntry.objects.count()) == before


def test_a_bad_partita_iva_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _create(world, vat_number="0747728001")
    assert "La partita IVA" in error.value.message_dict["vat_number"][0]
    assert not Organization.objects.filter(name="Associazione Il Ponte").exists()


def test_a_sixteen_character_codice_fiscale_is_accepted(world):
    organization = _create(world, name="Ditta Individuale Rossi", fiscal_code="rssmra85t10a562s")
    assert organization.fiscal_code == "RSSMRA85T10A562S"


def test_the_same_codice_fiscale_twice_is_refused(world):
    with pytest.raises(ValidationError) as error:
        _create(world, fiscal_code=world.org_other.fiscal_code)
    assert error.value.message_dict == {
        "fiscal_code": ["Un'altra organizzazione ha già questo codice fiscale."]
    }


def test_a_runts_number_needs_its_section_with_one_clear_message(world):
    with pytest.raises(ValidationError) as error:
        _create(world, runts_number="1234")
    assert error.value.message_dict == {
        "runts_section": ["Indicare la sezione RUNTS del numero di iscrizione."]
    }


def test_only_coordinator_and_admin_create(world):
    with pytest.raises(PermissionDenied):
        organization_create(
            actor=world.users.ets_member, name="X", legal_form=LegalForm.ASSOCIATION
        )
    loader = organization_create(
        actor=None, check_permission=False, name="X", legal_form=LegalForm.ASSOCIATION
    )
    assert loader.pk


def test_update_bumps_the_version_and_audits_the_changed_fields(world):
    organization = world.org_own
    updated = organization_update(
        actor=world.users.ets_member,
        organization=organization,
        version=organization.version,
        name="Auser Prova Aggiornata",
        phone=organization.phone,
        runts_section=RuntsSection.objects.get(code="a"),
        sectors=[ActivitySector.objects.get(code="u")],
    )
    assert updated.version == organization.version + 1
    assert updated.search_name == "auser prova aggiornata"
    entry = AccessLogEntry.objects.latest("id")
    assert entry.action == "update"
    assert entry.details == {"fields": ["name", "runts_section", "sectors"]}


def test_a_stale_version_changes_nothing(world):
    organization = world.org_own
    opened = organization.version
    organization_update(
        actor=world.users.coordinator, organization=organization, version=opened, phone="011 1"
    )
    with pytest.raises(StaleObjectError) as error:
        organization_update(
            actor=world.users.ets_member, organization=organization, version=opened, phone="011 2"
        )
    assert "Qualcun altro ha salvato" in error.value.messages[0]
    organization.refresh_from_db()
    assert (organization.phone, organization.version) == ("011 1", opened + 1)


def test_an_ets_member_edits_only_its_own_organisation(world):
    with pytest.raises(PermissionDenied):
        organization_update(
            actor=world.users.ets_member,
            organization=world.org_other,
            version=world.org_other.version,
            name="Mia",
        )
    with pytest.raises(PermissionDenied):
        organization_update(
            actor=world.users.operator, organization=world.org_own, version=1, name="Mia"
        )


def test_only_the_registry_keepers_change_the_demo_flag(world):
    with pytest.raises(PermissionDenied):
        organization_update(
            actor=world.users.ets_member, organization=world.org_own, version=1, is_demo=True
        )
    updated = organization_update(
        actor=world.users.admin, organization=world.org_own, version=1, is_demo=True
    )
    assert updated.is_demo


def test_invalid_update_leaves_the_record_as_it_was(world):
    organization = world.org_own
    with pytest.raises(ValidationError):
        organization_update(
            actor=world.users.coordinator,
            organization=organization,
            version=organization.version,
            name="Nuovo nome",
            fiscal_code="95546580011",
        )
    organization.refresh_from_db()
    assert (organization.name, organization.version) == ("Auser Prova", 1)
