"""The pages `make bench` times issue as many queries with a few rows as with many
(DESIGN.md §6: "the number of queries independent of the data size"). Each test counts the
queries of one page, grows the data behind it a hundredfold, and counts again."""

from collections.abc import Callable
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.organizations.models import (
    ActivitySector,
    LegalForm,
    Organization,
    OrganizationKind,
    RuntsSection,
)
from trama.organizations.tests.factories import valid_numeric_fiscal_code
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectPartner,
    Service,
    TargetGroup,
)
from trama.territory.models import Hub, HubKind, Municipality

# Far from the serials the factories use, so generated codici fiscali never clash with theirs.
_serials = count(500_000)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(captured.captured_queries)


def _counts(client: Client, url: str, grow: Callable[[], None]) -> tuple[int, int]:
    """Queries of `url` before and after `grow()`; the first request fills per-process caches."""
    client.get(url)
    before = _queries(client, url)
    grow()
    return before, _queries(client, url)


def _organizations(number: int) -> list[Organization]:
    """`number` ETS seated in Collegno, each with two sectors and two municipalities served,
    all matching the list's filters below."""
    collegno = Municipality.objects.get(name="Collegno")
    rivoli = Municipality.objects.get(name="Rivoli")
    section = RuntsSection.objects.get(code="b")
    sectors = list(ActivitySector.objects.filter(code__in=("a", "i")))
    organizations = Organization.objects.bulk_create(
        Organization(
            name=f"Associazione Prova {serial}",
            search_name=f"associazione prova {serial}",
            kind=OrganizationKind.ETS,
            legal_form=LegalForm.SOCIAL_PROMOTION,
            fiscal_code=valid_numeric_fiscal_code(serial),
            runts_section=section,
            runts_number=str(serial),
            municipality=collegno,
            is_demo=True,
        )
        for serial in (next(_serials) for _ in range(number))
    )
    SectorLink = Organization.sectors.through
    ServedLink = Organization.municipalities_served.through
    SectorLink.objects.bulk_create(
        SectorLink(organization=o, activitysector=s) for o in organizations for s in sectors
    )
    ServedLink.objects.bulk_create(
        ServedLink(organization=o, municipality=m)
        for o in organizations
        for m in (collegno, rivoli)
    )
    return organizations


def _staff(world) -> Client:
    client = Client()
    client.force_login(world.users.coordinator)
    return client


@pytest.mark.parametrize("filtered", [True, False], ids=["filtered", "unfiltered"])
def test_organisation_list_queries_do_not_grow_with_the_registry(world, filtered):
    collegno = Municipality.objects.get(name="Collegno")
    url = reverse("organizations:list")
    if filtered:  # the filters bench/run.py measures
        url += f"?q=associazione&kind=ets&municipality={collegno.pk}"
    _organizations(10)

    with_ten, with_a_thousand = _counts(_staff(world), url, lambda: _organizations(990))

    assert Organization.objects.count() > 1_000
    assert with_a_thousand == with_ten


def test_organisation_detail_queries_do_not_grow_with_its_links(world):
    organization = world.org_own
    organization.sectors.set(ActivitySector.objects.filter(code="a"))
    organization.municipalities_served.set(Municipality.objects.filter(name="Collegno"))
    project = _project(slug="uno", partners=[])
    ProjectPartner.objects.create(
        project=project, organization=organization, role=PartnerRole.PARTNER
    )
    url = reverse("organizations:detail", kwargs={"pk": organization.pk})

    def grow() -> None:
        organization.sectors.set(ActivitySector.objects.all())
        organization.municipalities_served.set(Municipality.objects.all())
        for n in range(10):
            member = User.objects.create(username=f"member{n}", email=f"member{n}@example.org")
            RoleGrant.objects.create(
                user=member,
                role=Role.ETS_MEMBER,
                scope_kind=ScopeKind.ORGANIZATION,
                scope_id=organization.pk,
            )
            other = _project(slug=f"progetto-{n}", partners=[])
            ProjectPartner.objects.create(
                project=other, organization=organization, role=PartnerRole.NETWORK
            )

    few, many = _counts(_staff(world), url, grow)

    assert organization.sectors.count() == ActivitySector.objects.count() > 1
    assert many == few


def _project(*, slug: str, partners: list[Organization], parent: Project | None = None) -> Project:
    project = Project.objects.create(
        slug=slug,
        name=f"Progetto {slug}",
        summary="Sintesi.",
        description="Descrizione.",
        eligibility="Chi ne ha diritto.",
        status="active",
        parent=parent,
        website="https://example.org/",
    )
    ProjectPartner.objects.bulk_create(
        ProjectPartner(
            project=project,
            organization=o,
            role=PartnerRole.LEAD if i == 0 else PartnerRole.NETWORK,
        )
        for i, o in enumerate(partners)
    )
    return project


def _furnish(project: Project, numbers: range) -> None:
    """One of everything the public page lists beside the partners, per number."""
    funder = Organization.objects.filter(kind=OrganizationKind.ETS).first()
    FundingSource.objects.bulk_create(
        FundingSource(project=project, name=f"Bando {n}", funder=funder, amount=1000 * n)
        for n in numbers
    )
    Service.objects.bulk_create(
        Service(project=project, name=f"Servizio {n}", position=n) for n in numbers
    )
    project.target_groups.add(
        *TargetGroup.objects.bulk_create(
            TargetGroup(code=f"gruppo-{n}", label=f"Destinatari {n}") for n in numbers
        )
    )
    municipalities = list(Municipality.objects.order_by("name"))
    project.municipalities.add(*municipalities[: len(numbers)])
    project.hubs.add(
        *Hub.objects.bulk_create(
            Hub(
                name=f"Spazio AnCoRe {n}",
                kind=HubKind.ANCORE_SPACE,
                address="Via Roma 1",
                municipality=municipalities[n % len(municipalities)],
            )
            for n in numbers
        )
    )
    for n in numbers:
        _project(slug=f"{project.slug}-parte-{n}", partners=[], parent=project)


def test_public_project_page_queries_do_not_grow_with_its_partners(world):
    project = _project(slug="welfare", partners=[world.org_own])
    _furnish(project, range(1))
    url = reverse("public:project_detail", kwargs={"slug": project.slug})

    def grow() -> None:
        ProjectPartner.objects.bulk_create(
            ProjectPartner(project=project, organization=o, role=PartnerRole.NETWORK)
            for o in _organizations(100)
        )
        _furnish(project, range(1, 11))

    one, many = _counts(Client(), url, grow)

    assert project.partners.count() == 101
    assert many == one
