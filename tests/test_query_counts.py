"""The pages `make bench` times issue as many queries with a few rows as with many (DESIGN.md
§6: "the number of queries independent of the data size"), and no more than the page's
absolute budget. Each test counts the queries of one page, grows the data behind it up to a
hundredfold, and counts again; a failure prints the SQL (trama.core.testing)."""

from collections.abc import Callable
from itertools import count

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.core.testing import assert_query_budget, captured_sql
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

# Absolute budgets: the queries each page may issue, whatever the data (measured, then fixed;
# a new query on a page must be argued for by raising its number here).
BUDGET_ORGANISATION_LIST = 9
BUDGET_ORGANISATION_DETAIL = 7
BUDGET_PUBLIC_PROJECT = 9
BUDGET_HUB_DASHBOARD = 12  # the heading names the hubs shown
BUDGET_HOME = 5
BUDGET_RANKING = 36  # with one access-log entry per ranked proposal, written in bulk
BUDGET_PUBLIC_CALL = 9
BUDGET_PERSON_LIST = 7
BUDGET_PERSON_DETAIL = 18

# Far from the serials the factories use, so generated codici fiscali never clash with theirs.
_serials = count(500_000)


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return captured_sql(captured)


def _counts(client: Client, url: str, grow: Callable[[], None]) -> tuple[list[str], list[str]]:
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
    assert_query_budget(with_ten, with_a_thousand, budget=BUDGET_ORGANISATION_LIST)


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
    assert_query_budget(few, many, budget=BUDGET_ORGANISATION_DETAIL)


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
    assert_query_budget(one, many, budget=BUDGET_PUBLIC_PROJECT)


def _casework_day(world, number: int) -> None:
    """`number` people of the operator's hub, each with a session this month (two needs), an
    overdue referral to the member's organisation, an appointment today and a late action."""
    import datetime

    from django.utils import timezone

    from trama.casework.models import (
        Appointment,
        ListeningSession,
        Need,
        PlanAction,
        Referral,
        SupportPlan,
    )
    from trama.people.tests.factories import PersonFactory

    operator = world.users.operator
    today = timezone.localdate()
    needs = list(Need.objects.order_by("position")[:4])
    for n in range(number):
        person = PersonFactory(reference_hub=world.hub_own)
        session = ListeningSession.objects.create(
            person=person,
            hub=world.hub_own,
            operator=operator,
            held_on=today,
            duration_minutes=30,
            channel="phone",
        )
        session.needs.set([needs[n % 4], needs[(n + 1) % 4]])
        Referral.objects.create(
            person=person,
            from_user=operator,
            from_hub=world.hub_own,
            to_organization=world.org_own,
            shared_summary="Compagnia",
            sent_at=timezone.now() - datetime.timedelta(days=10),
        )
        Appointment.objects.create(
            person=person,
            hub=world.hub_own,
            operator=operator,
            created_by=operator,
            starts_at=timezone.localtime().replace(hour=23, minute=30),
            channel="phone",
            purpose="Verifica",
        )
        plan = SupportPlan.objects.create(
            person=person,
            hub=world.hub_own,
            created_by=operator,
            goals="Obiettivi",
            next_review_on=today + datetime.timedelta(days=30),
        )
        PlanAction.objects.create(
            plan=plan,
            description="Telefonata",
            owner=operator,
            due_on=today - datetime.timedelta(days=1),
        )


@pytest.mark.parametrize("role", ["operator", "ets_member"])
def test_hub_dashboard_queries_do_not_grow_with_the_casework(world, role):
    _casework_day(world, 2)
    client = Client()
    client.force_login(world.user_by_role[role])
    url = reverse("casework:dashboard")

    few, many = _counts(client, url, lambda: _casework_day(world, 18))

    assert_query_budget(few, many, budget=BUDGET_HUB_DASHBOARD, label="hub dashboard")
    home_few, home_many = _counts(
        client, reverse("core:dashboard"), lambda: _casework_day(world, 5)
    )
    assert_query_budget(home_few, home_many, budget=BUDGET_HOME, label="home")


# --- calls: the ranking and the public page of a ranked call (issue 5) -----------------------


def _call_under_evaluation(world, proposals: int):
    from trama.calls.tests.evaluation_setup import evaluator, score_everything, to_evaluation
    from trama.calls.tests.factories import CallFactory

    call = CallFactory()
    to_evaluation(call, criteria=3, proposals=proposals)
    score_everything(call, [evaluator(call), evaluator(call)])
    return call


def _rank_queries(world, call) -> list[str]:
    from trama.calls.services.evaluation import call_rank

    with CaptureQueriesContext(connection) as captured:
        call_rank(actor=world.users.coordinator, call=call)
    return captured_sql(captured)


def test_ranking_queries_do_not_grow_with_the_proposals(world):
    few = _rank_queries(world, _call_under_evaluation(world, 10))
    many = _rank_queries(world, _call_under_evaluation(world, 40))
    assert_query_budget(few, many, budget=BUDGET_RANKING)


def test_public_call_page_queries_do_not_grow_with_the_ranking(world):
    small = _call_under_evaluation(world, 10)
    large = _call_under_evaluation(world, 40)
    _rank_queries(world, small)
    _rank_queries(world, large)
    client = Client()
    small_url = reverse("public:call_detail", kwargs={"pk": small.pk})
    client.get(small_url)
    few = _queries(client, small_url)
    many = _queries(client, reverse("public:call_detail", kwargs={"pk": large.pk}))
    assert_query_budget(few, many, budget=BUDGET_PUBLIC_CALL)


# --- people: the list with a name search and the record (issue 4) -----------------------------


def _rossi(world, number: int) -> None:
    """`number` people called Rossi, resident in Collegno, followed by the operator's hub."""
    from trama.people.models import Person
    from trama.people.names import person_search_name

    collegno = Municipality.objects.get(name="Collegno")
    Person.objects.bulk_create(
        Person(
            first_name=f"Maria{serial}",
            last_name="Rossi",
            search_name=person_search_name(f"Maria{serial}", "Rossi"),
            municipality=collegno,
            reference_hub=world.hub_own,
        )
        for serial in (next(_serials) for _ in range(number))
    )


@pytest.mark.parametrize("filtered", [True, False], ids=["filtered", "unfiltered"])
def test_person_list_queries_do_not_grow_with_the_people(world, filtered):
    collegno = Municipality.objects.get(name="Collegno")
    url = reverse("people:list")
    if filtered:  # the name search and filter bench/run.py measures
        url += f"?q=rosi&municipality={collegno.pk}"
    _rossi(world, 10)
    client = Client()
    client.force_login(world.users.operator)

    with_ten, with_a_thousand = _counts(client, url, lambda: _rossi(world, 990))

    assert_query_budget(with_ten, with_a_thousand, budget=BUDGET_PERSON_LIST)


def test_person_detail_queries_do_not_grow_with_the_record(world):
    """The record (opened by posting the purpose, as bench/run.py does) of a person with one
    of everything, then of the same person with many households, ISEE, consents and casework.
    (With none at all Django skips the prefetch queries of empty relations.)"""
    import datetime

    from django.utils import timezone

    from trama.casework.models import ListeningSession, Referral
    from trama.people.models import (
        Consent,
        ConsentPurpose,
        HouseholdMember,
        IseeDeclaration,
        Person,
    )
    from trama.people.tests.factories import (
        HouseholdFactory,
        PersonFactory,
        PrivacyNoticeFactory,
    )

    person = PersonFactory(reference_hub=world.hub_own)
    client = Client()
    client.force_login(world.users.operator)
    url = reverse("people:detail", kwargs={"pk": person.pk})

    def opened() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.post(url, {"purpose": "follow_up"})
        assert response.status_code == 200
        return captured_sql(captured)

    def grow(households: int = 3, members: int = 4, purposes=ConsentPurpose.values) -> None:
        today = timezone.localdate()
        notice = PrivacyNoticeFactory()
        for purpose in purposes:
            Consent.objects.create(
                person=person, notice=notice, purpose=purpose, given_at=timezone.now()
            )
        for _ in range(households):
            household = HouseholdFactory(reference_hub=world.hub_own)
            HouseholdMember.objects.create(household=household, person=person, relationship="head")
            for _ in range(members):
                HouseholdMember.objects.create(
                    household=household,
                    person=PersonFactory(reference_hub=world.hub_own),
                    relationship="child",
                )
            for years in (2, 1, 0)[-households:]:
                issued = today - datetime.timedelta(days=365 * years + 10)
                IseeDeclaration.objects.create(
                    household=household,
                    value="9000",
                    issued_on=issued,
                    expires_on=issued + datetime.timedelta(days=360),
                )
        for _ in range(20 if households > 1 else 1):
            ListeningSession.objects.create(
                person=person,
                hub=world.hub_own,
                operator=world.users.operator,
                held_on=today,
                duration_minutes=30,
                channel="phone",
            )
            Referral.objects.create(
                person=person,
                from_user=world.users.operator,
                from_hub=world.hub_own,
                to_organization=world.org_own,
                shared_summary="Compagnia",
                sent_at=timezone.now(),
            )

    grow(households=1, members=1, purposes=[ConsentPurpose.NOTICE])
    opened()  # fills per-process caches
    one_of_each = opened()
    grow()

    assert Person.objects.count() > 10
    assert_query_budget(one_of_each, opened(), budget=BUDGET_PERSON_DETAIL)


# --- calls: the coordinator's list of a call's proposals (issue 9, point 12) ------------------

# Session, user and roles; the call and its sectors; its criteria; the committee's progress
# (members, proposals, criteria, declarations, scores: skipped once ranked); the page's count
# and rows; the access log (savepoint, head, entry, head update, release).
PROPOSAL_LIST_BUDGET = 18


@pytest.mark.parametrize("ranked", [False, True], ids=["scored", "ranked"])
def test_proposal_list_queries_do_not_grow_with_the_proposals(world, ranked):
    few = _call_under_evaluation(world, 3)
    many = _call_under_evaluation(world, 30)
    if ranked:
        _rank_queries(world, few)
        _rank_queries(world, many)
    client = _staff(world)
    counts = {}
    for call in (few, many):
        first_criterion = call.criteria.order_by("position", "pk").first()
        sorts = {"default": "", "total": "?sort=-total", "mean": f"?sort=c{first_criterion.pk}"}
        for name, query in sorts.items():
            url = reverse("calls:call_proposals", kwargs={"call_pk": call.pk}) + query
            client.get(url)
            counts[call.pk, name] = _queries(client, url)
        for file_format in ("csv", "xlsx"):
            url = reverse(
                "calls:call_proposals_export",
                kwargs={"call_pk": call.pk, "file_format": file_format},
            )
            counts[call.pk, file_format] = _queries(client, url)
    for key in ("default", "total", "mean", "csv", "xlsx"):
        assert_query_budget(
            counts[few.pk, key], counts[many.pk, key], budget=PROPOSAL_LIST_BUDGET, label=key
        )
    page = client.get(reverse("calls:call_proposals", kwargs={"call_pk": many.pk}))
    assert page.content.decode().count("Media: ") == 3


# --- calls: the committee's staff pages (issue 10, item 3) ------------------------------------

BUDGET_EVALUATION_PAGES = {"progress": 9, "ranking": 6, "proposal": 15}


@pytest.mark.parametrize("page", sorted(BUDGET_EVALUATION_PAGES))
def test_committee_pages_queries_do_not_grow_with_the_proposals(world, page):
    few = _call_under_evaluation(world, 3)
    many = _call_under_evaluation(world, 30)
    if page == "ranking":
        _rank_queries(world, few)
        _rank_queries(world, many)

    def url(call) -> str:
        if page == "proposal":
            first = call.proposals.order_by("pk").first()
            return reverse("calls:proposal_detail", kwargs={"pk": first.pk})
        return reverse(f"calls:evaluation_{page}", kwargs={"pk": call.pk})

    client = _staff(world)
    client.get(url(few))
    assert_query_budget(
        _queries(client, url(few)),
        _queries(client, url(many)),
        budget=BUDGET_EVALUATION_PAGES[page],
        label=page,
    )
