from datetime import date

import pytest

from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.demo import PROJECTS, load_demo_projects
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectPartner,
    ProjectStatus,
    Service,
    TargetGroup,
)
from trama.territory.demo import load_demo_hubs
from trama.territory.models import Hub, HubKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def organizations():
    names = {name for demo in PROJECTS for name, _role in demo.partners}
    names |= {funder for demo in PROJECTS for _call, funder in demo.funding}
    return {name: OrganizationFactory(name=name) for name in names}


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (Project, ProjectPartner, FundingSource, Service, TargetGroup, Hub)
    )


def test_the_seed_projects_are_loaded_once_in_both_languages(organizations):
    load_demo_projects(organizations)
    first = _counts()
    load_demo_projects(organizations)
    assert _counts() == first

    main = Project.objects.filter(parent__isnull=True).order_by("position")
    assert [p.name for p in main] == [
        "An.Co.Re. - Well Fare Fare Bene",
        "Solidarietà Alimentare",
        "RI-abitare la città",
        "Mi affido a te",
        "Cittadella del Welfare",
    ]
    food = Project.objects.get(slug="solidarieta-alimentare")
    assert [c.name for c in food.children.order_by("position")] == [
        "Top Metro Fa Bene",
        "Food Pride XL",
    ]
    for project in Project.objects.all():
        assert project.is_public
        assert project.summary_en and project.description_en and project.eligibility_en, (
            project.slug
        )
        assert project.target_groups.exists(), project.slug
    assert all(group.label_en for group in TargetGroup.objects.all())
    assert not Service.objects.exclude(nomenclature_code="").exists()
    assert all(service.name_en for service in Service.objects.all())


def test_the_facts_of_the_seed(organizations):
    load_demo_projects(organizations)
    housing = Project.objects.get(slug="ri-abitare-la-citta")
    assert (housing.status, housing.start_date, housing.end_date) == (
        ProjectStatus.CONCLUDED,
        date(2020, 1, 1),
        date(2021, 12, 31),
    )
    assert {h.kind for h in housing.hubs.all()} == {HubKind.ATC_BUILDING}
    assert {p.organization.name for p in housing.partners.all()} == {
        "Comune di Collegno",
        "Comune di Grugliasco",
        "Consorzio Ovest Solidale",
        "ASL TO3",
        "ATC del Piemonte Centrale",
    }
    # Only RI-abitare has dates: the seed gives no other.
    assert not Project.objects.exclude(pk=housing.pk).filter(start_date__isnull=False).exists()

    citadel = Project.objects.get(slug="cittadella-del-welfare")
    assert citadel.status == ProjectStatus.CO_DESIGN
    assert {p.organization.name for p in citadel.partners.filter(role=PartnerRole.NETWORK)} == {
        "C46",
        "Auser Grugliasco",
        "UniTre Grugliasco - Università della Terza Età",
        "Gruppo Arco",
    }
    foster = Project.objects.get(slug="mi-affido-a-te")
    assert foster.website == "https://gruppoarco.org/portfolio/mi-affido-a-te/"
    assert foster.partners.get(role=PartnerRole.MANAGER).organization.name == "Gruppo Arco"
    assert foster.municipalities.count() == 5
    assert (
        FundingSource.objects.get(project__slug="food-pride-xl").funder.name
        == "Compagnia di San Paolo"
    )
    assert (
        FundingSource.objects.get(project__slug="top-metro-fa-bene").funder.name
        == "Città Metropolitana di Torino"
    )


def test_a_missing_organisation_is_named(organizations):
    del organizations["Gruppo Arco"]
    with pytest.raises(KeyError, match="Gruppo Arco"):
        load_demo_projects(organizations)


def test_demo_hubs_are_marked_and_the_atc_buildings_have_no_invented_address(db):
    hubs = load_demo_hubs()
    assert load_demo_hubs().keys() == hubs.keys()
    assert Hub.objects.filter(name__in=hubs).count() == len(hubs)
    ancore = [h for h in hubs.values() if h.kind == HubKind.ANCORE_SPACE]
    assert len({h.municipality_id for h in ancore}) == 5
    assert all("(demo)" in h.name and h.opening_hours for h in ancore)
    assert any(h.kind == HubKind.SOCIAL_GROCERY and "(demo)" in h.name for h in hubs.values())
    buildings = [h for h in hubs.values() if h.kind == HubKind.ATC_BUILDING]
    assert sorted(h.municipality.name for h in buildings) == ["Collegno", "Grugliasco"]
    assert all(h.address == "" for h in buildings)
