"""RI-abitare la città's pages: the forms refuse bad input in Italian and change nothing, a
body reads only its issues and no household's name, another scope's objects answer 404,
reads of households are logged, and the pages that grow with data keep a fixed number of
queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.core.testing import assert_query_budget, captured_sql
from trama.housing import services
from trama.housing.models import (
    Activity,
    ActivityKind,
    ActivityReach,
    IssueCategory,
    IssueState,
    Tenancy,
)
from trama.housing.tests.factories import JOINED, atc_body, building_on
from trama.territory.tests.factories import HubFactory

BUDGET_BUILDING = 14
BUDGET_INBOX = 6  # with the page count
BUDGET_DASHBOARD = 13
BUDGET_REVIEW = 13


@pytest.fixture
def building(world):
    return building_on(world.hub_own, world.users.coordinator, owner=atc_body())


def _issue(user, building, **fields):
    return services.issue_report(
        actor=user,
        building=building,
        categories=[IssueCategory.MAINTENANCE],
        description="Perdita d'acqua in cantina",
        **fields,
    )


def _page_queries(client, url: str) -> list[str]:
    client.get(url)  # the first request fills per-process caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return captured_sql(captured)


def test_an_activity_dated_before_the_building_joined_is_refused_on_the_form(
    client_as, world, building
):
    client = client_as("mediator")
    response = client.post(
        reverse("housing:activity_create", args=[building.pk]),
        {
            "kind": ActivityKind.MEETING,
            "reach": ActivityReach.BUILDING,
            "title": "Riunione",
            "on": (JOINED - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    assert "La palazzina è nel progetto dal 01/09/2025" in response.content.decode()
    assert not Activity.objects.exists()


def test_an_overlapping_tenancy_is_refused_on_the_form(client_as, world, building):
    from trama.people.tests.factories import HouseholdFactory

    newcomer = HouseholdFactory(reference_hub=world.hub_own, label="Nucleo D'Amico")
    unit = building.units.first()
    response = client_as("mediator").post(
        reverse("housing:tenancy_create", args=[building.pk]),
        {"unit": unit.pk, "household": newcomer.pk, "start_on": "2026-01-10"},
    )
    assert response.status_code == 200
    assert "è già assegnato a" in response.content.decode()
    assert unit.tenancies.count() == 1


def test_referring_to_an_organisation_that_is_no_partner_body_is_refused(
    client_as, world, building
):
    issue = _issue(world.users.mediator, building)
    response = client_as("mediator").post(
        reverse("housing:issue_refer", args=[issue.pk]), {"organization": world.org_own.pk}
    )
    # The ETS is not even offered: the form says so, and nothing changes.
    assert response.status_code == 200
    assert "La scelta effettuata non compare tra quelle disponibili" in response.content.decode()
    issue.refresh_from_db()
    assert issue.state == IssueState.REPORTED


def test_a_body_reads_its_issues_without_the_households(client_as, world, building):
    tenant = building.units.first().tenancies.get().household
    mine = _issue(world.users.mediator, building, households=[tenant], reporting_household=tenant)
    services.issue_refer(actor=world.users.mediator, issue=mine, organization=world.partner_body)
    not_mine = services.issue_refer(
        actor=world.users.mediator,
        issue=_issue(world.users.mediator, building),
        organization=atc_body("Comune di Altrove"),
    )
    client = client_as("partner")
    inbox = client.get(reverse("housing:issue_list")).content.decode()
    assert f"Segnalazione n. {mine.pk}<" in inbox and f"n. {not_mine.pk}<" not in inbox
    page = client.get(reverse("housing:issue_detail", args=[mine.pk])).content.decode()
    assert tenant.label not in page and "Risposta per Comune di Prova" in page
    assert client.get(reverse("housing:issue_detail", args=[not_mine.pk])).status_code == 404
    # Answering another body's issue: 404, and nothing changes.
    answer = client.post(
        reverse("housing:issue_answer", args=[not_mine.pk]), {"target": IssueState.RECEIVED}
    )
    assert answer.status_code == 404
    not_mine.refresh_from_db()
    assert not_mine.state == IssueState.REFERRED
    # The mediator's read of the households is logged; the body's (which shows none) is not.
    before = AccessLogEntry.objects.filter(action="read", object_type="housing.issue").count()
    client_as("mediator").get(reverse("housing:issue_detail", args=[mine.pk]))
    after = AccessLogEntry.objects.filter(action="read", object_type="housing.issue").count()
    assert after == before + 1


def test_another_hubs_building_answers_404(client_as, world):
    other = building_on(HubFactory(), world.users.coordinator)
    client = client_as("mediator")
    for name in ("building_detail", "activity_create", "issue_create", "tenancy_create"):
        assert client.get(reverse(f"housing:{name}", args=[other.pk])).status_code == 404
    assert client.get(reverse("housing:dashboard") + f"?palazzina={other.pk}").status_code == 404
    assert (
        client_as("coordinator")
        .get(reverse("housing:building_detail", args=[other.pk]))
        .status_code
        == 200
    )


def _populate(world, building, size: int) -> None:
    mediator, tenants = (
        world.users.mediator,
        list(
            building.units.filter(tenancies__isnull=False).values_list(
                "tenancies__household", flat=True
            )
        ),
    )
    from trama.people.models import Household

    households = list(Household.objects.filter(pk__in=tenants))
    for n in range(size):
        services.activity_record(
            actor=mediator,
            building=building,
            kind=ActivityKind.MEETING,
            reach=ActivityReach.BUILDING,
            title=f"Riunione {n}",
            on=timezone.localdate() - dt.timedelta(days=10 * n),
            attendees=households,
        )
        issue = _issue(mediator, building, households=households[:1])
        issue = services.issue_refer(actor=mediator, issue=issue, organization=world.partner_body)
        if n % 2:
            services.issue_answer(
                actor=world.users.partner, issue=issue, target=IssueState.RECEIVED
            )
            services.issue_answer(
                actor=world.users.partner, issue=issue, target=IssueState.RESOLVED, text="Fatto"
            )


def test_the_pages_queries_do_not_grow(client_as, world, building):
    mediator, partner = client_as("mediator"), client_as("partner")
    urls = {
        "building": (
            mediator,
            reverse("housing:building_detail", args=[building.pk]),
            BUDGET_BUILDING,
        ),
        "inbox": (partner, reverse("housing:issue_list"), BUDGET_INBOX),
        "dashboard": (mediator, reverse("housing:dashboard"), BUDGET_DASHBOARD),
        "review": (mediator, reverse("housing:review_list", args=[building.pk]), BUDGET_REVIEW),
    }
    _populate(world, building, 2)
    few = {name: _page_queries(client, url) for name, (client, url, _b) in urls.items()}
    _populate(world, building, 10)
    many = {name: _page_queries(client, url) for name, (client, url, _b) in urls.items()}
    for name, (_client, _url, budget) in urls.items():
        assert_query_budget(few[name], many[name], budget=budget, label=name)


def test_the_households_housing_events_are_on_the_persons_timeline(client_as, world, building):
    from trama.people.models import HouseholdMember, Relationship
    from trama.people.tests.factories import PersonFactory

    household = building.units.first().tenancies.get().household
    person = PersonFactory(reference_hub=world.hub_own, first_name="Lucia", last_name="D'Amico")
    HouseholdMember.objects.create(
        household=household, person=person, relationship=Relationship.HEAD
    )
    visit = services.activity_record(
        actor=world.users.mediator,
        building=building,
        kind=ActivityKind.LISTENING,
        reach=ActivityReach.HOUSEHOLD,
        household=household,
        title="Visita a domicilio",
        on=JOINED,
    )
    issue = _issue(world.users.mediator, building, households=[household])
    url = reverse("casework:person_timeline", args=[person.pk])
    page = client_as("mediator").post(url, {"purpose": "follow_up"}).content.decode()
    assert "Visita a domicilio" in page and "Perdita d&#x27;acqua in cantina" in page
    assert reverse("housing:activity_detail", args=[visit.pk]) in page
    assert reverse("housing:issue_detail", args=[issue.pk]) in page
    # The hub's operator reads the same events, without links to pages it cannot open.
    page = client_as("operator").post(url, {"purpose": "follow_up"}).content.decode()
    assert "Visita a domicilio" in page
    assert reverse("housing:activity_detail", args=[visit.pk]) not in page


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_yearly_report_and_the_notice_are_pdfs_without_households(client_as, world, building):
    tenants = list(
        building.units.filter(tenancies__isnull=False).values_list(
            "tenancies__household__label", flat=True
        )
    )
    from trama.people.models import Household

    services.activity_record(
        actor=world.users.mediator,
        building=building,
        kind=ActivityKind.MEETING,
        reach=ActivityReach.BUILDING,
        title="Festa di vicinato",
        on=timezone.localdate() + dt.timedelta(days=7),
        attendees=list(Household.objects.filter(label__in=tenants)),
    )
    client = client_as("mediator")
    year = timezone.localdate().year
    report = client.get(reverse("housing:building_report", args=[building.pk, year]))
    assert report["Content-Type"] == "application/pdf"
    text = _pdf_text(report.content)
    assert f"relazione {year}" in text and "Attività per tipo" in text
    notice = _pdf_text(client.get(reverse("housing:building_notice", args=[building.pk])).content)
    assert "Festa di vicinato" in notice
    assert not any(label in text + notice for label in tenants)
    assert (
        AccessLogEntry.objects.filter(action="export", object_type="housing.building").count() == 2
    )
    # A year before the building joined: no report.
    before = reverse("housing:building_report", args=[building.pk, JOINED.year - 1])
    assert client.get(before).status_code == 404


def test_the_monthly_review_lists_the_households_to_talk_about(client_as, world, building):
    first, second, third = [t.household for t in Tenancy.objects.filter(unit__building=building)]
    mediator = world.users.mediator
    services.issue_report(
        actor=mediator,
        building=building,
        categories=[IssueCategory.ARREARS_RISK],
        description="Due mensilità arretrate",
        households=[first],
    )
    services.activity_record(
        actor=mediator,
        building=building,
        kind=ActivityKind.LISTENING,
        reach=ActivityReach.HOUSEHOLD,
        household=second,
        title="Colloquio",
        on=timezone.localdate(),
    )
    page = client_as("mediator").get(reverse("housing:review_list", args=[building.pk]))
    content = page.content.decode()
    assert first.label in content and second.label in content and third.label not in content
    entry = AccessLogEntry.objects.filter(action="read", object_type="housing.building").last()
    assert entry.details["households"] == sorted([first.pk, second.pk])
    # A month before anything happened: nobody; a malformed month: said, this month shown.
    empty = client_as("mediator").get(
        reverse("housing:review_list", args=[building.pk]) + "?mese=2025-10"
    )
    assert first.label not in empty.content.decode()
    wrong = client_as("mediator").get(
        reverse("housing:review_list", args=[building.pk]) + "?mese=ottobre"
    )
    assert "Scegli il mese" in wrong.content.decode() and first.label in wrong.content.decode()


def test_the_coordinator_registers_a_building_and_its_units(client_as, world):
    from trama.housing.models import Building
    from trama.territory.models import HubKind

    hub = HubFactory(kind=HubKind.ATC_BUILDING, name="Palazzina ATC – Via Bellini")
    not_atc = HubFactory(name="Spazio AnCoRe di prova")
    owner = atc_body()
    coordinator = client_as("coordinator")
    url = reverse("housing:building_create")
    form = coordinator.get(url).content.decode()
    assert hub.name in form and not_atc.name not in form
    refused = coordinator.post(
        url, {"hub": not_atc.pk, "owner": owner.pk, "joined_on": "2026-01-01", "staircases": 1}
    )
    assert "La scelta effettuata non compare" in refused.content.decode()
    made = coordinator.post(
        url, {"hub": hub.pk, "owner": owner.pk, "joined_on": "2026-01-01", "staircases": 2}
    )
    building = Building.objects.get(hub=hub)
    assert made.status_code == 302 and made["Location"].endswith(
        reverse("housing:building_detail", args=[building.pk])
    )
    unit_url = reverse("housing:unit_create", args=[building.pk])
    assert (
        coordinator.post(unit_url, {"staircase": "a", "floor": 1, "number": "12"}).status_code
        == 302
    )
    again = coordinator.post(unit_url, {"staircase": "A", "floor": 2, "number": "12"})
    assert "ha già un alloggio con questo numero" in again.content.decode()
    assert [(u.staircase, u.number) for u in building.units.all()] == [("A", "12")]
    # The mediator adds units to their buildings, but registers none.
    assert client_as("mediator").get(url).status_code == 403


def test_the_home_page_counts_each_sides_issues(client_as, world, building):
    issue = _issue(world.users.mediator, building)
    services.issue_refer(actor=world.users.mediator, issue=issue, organization=world.partner_body)
    _issue(world.users.mediator, building)
    mediator = client_as("mediator").get(reverse("core:dashboard")).content.decode()
    assert "2 segnalazioni aperte" in mediator
    partner = client_as("partner").get(reverse("core:dashboard")).content.decode()
    assert "1 segnalazione aperta" in partner
    assert (
        "segnalazion"
        not in client_as("operator")
        .get(reverse("core:dashboard"))
        .content.decode()
        .split("<main")[1]
    )
