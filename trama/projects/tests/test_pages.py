import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import PartnerRole, Project, ProjectPartner
from trama.projects.tests.factories import (
    FundingSourceFactory,
    ProjectFactory,
    ProjectPartnerFactory,
    ServiceFactory,
    TargetGroupFactory,
)
from trama.territory.tests.factories import HubFactory, municipality

pytestmark = pytest.mark.django_db


def _form_data(project: Project, **changes) -> dict:
    data = {
        "name": project.name,
        "slug": project.slug,
        "status": project.status,
        "summary": project.summary,
        "summary_en": project.summary_en,
        "description": project.description,
        "description_en": project.description_en,
        "position": project.position,
        "is_public": "on" if project.is_public else "",
        "version": project.version,
    }
    return data | changes


def test_the_list_and_the_page_show_the_portfolio_with_unpublished_projects(login):
    main = ProjectFactory(name="Solidarietà Alimentare")
    ProjectFactory(name="Food Pride XL", parent=main, is_public=False)
    client = login("operator")
    page = client.get(reverse("projects:list")).content.decode()
    assert "Food Pride XL" in page and "parte di Solidarietà Alimentare" in page
    assert "Nuovo progetto" not in page  # operators read, they do not edit
    detail = client.get(reverse("projects:detail", args=[main.pk])).content.decode()
    assert "Food Pride XL" in detail and "Modifica" not in detail


def test_the_list_filters_by_status_and_text(login):
    ProjectFactory(name="Cittadella del Welfare", status="co_design")
    ProjectFactory(name="RI-abitare la città", status="concluded")
    client = login("coordinator")
    page = client.get(reverse("projects:list"), {"status": "co_design"}).content.decode()
    assert "Cittadella del Welfare" in page and "RI-abitare" not in page
    page = client.get(reverse("projects:list"), {"q": "abitare"}).content.decode()
    assert "RI-abitare" in page and "Cittadella" not in page


def test_the_list_filters_by_target_group_municipality_and_publication(login):
    elders = ProjectFactory(name="Mi affido a te")
    elders.target_groups.add(TargetGroupFactory(code="over-65"))
    elders.municipalities.add(municipality("Rosta"))
    ProjectFactory(name="Riservato", is_public=False)
    client = login("coordinator")
    url = reverse("projects:list")

    def listed(query) -> str:
        # The list only: the menu names the project's section too.
        return client.get(url, query).content.decode().split('<main id="main"')[1]

    for query in (
        {"target_group": "over-65"},
        {"municipality": municipality("Rosta").pk},
        {"public": "yes"},
    ):
        page = listed(query)
        assert "Mi affido a te" in page and "Riservato" not in page, query
    page = listed({"public": "no"})
    assert "Riservato" in page and "Mi affido a te" not in page


def test_the_coordinator_edits_a_project(login):
    project = ProjectFactory()
    group = TargetGroupFactory(label="Nuclei familiari")
    hub = HubFactory()
    response = login("coordinator").post(
        reverse("projects:edit", args=[project.pk]),
        _form_data(
            project,
            name="Mi affido a te",
            start_date="2022-01-10",
            target_groups=[group.pk],
            municipalities=[municipality("Rivoli").pk],
            hubs=[hub.pk],
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name, str(project.start_date), project.version) == (
        "Mi affido a te",
        "2022-01-10",
        2,
    )
    assert list(project.hubs.all()) == [hub]


def test_a_bad_period_is_shown_on_the_end_date_and_nothing_is_saved(login):
    project = ProjectFactory()
    response = login("admin").post(
        reverse("projects:edit", args=[project.pk]),
        _form_data(project, name="Cambiato", start_date="2022-05-01", end_date="2022-04-01"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "La data di fine non può precedere la data di inizio."
    ]
    project.refresh_from_db()
    assert (project.version, project.end_date) == (1, None)
    assert project.name != "Cambiato"


def test_a_stale_form_says_so_and_saves_nothing(login):
    project = ProjectFactory(name="Originale")
    client = login("coordinator")
    stale = _form_data(project, name="Seconda")
    client.post(reverse("projects:edit", args=[project.pk]), _form_data(project, name="Prima"))
    response = client.post(reverse("projects:edit", args=[project.pk]), stale)
    assert response.status_code == 200
    assert "Qualcun altro ha salvato questo progetto" in response.content.decode()
    project.refresh_from_db()
    assert project.name == "Prima"


def test_the_create_page_adds_a_project(login):
    response = login("coordinator").post(
        reverse("projects:create"),
        {
            "name": "Nuovo",
            "slug": "nuovo",
            "status": "planned",
            "summary": "S",
            "description": "D",
            "position": 5,
        },
    )
    project = Project.objects.get(slug="nuovo")
    assert response["Location"] == reverse("projects:detail", args=[project.pk])
    assert project.is_public is False


@pytest.mark.parametrize("role", ["operator", "partner", "dpo", "supervisor"])
def test_readers_cannot_edit(login, role):
    project = ProjectFactory(name="Originale")
    client = login(role)
    assert client.get(reverse("projects:edit", args=[project.pk])).status_code == 403
    response = client.post(
        reverse("projects:edit", args=[project.pk]), _form_data(project, name="X")
    )
    assert response.status_code == 403
    assert Project.objects.get(pk=project.pk).name == "Originale"


def test_partners_are_added_and_removed_with_messages_on_the_form(login):
    project = ProjectFactory()
    organization = OrganizationFactory(name="Gruppo Arco")
    client = login("coordinator")
    url = reverse("projects:partners", args=[project.pk])
    assert client.post(url, {"organization": organization.pk, "role": "manager"}).status_code == 302
    response = client.post(url, {"organization": organization.pk, "role": "manager"})
    assert response.status_code == 200
    assert response.context["form"].errors["organization"] == [
        "Questa organizzazione ha già questo ruolo nel progetto."
    ]
    partner = ProjectPartner.objects.get()
    assert client.post(url, {"remove": partner.pk}).status_code == 302
    assert not ProjectPartner.objects.exists()
    # A row of another project is not found through this one.
    other = ProjectPartnerFactory()
    assert client.post(url, {"remove": other.pk}).status_code == 404
    assert ProjectPartner.objects.filter(pk=other.pk).exists()


def test_funding_and_services_pages(login):
    project = ProjectFactory()
    client = login("admin")
    funding = reverse("projects:funding", args=[project.pk])
    response = client.post(funding, {"name": "Bando", "amount": "-5"})
    assert response.context["form"].errors["amount"] == ["L’importo non può essere negativo."]
    assert client.post(funding, {"name": "Bando", "amount": "1200.00"}).status_code == 302
    services = reverse("projects:services", args=[project.pk])
    assert (
        client.post(
            services, {"name": "Ascolto", "name_en": "Listening", "position": 1}
        ).status_code
        == 302
    )
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Bando" in page and "Ascolto" in page and "Listening" in page


def _queries(client, url: str) -> int:
    client.get(url)  # per-process caches (translations, content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _furnish(project: Project, count: int) -> None:
    for n in range(count):
        ProjectPartnerFactory(project=project, role=PartnerRole.NETWORK)
        FundingSourceFactory(project=project, funder=OrganizationFactory())
        ServiceFactory(project=project)
        project.target_groups.add(TargetGroupFactory())
        project.hubs.add(HubFactory())
        ProjectFactory(parent=project, name=f"Parte {n}")


def test_staff_pages_run_a_fixed_number_of_queries(login):
    client = login("coordinator")
    project = ProjectFactory()
    _furnish(project, 1)
    list_url, detail_url = reverse("projects:list"), reverse("projects:detail", args=[project.pk])
    few = _queries(client, list_url), _queries(client, detail_url)
    _furnish(project, 8)
    for n in range(10):
        other = ProjectFactory()
        other.municipalities.add(municipality("Collegno"), municipality("Rosta"))
        other.target_groups.add(TargetGroupFactory(code=f"t{n}"))
    many = _queries(client, list_url), _queries(client, detail_url)
    assert many == few
