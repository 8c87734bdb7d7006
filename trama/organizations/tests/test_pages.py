import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.audit.models import AccessLogEntry
from trama.organizations.models import ActivitySector, Organization, RuntsSection
from trama.organizations.tests.factories import OrganizationFactory
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db

LIST = reverse("organizations:list")


def _form_data(**changes) -> dict:
    return {"name": "Associazione La Rete", "kind": "ets", "legal_form": "aps"} | changes


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_costs_the_same_queries_whatever_the_size(login, world):
    client = login("coordinator")
    url = f"{LIST}?kind=ets"
    few = _queries(client, url)
    seat, section = municipality("Grugliasco"), RuntsSection.objects.get(code="b")
    OrganizationFactory.create_batch(30, municipality=seat, runts_section=section)
    assert _queries(client, url) == few
    assert _queries(client, f"{url}&page=2") == few


def test_the_list_searches_filters_counts_and_pages(login, world):
    OrganizationFactory.create_batch(26, name="Gruppo")
    OrganizationFactory(name="Cooperativa Sociale Società", is_demo=True)
    client = login("operator")

    page = client.get(LIST, {"q": "societa"}).content.decode()
    assert "Cooperativa Sociale Società" in page
    assert "1 organizzazione trovata" in page
    assert "trama-badge-demo" in page
    assert "Auser Prova" not in page
    assert "q=societa&amp;format=csv" in page  # the export keeps the filters
    assert reverse("organizations:create") not in page  # an operator reads, does not register

    first = client.get(LIST, {"q": "gruppo"})
    assert "26 organizzazioni trovate" in first.content.decode()
    assert len(first.context["page_obj"].object_list) == 25
    assert len(client.get(LIST, {"q": "gruppo", "page": 2}).context["page_obj"].object_list) == 1


def test_a_filter_value_that_does_not_exist_is_ignored_not_an_error_page(login, world):
    response = login("coordinator").get(LIST, {"sector": "zz", "kind": "martian"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 3


def test_the_detail_page_shows_everything_and_the_edit_button_to_who_may_edit(login, world):
    organization = world.org_own
    organization.sectors.set([ActivitySector.objects.get(code="a")])
    organization.municipalities_served.set([municipality("Rosta")])
    url = reverse("organizations:detail", args=[organization.pk])

    page = login("ets_member").get(url).content.decode()
    assert organization.fiscal_code in page
    assert "interventi e servizi sociali" in page
    assert "Rosta" in page
    assert str(world.users.ets_member) in page  # the members
    assert reverse("organizations:edit", args=[organization.pk]) in page
    assert (
        reverse("organizations:edit", args=[organization.pk])
        not in login("operator").get(url).content.decode()
    )
    assert not AccessLogEntry.objects.filter(action="read").exists()  # not personal data


def test_create_with_a_wrong_codice_fiscale_shows_it_on_the_field_and_saves_nothing(login, world):
    count = Organization.objects.count()
    response = login("coordinator").post(
        reverse("organizations:create"), _form_data(fiscal_code="95546580011")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["fiscal_code"] == [
        "Il codice fiscale “95546580011” non è valido: controllare le cifre (l'ultima è un carattere di controllo)."
    ]
    assert Organization.objects.count() == count


def test_create_with_a_duplicate_codice_fiscale_is_refused_by_the_service(login, world):
    response = login("admin").post(
        reverse("organizations:create"), _form_data(fiscal_code=world.org_other.fiscal_code)
    )
    assert response.context["form"].errors["fiscal_code"] == [
        "Un'altra organizzazione ha già questo codice fiscale."
    ]


def test_create_registers_with_sectors_and_municipalities(login, world):
    rivoli = municipality("Rivoli")
    response = login("coordinator").post(
        reverse("organizations:create"),
        _form_data(
            fiscal_code="95546580010",
            municipality=rivoli.pk,
            sectors=[ActivitySector.objects.get(code="u").pk],
            municipalities_served=[rivoli.pk, municipality("Rosta").pk],
            website="rete.example",
        ),
    )
    organization = Organization.objects.get(name="Associazione La Rete")
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:detail", args=[organization.pk])
    assert [s.code for s in organization.sectors.all()] == ["u"]
    assert organization.municipalities_served.count() == 2
    assert organization.website == "https://rete.example"


def test_an_ets_member_edits_its_own_organisation_but_not_another(login, world):
    client = login("ets_member")
    own = reverse("organizations:edit", args=[world.org_own.pk])
    form = client.get(own).context["form"]
    assert "is_demo" not in form.fields
    response = client.post(own, _form_data(name="Auser Prova ODV", legal_form="odv", version=1))
    assert response.status_code == 302
    world.org_own.refresh_from_db()
    assert (world.org_own.name, world.org_own.version) == ("Auser Prova ODV", 2)

    other = reverse("organizations:edit", args=[world.org_other.pk])
    assert client.get(other).status_code == 404
    assert client.post(other, _form_data(version=1)).status_code == 404
    assert login("operator").get(own).status_code == 403


def test_a_stale_version_shows_a_clear_message_and_keeps_the_other_save(login, world):
    url = reverse("organizations:edit", args=[world.org_own.pk])
    assert (
        login("coordinator").post(url, _form_data(name="Salvato prima", version=1)).status_code
        == 302
    )
    response = login("ets_member").post(url, _form_data(name="Salvato dopo", version=1))
    assert response.status_code == 200
    assert "Qualcun altro ha salvato questa organizzazione" in response.content.decode()
    world.org_own.refresh_from_db()
    assert world.org_own.name == "Salvato prima"


def test_the_edit_form_opens_with_the_current_values(login, world):
    world.org_own.sectors.set([ActivitySector.objects.get(code="w")])
    form = (
        login("admin").get(reverse("organizations:edit", args=[world.org_own.pk])).context["form"]
    )
    assert form.initial["name"] == "Auser Prova"
    assert form.initial["version"] == 1
    assert [s.code for s in form.initial["sectors"]] == ["w"]
    assert "is_demo" in form.fields
