import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import PartnerRole
from trama.projects.tests.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    TargetGroupFactory,
)
from trama.territory.tests.factories import HubFactory, municipality

pytestmark = pytest.mark.django_db


def _html(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _headings(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)
    ]


def test_the_home_page_is_the_seed_page_in_italian(client):
    ProjectFactory(name="Mi affido a te", summary="Affido diurno di anziani.")
    html = _html(client, "/")
    assert '<html lang="it">' in html
    assert _headings(html)[:7] == [
        "Welfare di Comunità",
        "Indice della pagina",
        "Cos’è",
        "Chi ne ha diritto",
        "Come si procede",
        "Ulteriori informazioni",
        "Contatti",
    ]
    for sentence in (
        "Co-progettare e realizzare i servizi con il territorio",
        "I progetti di Welfare di Comunità sono dedicati in particolar modo alle persone in "
        "condizioni di fragilità sociale ed economica.",
        "Le ETS locali possono contribuire alle azioni di Welfare di Comunità proponendo progetti",
        "L’approccio di lavoro “dal basso” (definito in gergo “Bottom up”)",
        "Dott. Carlo Anselmi",
        'href="tel:+390119501417"',
        "Affido diurno di anziani.",
    ):
        assert sentence in html, sentence


def test_the_home_page_in_english(client):
    ProjectFactory(
        name="Mi affido a te", summary="Affido diurno.", summary_en="Daytime foster care."
    )
    html = _html(client, "/en/")
    assert '<html lang="en">' in html
    assert _headings(html)[:7] == [
        "Community welfare",
        "Page index",
        "What it is",
        "Who can benefit",
        "How to take part",
        "More information",
        "Contacts",
    ]
    assert "Daytime foster care." in html and "Affido diurno." not in html
    assert 'href="/en/progetti/' in html


def test_the_catalog_nests_sub_projects_and_hides_unpublished_ones(client):
    food = ProjectFactory(name="Solidarietà Alimentare", position=20)
    ProjectFactory(name="Top Metro Fa Bene", parent=food, position=21)
    ProjectFactory(name="Food Pride XL", parent=food, position=22)
    ProjectFactory(name="Mi affido a te", position=40)
    ProjectFactory(name="Progetto in preparazione", is_public=False)
    food.target_groups.add(TargetGroupFactory(label="Nuclei familiari", label_en="Households"))
    food.municipalities.add(municipality("Collegno"))

    html = _html(client, "/progetti/")
    assert "Progetto in preparazione" not in html
    children = re.search(r'<ul class="trama-catalog-children"(.*?)</ul>', html, re.S).group(1)
    assert "Top Metro Fa Bene" in children and "Food Pride XL" in children
    assert "Mi affido a te" not in children
    assert (
        html.index("Solidarietà Alimentare")
        < html.index("Top Metro Fa Bene")
        < html.index("Mi affido a te")
    )
    assert "Nuclei familiari" in html and "Collegno" in html and "Attivo" in html
    english = _html(client, "/en/progetti/")
    assert "Households" in english and "Active" in english


def test_the_project_page_in_both_languages(client):
    project = ProjectFactory(
        slug="ri-abitare-la-citta",
        name="RI-abitare la città",
        description="Due palazzine ATC.",
        description_en="Two ATC buildings.",
        eligibility="Nuclei familiari fragili.",
        eligibility_en="Vulnerable households.",
        status="concluded",
        start_date="2020-01-01",
        end_date="2021-12-31",
    )
    ProjectPartnerFactory(
        project=project,
        organization=OrganizationFactory(name="ASL TO3"),
        role=PartnerRole.INSTITUTION,
    )
    FundingSourceFactory(
        project=project, name="Bando prova", funder=OrganizationFactory(name="Fondazione prova")
    )
    ServiceFactory(
        project=project, name="Cura degli spazi comuni", name_en="Care of the common spaces"
    )
    project.hubs.add(
        HubFactory(name="Spazio AnCoRe Rivoli", address="Via Roma 1", opening_hours="Lunedì 9-12")
    )
    project.municipalities.add(municipality("Grugliasco"))

    html = _html(client, "/progetti/ri-abitare-la-citta/")
    for text in (
        "Due palazzine ATC.",
        "Chi ne ha diritto",
        "Nuclei familiari fragili.",
        "Servizi offerti",
        "Cura degli spazi comuni",
        "ASL TO3",
        "Partner istituzionale",
        "Fondazione prova",
        "Spazio AnCoRe Rivoli",
        "Via Roma 1",
        "Lunedì 9-12",
        "Grugliasco",
        "2020–2021",
        "Concluso",
        "Dott. Carlo Anselmi",
    ):
        assert text in html, text
    english = _html(client, "/en/progetti/ri-abitare-la-citta/")
    for text in (
        "Two ATC buildings.",
        "Vulnerable households.",
        "Care of the common spaces",
        "Institutional partner",
        "Concluded",
        "Who can benefit",
    ):
        assert text in english, text
    assert "Due palazzine ATC." not in english


def test_an_unpublished_project_is_not_found(client):
    ProjectFactory(slug="riservato", is_public=False)
    assert client.get("/progetti/riservato/").status_code == 404
    assert client.get("/en/progetti/riservato/").status_code == 404
    assert client.get("/progetti/inesistente/").status_code == 404


def test_a_sub_project_links_its_parent(client):
    food = ProjectFactory(slug="solidarieta-alimentare", name="Solidarietà Alimentare")
    ProjectFactory(slug="food-pride-xl", name="Food Pride XL", parent=food)
    html = _html(client, "/progetti/food-pride-xl/")
    assert 'href="/progetti/solidarieta-alimentare/"' in html
    assert "Food Pride XL" in _html(client, "/progetti/solidarieta-alimentare/")


def test_the_contacts_page_lists_the_offices_from_the_database(client):
    html = _html(client, "/contatti/")
    assert html.index("Sede di Rivoli") < html.index("Sede di Grugliasco")
    for text in (
        "Via Nuova Collegiata, 5",
        "Via Leonardo Da Vinci, 135",
        'href="tel:+390119501401"',
        'href="tel:+390114037121"',
        "+39 0119501425",
        "95546580010",
        "07477280015",
        "Dott. Carlo Anselmi",
    ):
        assert text in html, text
    assert "Offices" in _html(client, "/en/contatti/")


def _queries(client, url: str) -> int:
    client.get(url)  # per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _grow_catalog(number: int) -> None:
    for n in range(number):
        main = ProjectFactory()
        ProjectFactory(parent=main)
        main.target_groups.add(TargetGroupFactory(code=f"catalogo-{n}"))
        main.municipalities.add(municipality("Collegno"), municipality("Rivoli"))


def test_the_catalog_and_the_home_run_a_fixed_number_of_queries(client):
    _grow_catalog(1)
    few = _queries(client, "/progetti/"), _queries(client, "/"), _queries(client, "/en/progetti/")
    _grow_catalog(12)
    assert (
        _queries(client, "/progetti/"),
        _queries(client, "/"),
        _queries(client, "/en/progetti/"),
    ) == few


def test_the_project_page_runs_a_fixed_number_of_queries(client):
    project = ProjectFactory(slug="welfare")

    def furnish(number: int) -> None:
        for _ in range(number):
            ProjectPartnerFactory(project=project, role=PartnerRole.NETWORK)
            FundingSourceFactory(project=project, funder=OrganizationFactory())
            ServiceFactory(project=project)
            project.target_groups.add(TargetGroupFactory())
            project.hubs.add(HubFactory())
            ProjectFactory(parent=project)

    furnish(1)
    one = _queries(client, "/progetti/welfare/")
    furnish(10)
    assert project.partners.count() == 11
    assert _queries(client, "/progetti/welfare/") == one


def test_the_contacts_page_runs_a_fixed_number_of_queries(client):
    before = _queries(client, "/contatti/")
    HubFactory(name="Sede di Rosta", kind="office", municipality=municipality("Rosta"))
    assert _queries(client, "/contatti/") == before


def test_partners_are_listed_by_the_weight_of_their_role(client):
    project = ProjectFactory(slug="cittadella")
    ProjectPartnerFactory(
        project=project, organization=OrganizationFactory(name="Auser"), role=PartnerRole.NETWORK
    )
    ProjectPartnerFactory(
        project=project, organization=OrganizationFactory(name="Zeta"), role=PartnerRole.LEAD
    )
    ProjectPartnerFactory(
        project=project, organization=OrganizationFactory(name="Beta"), role=PartnerRole.PARTNER
    )
    html = _html(client, "/progetti/cittadella/")
    assert html.index("Zeta") < html.index("Beta") < html.index("Auser")
