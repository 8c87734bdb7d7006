import pytest
from django.core.exceptions import PermissionDenied

from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.organizations.selectors import OrganizationFilters, organization_get, organization_list
from trama.organizations.tests.factories import OrganizationFactory
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db


def _names(user, **filters) -> list[str]:
    return [o.name for o in organization_list(user=user, filters=OrganizationFilters(**filters))]


def test_search_ignores_accents_and_case(world):
    OrganizationFactory(name="Cooperativa Sociale Società")
    assert _names(world.users.coordinator, search="societa") == ["Cooperativa Sociale Società"]
    assert _names(world.users.coordinator, search="SOCIETÀ") == ["Cooperativa Sociale Società"]
    assert _names(world.users.coordinator, search="nessuna") == []


def test_search_matches_an_exact_codice_fiscale_or_partita_iva(world):
    OrganizationFactory(name="Con IVA", fiscal_code="", vat_number="07477280015")
    assert _names(world.users.coordinator, search=world.org_other.fiscal_code) == [
        "Cooperativa Altra"
    ]
    assert _names(world.users.coordinator, search="IT 07477280015") == ["Con IVA"]
    assert _names(world.users.coordinator, search=world.org_other.fiscal_code[:6]) == []


def test_filters(world):
    rivoli, rosta = municipality("Rivoli"), municipality("Rosta")
    section_a = RuntsSection.objects.get(code="a")
    seated = OrganizationFactory(
        name="Sede a Rivoli",
        legal_form=LegalForm.VOLUNTEER_ORG,
        municipality=rivoli,
        runts_section=section_a,
    )
    seated.sectors.set([ActivitySector.objects.get(code="u")])
    serving = OrganizationFactory(name="Serve Rivoli e Rosta")
    serving.municipalities_served.set([rivoli, rosta])
    coordinator = world.users.coordinator

    assert _names(coordinator, municipality_id=rivoli.pk) == [
        "Sede a Rivoli",
        "Serve Rivoli e Rosta",
    ]
    assert _names(coordinator, municipality_id=rosta.pk) == ["Serve Rivoli e Rosta"]
    assert _names(coordinator, sector="u") == ["Sede a Rivoli"]
    assert _names(coordinator, runts_section="a") == ["Sede a Rivoli"]
    assert _names(coordinator, legal_form=LegalForm.VOLUNTEER_ORG) == ["Sede a Rivoli"]
    assert _names(coordinator, kind=OrganizationKind.PUBLIC_BODY) == ["Comune di Prova"]
    assert _names(
        coordinator, kind=OrganizationKind.ETS, municipality_id=rivoli.pk, sector="u"
    ) == ["Sede a Rivoli"]


def test_scope(world):
    everyone = {"Auser Prova", "Cooperativa Altra", "Comune di Prova"}
    for role in ("coordinator", "operator", "partner", "evaluator", "dpo"):
        assert set(_names(world.user_by_role[role])) == everyone, role
    assert _names(world.users.ets_member) == ["Auser Prova"]
    with pytest.raises(Organization.DoesNotExist):
        organization_get(user=world.users.ets_member, pk=world.org_other.pk)
    with pytest.raises(PermissionDenied):
        organization_list(user=world.users.volunteer)
