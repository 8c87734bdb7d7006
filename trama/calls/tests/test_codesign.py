"""The co-design table and the agreement: services, scope, bad input (nothing changes)."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trama.accounts.roles import Role, ScopeKind
from trama.accounts.tests.factories import UserFactory, grant
from trama.calls.models import (
    Agreement,
    AgreementPartner,
    CallState,
    CodesignSession,
    DocumentVersion,
    ProposalState,
)
from trama.calls.selectors import codesign as selectors
from trama.calls.services import codesign as services
from trama.calls.tests.factories import (
    CodesignSessionFactory,
    DocumentVersionFactory,
    ProposalFactory,
    codesign_call,
)
from trama.core.errors import DomainError, StaleObjectError
from trama.organizations.tests.factories import OrganizationFactory
from trama.projects.models import (
    FundingSource,
    PartnerRole,
    Project,
    ProjectIndicator,
    ProjectPartner,
    ProjectStatus,
    TargetGroup,
)
from trama.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def table(world):
    """A call in co-design: `org_own` leads the selected proposal, `org_other` partners it."""
    return codesign_call(lead=world.org_own, partners=[world.org_other])


@pytest.fixture
def coordinator(world):
    return world.users.coordinator


def _partners(world, lead_share="30000", other_share="20000", other_role=PartnerRole.PARTNER):
    return [
        services.AgreedPartner(world.org_own, PartnerRole.LEAD, Decimal(lead_share)),
        services.AgreedPartner(world.org_other, other_role, Decimal(other_share)),
    ]


def _conclude(world, call, **overrides):
    fields = {
        "actor": world.users.coordinator,
        "call": call,
        "project_name": "Cittadella di prova",
        "project_slug": "cittadella-di-prova",
        "project_summary": "Una cabina di regia per i servizi di comunità.",
        "signed_on": timezone.localdate(),
        "budget": Decimal("50000.00"),
        "summary": "Le parti co-gestiscono la cabina di regia per due anni.",
        "partners": _partners(world),
        "indicators": [
            services.AgreedIndicator("Persone raggiunte", Decimal("300"), "persone"),
            services.AgreedIndicator("Incontri della cabina di regia", Decimal("12")),
        ],
    }
    fields.update(overrides)
    return services.agreement_conclude(**fields)


def _snapshot(call):
    call.refresh_from_db()
    return (
        call.state,
        sorted(call.proposals.values_list("state", flat=True)),
        Agreement.objects.count(),
        AgreementPartner.objects.count(),
        Project.objects.count(),
        ProjectPartner.objects.count(),
        ProjectIndicator.objects.count(),
        FundingSource.objects.count(),
    )


# --- opening the table -------------------------------------------------------------------


def test_opening_a_ranked_call_moves_it_and_its_selected_proposals(
    world, coordinator, django_capture_on_commit_callbacks
):
    call = codesign_call(lead=world.org_own, state=CallState.RANKED)
    rejected = ProposalFactory(
        call=call, state=ProposalState.NOT_SELECTED, submitted_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.codesign_open(actor=coordinator, call=call)
    call.refresh_from_db()
    assert call.state == CallState.CO_DESIGN
    assert set(call.proposals.values_list("state", flat=True)) == {
        ProposalState.IN_CODESIGN,
        ProposalState.NOT_SELECTED,
    }
    rejected.refresh_from_db()
    assert rejected.state == ProposalState.NOT_SELECTED
    invited = [m for m in mail.outbox if world.users.ets_member.email in m.to]
    assert any("Tavolo di co-progettazione" in m.subject for m in invited)


def test_a_call_that_is_not_ranked_cannot_open_its_table(world, coordinator, table):
    with pytest.raises(DomainError) as error:
        services.codesign_open(actor=coordinator, call=table)
    assert "graduatoria" in str(error.value.messages[0]).lower()
    table.refresh_from_db()
    assert table.state == CallState.CO_DESIGN


# --- sessions ------------------------------------------------------------------------------


def test_a_session_invites_the_participating_organisations_and_named_people(
    world, coordinator, table, django_capture_on_commit_callbacks
):
    when = timezone.make_aware(datetime.datetime(2026, 3, 10, 17, 30))
    with django_capture_on_commit_callbacks(execute=True):
        session = services.codesign_session_create(
            actor=coordinator,
            call=table,
            held_at=when,
            place="Sala consiliare di Grugliasco",
            agenda="Budget e cronoprogramma",
            invited_people=[
                "Mario Rossi, Comune di Grugliasco",
                " ",
                "Mario Rossi, Comune di Grugliasco",
            ],
        )
    names = sorted(session.participants.values_list("name", flat=True))
    assert names == sorted(
        [world.org_own.name, world.org_other.name, "Mario Rossi, Comune di Grugliasco"]
    )
    message = next(m for m in mail.outbox if world.users.ets_member.email in m.to)
    assert "10/03/2026 alle 17:30" in message.body  # Italian time, as entered
    assert reverse("calls:codesign_session_detail", args=[session.pk]) in message.body


def test_a_session_refuses_an_organisation_not_at_the_table(world, coordinator, table):
    stranger = OrganizationFactory(name="Estranea APS")
    with pytest.raises(ValidationError) as error:
        services.codesign_session_create(
            actor=coordinator,
            call=table,
            held_at=timezone.now(),
            place="",
            agenda="Budget",
            invited_organizations=[world.org_own, stranger],
        )
    assert "Estranea APS" in error.value.message_dict["invited_organizations"][0]
    assert not CodesignSession.objects.exists()


def test_sessions_are_written_by_the_coordinator_only_and_in_co_design(world, table):
    with pytest.raises(PermissionDenied):
        services.codesign_session_create(
            actor=world.users.ets_member,
            call=table,
            held_at=timezone.now(),
            place="",
            agenda="x",
        )
    closed = codesign_call(lead=world.org_own, state=CallState.CONCLUDED)
    with pytest.raises(DomainError) as error:
        services.codesign_session_create(
            actor=world.users.coordinator, call=closed, held_at=timezone.now(), place="", agenda="x"
        )
    assert "co-progettazione" in error.value.messages[0]
    assert not CodesignSession.objects.exists()


def test_minutes_decisions_and_attendance_are_recorded(world, coordinator, table):
    session = services.codesign_session_create(
        actor=coordinator, call=table, held_at=timezone.now(), place="", agenda="Budget"
    )
    own = session.participants.get(organization=world.org_own)
    services.codesign_session_update(
        actor=coordinator,
        session=session,
        held_at=session.held_at,
        place="Sede del Consorzio",
        agenda="Budget",
        minutes="Si discute il budget.",
        decisions="Budget approvato.",
        present=[own.pk],
    )
    present = dict(session.participants.values_list("name", "present"))
    assert present == {world.org_own.name: True, world.org_other.name: False}
    session.refresh_from_db()
    assert (session.minutes, session.decisions) == ("Si discute il budget.", "Budget approvato.")


# --- the project document ------------------------------------------------------------------


def test_each_save_is_a_new_version_by_its_author(
    world, coordinator, table, django_capture_on_commit_callbacks
):
    partner_member = UserFactory()
    grant(partner_member, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, world.org_other.pk)
    first = services.document_version_create(
        actor=coordinator, call=table, title="Progetto", body="Obiettivi.", based_on=None
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = services.document_version_create(
            actor=world.users.ets_member,  # a member of the lead organisation proposes one
            call=table,
            title="Progetto",
            body="Obiettivi rivisti.",
            note="Obiettivi",
            based_on=1,
        )
    assert (first.number, second.number) == (1, 2)
    assert second.author == world.users.ets_member
    # The partner's member hears of it; the author does not.
    assert [m.to for m in mail.outbox] == [[partner_member.email]]
    assert "versione 2" in mail.outbox[0].body and "Obiettivi" in mail.outbox[0].body


def test_a_version_based_on_an_old_one_is_refused(world, coordinator, table):
    DocumentVersionFactory(call=table, number=1, author=coordinator)
    DocumentVersionFactory(call=table, number=2, author=coordinator)
    with pytest.raises(StaleObjectError) as error:
        services.document_version_create(
            actor=coordinator, call=table, title="T", body="Altro", note="n", based_on=1
        )
    assert "versione 2" in error.value.messages[0]
    assert DocumentVersion.objects.filter(call=table).count() == 2


def test_an_unchanged_version_or_one_without_a_note_is_refused(world, coordinator, table):
    DocumentVersionFactory(call=table, number=1, title="T", body="Testo", author=coordinator)
    with pytest.raises(ValidationError) as error:
        services.document_version_create(
            actor=coordinator, call=table, title="T", body="Testo", note="niente", based_on=1
        )
    assert "Nulla è cambiato" in error.value.message_dict["body"][0]
    with pytest.raises(ValidationError) as error:
        services.document_version_create(
            actor=coordinator, call=table, title="T", body="Testo nuovo", based_on=1
        )
    assert "note" in error.value.message_dict
    assert DocumentVersion.objects.filter(call=table).count() == 1


def test_an_ets_member_outside_the_table_cannot_write_the_document(world, table):
    outsider = UserFactory()
    grant(outsider, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, OrganizationFactory().pk)
    with pytest.raises(PermissionDenied):
        services.document_version_create(
            actor=outsider, call=table, title="T", body="B", based_on=None
        )


# --- scope ---------------------------------------------------------------------------------


def test_an_ets_member_sees_only_the_tables_of_their_organisation(world, table):
    elsewhere = codesign_call(lead=OrganizationFactory())
    member = world.users.ets_member
    assert list(selectors.codesign_table_list(user=member)) == [table]
    partner_member = UserFactory()
    grant(partner_member, Role.ETS_MEMBER, ScopeKind.ORGANIZATION, world.org_other.pk)
    assert list(selectors.codesign_table_list(user=partner_member)) == [table]
    assert set(selectors.codesign_table_list(user=world.users.coordinator)) == {table, elsewhere}
    with pytest.raises(PermissionDenied):
        selectors.codesign_table_list(user=world.users.evaluator)


def test_an_unconfirmed_partner_is_not_at_the_table(world):
    call = codesign_call(lead=OrganizationFactory())
    proposal = call.proposals.get()
    proposal.partners.create(organization=world.org_own, role="Partner")  # not confirmed
    assert list(selectors.codesign_table_list(user=world.users.ets_member)) == []


# --- the agreement -------------------------------------------------------------------------


def test_the_agreement_creates_an_active_public_project(
    world, coordinator, table, client, django_capture_on_commit_callbacks
):
    version = DocumentVersionFactory(call=table, number=1, author=coordinator)
    group = TargetGroup.objects.create(code="anziani", label="Anziani")
    table.target_groups.set([group])
    with django_capture_on_commit_callbacks(execute=True):
        agreement = _conclude(world, table, document_version=version)
    project = agreement.project
    assert list(project.target_groups.all()) == [group]
    assert (project.status, project.is_public) == (ProjectStatus.ACTIVE, True)
    assert set(project.partners.values_list("organization__name", "role")) == {
        (world.org_own.name, PartnerRole.LEAD),
        (world.org_other.name, PartnerRole.PARTNER),
    }
    assert list(project.indicators.values_list("name", "target", "unit")) == [
        ("Persone raggiunte", Decimal("300.00"), "persone"),
        ("Incontri della cabina di regia", Decimal("12.00"), ""),
    ]
    assert project.funding_sources.get().amount == Decimal("50000.00")
    assert project.funding_sources.get().name == table.title
    assert agreement.partners.count() == 2
    table.refresh_from_db()
    assert table.state == CallState.CONCLUDED
    assert set(table.proposals.values_list("state", flat=True)) == {ProposalState.AGREED}
    assert any(world.users.ets_member.email in m.to for m in mail.outbox)

    catalog = client.get(reverse("public:project_list"))
    assert "Cittadella di prova" in catalog.content.decode()
    page = client.get(reverse("public:project_detail", args=[project.slug])).content.decode()
    assert "Persone raggiunte" in page and "300" in page


def test_the_agreement_updates_an_existing_project_replacing_partners_and_indicators(world, table):
    project = ProjectFactory(status=ProjectStatus.CO_DESIGN, is_public=False)
    old_partner = OrganizationFactory(name="Vecchio partner")
    ProjectPartner.objects.create(project=project, organization=old_partner, role="network")
    ProjectIndicator.objects.create(project=project, name="Vecchio", target=1)
    agreement = _conclude(world, table, project=project, project_name="", project_slug="")
    project.refresh_from_db()
    assert agreement.project == project
    assert (project.status, project.is_public) == (ProjectStatus.ACTIVE, True)
    assert not project.partners.filter(organization=old_partner).exists()
    assert sorted(project.indicators.values_list("name", flat=True)) == [
        "Incontri della cabina di regia",
        "Persone raggiunte",
    ]


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"partners": "above"}, "partners", "superiore al budget concordato"),
        ({"partners": "two_leads"}, "partners", "esattamente un capofila"),
        ({"budget": Decimal("100000.01")}, "budget", "budget disponibile"),
        ({"project_slug": "taken"}, "project_slug", "già"),
        ({"signed_on": "tomorrow"}, "signed_on", "futuro"),
        ({"indicators": "twice"}, "indicators", "due volte"),
    ],
)
def test_a_wrong_agreement_is_refused_and_nothing_changes(world, table, overrides, field, words):
    special = {
        "above": _partners(world, lead_share="40000", other_share="10000.01"),
        "two_leads": _partners(world, other_role=PartnerRole.LEAD),
        "taken": ProjectFactory(slug="gia-usato").slug,
        "tomorrow": timezone.localdate() + datetime.timedelta(days=1),
        "twice": [
            services.AgreedIndicator("Persone", Decimal("1")),
            services.AgreedIndicator("persone", Decimal("2")),
        ],
    }
    overrides = {
        key: special.get(value, value) if isinstance(value, str) else value
        for key, value in overrides.items()
    }
    before = _snapshot(table)
    with pytest.raises(ValidationError) as error:
        _conclude(world, table, **overrides)
    assert words in " ".join(error.value.message_dict[field])
    assert _snapshot(table) == before


def test_an_agreement_for_a_call_not_in_co_design_is_refused(world):
    ranked = codesign_call(lead=world.org_own, state=CallState.RANKED)
    before = _snapshot(ranked)
    with pytest.raises(DomainError) as error:
        _conclude(world, ranked)
    assert "co-progettazione" in error.value.messages[0]
    assert f"“{ranked.get_state_display()}”" in error.value.messages[0]
    assert _snapshot(ranked) == before


def test_only_the_coordinator_concludes(world, table):
    with pytest.raises(PermissionDenied):
        _conclude(world, table, actor=world.users.admin)
    assert not Agreement.objects.exists()


# --- pages ---------------------------------------------------------------------------------


def test_the_compare_page_marks_insertions_and_deletions_accessibly(world, client, table):
    author = world.users.coordinator
    DocumentVersionFactory(
        call=table, number=1, body="La cabina si riunisce ogni mese.", author=author
    )
    DocumentVersionFactory(
        call=table, number=2, body="La cabina si riunisce ogni settimana.", author=author
    )
    client.force_login(world.users.ets_member)
    url = reverse("calls:codesign_compare", args=[table.pk])
    html = client.get(url, {"a": 1, "b": 2, "mode": "words"}).content.decode()
    assert (
        '<del><span class="visually-hidden">[rimosso: </span>mese<span class="visually-hidden">]</span></del>'
        in html
    )
    assert (
        '<ins><span class="visually-hidden">[aggiunto: </span>settimana<span class="visually-hidden">]</span></ins>'
        in html
    )
    same = client.get(url, {"a": 2, "b": 2, "mode": "words"}).content.decode()
    assert "Scegli due versioni diverse" in same


def test_the_agreement_page_refuses_shares_above_the_budget_on_the_form(world, client, table):
    client.force_login(world.users.coordinator)
    url = reverse("calls:agreement_create", args=[table.pk])
    data = {
        "project_name": "Nuovo",
        "project_slug": "nuovo",
        "project_summary": "Sintesi",
        "signed_on": timezone.localdate().isoformat(),
        "budget": "1000",
        "summary": "Accordo",
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organization": world.org_own.pk,
        "partners-0-role": "lead",
        "partners-0-budget_share": "800",
        "partners-1-organization": world.org_other.pk,
        "partners-1-role": "partner",
        "partners-1-budget_share": "300",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "1.100,00" in response.content.decode() and "superiore" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(url, data | {"partners-1-budget_share": "200"})
    assert response.status_code == 302
    assert Agreement.objects.get().project.slug == "nuovo"


def test_the_table_page_runs_a_fixed_number_of_queries(
    world, client, table, django_assert_max_num_queries
):
    client.force_login(world.users.coordinator)
    url = reverse("calls:codesign_table", args=[table.pk])
    CodesignSessionFactory(call=table, created_by=world.users.coordinator)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for _ in range(5):
        session = CodesignSessionFactory(call=table, created_by=world.users.coordinator)
        session.participants.create(organization=world.org_own, name=world.org_own.name)
        ProposalFactory(call=table, state=ProposalState.IN_CODESIGN, submitted_at=timezone.now())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


# --- API -----------------------------------------------------------------------------------


def test_the_api_gives_participants_the_sessions_versions_and_agreement(world, client, table):
    author = world.users.coordinator
    CodesignSessionFactory(call=table, created_by=author, minutes="Verbale.")
    DocumentVersionFactory(call=table, number=1, body="Primo testo.", author=author)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['ets_member']}"}
    base = f"/api/v1/calls/{table.pk}"
    sessions = client.get(f"{base}/codesign/sessions", **headers).json()
    assert [s["minutes"] for s in sessions] == ["Verbale."]
    versions = client.get(f"{base}/codesign/versions", **headers).json()
    assert [(v["number"], v["author"]) for v in versions] == [(1, str(author))]
    assert client.get(f"{base}/codesign/versions/1", **headers).json()["body"] == "Primo testo."
    assert client.get(f"{base}/agreement", **headers).status_code == 404

    _conclude(world, table)
    agreement = client.get(f"{base}/agreement", **headers).json()
    assert agreement["project_slug"] == "cittadella-di-prova"
    assert [p["role"] for p in agreement["partners"]] == ["lead", "partner"]
    assert [i["name"] for i in agreement["indicators"]][0] == "Persone raggiunte"
    evaluator = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['evaluator']}"}
    assert client.get(f"{base}/codesign/versions", **evaluator).status_code == 403


def test_the_compare_page_escapes_the_text(world, client, table):
    author = world.users.coordinator
    DocumentVersionFactory(call=table, number=1, body="Testo.", author=author)
    DocumentVersionFactory(call=table, number=2, body="Testo <script>x()</script>.", author=author)
    client.force_login(world.users.coordinator)
    url = reverse("calls:codesign_compare", args=[table.pk])
    html = client.get(url, {"a": 1, "b": 2, "mode": "lines"}).content.decode()
    assert "<script>x()" not in html
    assert "&lt;script&gt;x()&lt;/script&gt;" in html
