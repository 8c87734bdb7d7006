from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError, StaleObjectError
from trama.organizations.tests.factories import OrganizationFactory
from trama.projects import services
from trama.projects.models import FundingSource, PartnerRole, Project, ProjectPartner, Service
from trama.projects.tests.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    TargetGroupFactory,
)
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db


def _snapshot(project: Project) -> tuple:
    project.refresh_from_db()
    return (
        project.name,
        project.start_date,
        project.end_date,
        project.version,
        AccessLogEntry.objects.count(),
    )


def test_update_changes_fields_and_relations_bumps_the_version_and_is_audited(world):
    project = ProjectFactory()
    group = TargetGroupFactory()
    updated = services.project_update(
        actor=world.users.coordinator,
        project=project,
        version=project.version,
        name="An.Co.Re.",
        start_date=date(2020, 1, 1),
        target_groups=[group],
        municipalities=[municipality("Rivoli")],
    )
    assert (updated.name, updated.version) == ("An.Co.Re.", 2)
    assert list(updated.target_groups.all()) == [group]
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "update",
        world.users.coordinator.pk,
        str(project.pk),
    )
    assert entry.details["fields"] == ["municipalities", "name", "start_date", "target_groups"]


def test_an_end_date_before_the_start_is_refused_on_end_date_in_italian(world):
    project = ProjectFactory(start_date=date(2021, 1, 1))
    before = _snapshot(project)
    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=world.users.coordinator,
            project=project,
            version=project.version,
            name="Cambiato",
            end_date=date(2020, 12, 31),
        )
    assert error.value.message_dict == {
        "end_date": ["La data di fine non può precedere la data di inizio."]
    }
    assert _snapshot(project) == before


def test_a_stale_version_changes_nothing(world):
    project = ProjectFactory()
    services.project_update(
        actor=world.users.admin, project=project, version=1, name="Prima modifica"
    )
    before = _snapshot(project)
    with pytest.raises(StaleObjectError) as error:
        services.project_update(
            actor=world.users.coordinator, project=project, version=1, name="Seconda modifica"
        )
    assert "Qualcun altro ha salvato questo progetto" in error.value.messages[0]
    assert _snapshot(project) == before
    assert project.name == "Prima modifica"


@pytest.mark.parametrize(
    "role", ["operator", "mediator", "supervisor", "partner", "dpo", "ets_member", "volunteer"]
)
def test_only_the_coordinator_and_the_administrator_edit(world, role):
    project = ProjectFactory()
    organization = OrganizationFactory()
    actor = world.user_by_role[role]
    with pytest.raises(PermissionDenied):
        services.project_update(actor=actor, project=project, version=1, name="No")
    with pytest.raises(PermissionDenied):
        services.project_partner_add(
            actor=actor, project=project, organization=organization, role=PartnerRole.PARTNER
        )
    with pytest.raises(PermissionDenied):
        services.funding_source_add(actor=actor, project=project, name="Bando")
    with pytest.raises(PermissionDenied):
        services.service_add(actor=actor, project=project, name="Ascolto")
    assert Project.objects.get(pk=project.pk).name != "No"
    assert not ProjectPartner.objects.exists()


def test_a_sub_project_cannot_have_sub_projects(world):
    main = ProjectFactory()
    child = ProjectFactory(parent=main)
    project = ProjectFactory()
    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=world.users.coordinator, project=project, version=1, parent=child
        )
    assert "parent" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.project_update(
            actor=world.users.coordinator, project=main, version=1, parent=project
        )
    assert "sotto-progetti" in error.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.project_update(actor=world.users.coordinator, project=main, version=1, parent=main)
    assert Project.objects.get(pk=main.pk).parent is None


def test_create_checks_the_short_address(world):
    ProjectFactory(slug="mi-affido-a-te")
    with pytest.raises(ValidationError) as error:
        services.project_create(
            actor=world.users.coordinator,
            slug="mi-affido-a-te",
            name="Doppione",
            summary="S",
            description="D",
        )
    assert error.value.message_dict["slug"] == ["Un altro progetto usa già questo indirizzo breve."]
    created = services.project_create(
        actor=world.users.coordinator,
        slug="nuovo",
        name="Nuovo",
        summary="S",
        description="D",
        municipalities=[municipality("Rosta")],
    )
    assert [m.name for m in created.municipalities.all()] == ["Rosta"]
    assert AccessLogEntry.objects.latest("id").action == "create"


def test_the_same_organisation_twice_in_the_same_role_is_refused(world):
    project = ProjectFactory()
    organization = OrganizationFactory()
    services.project_partner_add(
        actor=world.users.coordinator,
        project=project,
        organization=organization,
        role=PartnerRole.NETWORK,
    )
    entries = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as error:
        services.project_partner_add(
            actor=world.users.coordinator,
            project=project,
            organization=organization,
            role=PartnerRole.NETWORK,
        )
    assert error.value.field == "organization"
    assert error.value.messages == ["Questa organizzazione ha già questo ruolo nel progetto."]
    assert (project.partners.count(), AccessLogEntry.objects.count()) == (1, entries)
    # Another role for the same organisation is fine.
    services.project_partner_add(
        actor=world.users.coordinator,
        project=project,
        organization=organization,
        role=PartnerRole.MANAGER,
    )
    assert project.partners.count() == 2


def test_a_project_has_one_lead_only(world):
    project = ProjectFactory()
    ProjectPartnerFactory(project=project, role=PartnerRole.LEAD)
    with pytest.raises(DomainError) as error:
        services.project_partner_add(
            actor=world.users.admin,
            project=project,
            organization=OrganizationFactory(),
            role=PartnerRole.LEAD,
        )
    assert error.value.field == "role"
    assert "capofila" in error.value.messages[0]
    assert project.partners.count() == 1


def test_an_unknown_role_is_refused(world):
    with pytest.raises(DomainError) as error:
        services.project_partner_add(
            actor=world.users.admin,
            project=ProjectFactory(),
            organization=OrganizationFactory(),
            role="boss",
        )
    assert error.value.field == "role"


def test_a_negative_funding_amount_is_refused_and_nothing_is_saved(world):
    project = ProjectFactory()
    entries = AccessLogEntry.objects.count()
    with pytest.raises(ValidationError) as error:
        services.funding_source_add(
            actor=world.users.coordinator, project=project, name="Bando", amount=Decimal("-1")
        )
    assert error.value.message_dict == {"amount": ["L’importo non può essere negativo."]}
    assert (FundingSource.objects.count(), AccessLogEntry.objects.count()) == (0, entries)
    with pytest.raises(ValidationError) as error:
        services.funding_source_add(actor=world.users.coordinator, project=project, name="  ")
    assert list(error.value.message_dict) == ["name"]
    source = services.funding_source_add(
        actor=world.users.coordinator,
        project=project,
        name="Bando BxB",
        funder=OrganizationFactory(name="Compagnia di San Paolo"),
        amount=Decimal("15000.50"),
    )
    assert FundingSource.objects.get().amount == Decimal("15000.50")
    assert AccessLogEntry.objects.latest("id").object_id == str(source.pk)


def test_services_are_added_with_a_clean_code_and_refused_without_a_name(world):
    project = ProjectFactory()
    service = services.service_add(
        actor=world.users.coordinator,
        project=project,
        name=" Ascolto ",
        name_en="Listening",
        nomenclature_code=" a1 ",
    )
    assert (service.name, service.nomenclature_code) == ("Ascolto", "A1")
    with pytest.raises(DomainError) as error:
        services.service_add(actor=world.users.coordinator, project=project, name=" ")
    assert error.value.field == "name"
    assert project.services.count() == 1


def test_removals_are_audited(world):
    partner = ProjectPartnerFactory()
    source = FundingSourceFactory()
    service = ServiceFactory()
    services.project_partner_remove(actor=world.users.coordinator, partner=partner)
    services.funding_source_remove(actor=world.users.coordinator, funding_source=source)
    services.service_remove(actor=world.users.coordinator, service=service)
    assert not ProjectPartner.objects.exists()
    assert not FundingSource.objects.exists()
    assert not Service.objects.exists()
    deletions = AccessLogEntry.objects.filter(action="delete").values_list("object_type", flat=True)
    assert sorted(deletions) == [
        "projects.fundingsource",
        "projects.projectpartner",
        "projects.service",
    ]
    with pytest.raises(PermissionDenied):
        services.service_remove(actor=world.users.operator, service=ServiceFactory())
