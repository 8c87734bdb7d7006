"""The hub dashboard, the home page's overdue panel, the overdue alerts, the outreach list
without the people already reached (the bar chart itself: trama/core/tests/test_charts.py)."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from trama.casework import selectors, services, tasks
from trama.casework.models import Appointment, Need, PlanAction, Referral, SupportPlan
from trama.casework.tests.factories import ListeningSessionFactory, ReferralFactory
from trama.people.models import HouseholdMember, Housing
from trama.people.tests.factories import HouseholdFactory, PersonFactory
from trama.projects.models import ProjectEligibility
from trama.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def _session(person, *needs, held_on=None, **extra):
    session = ListeningSessionFactory(
        person=person, held_on=held_on or timezone.localdate(), **extra
    )
    session.needs.set(Need.objects.filter(code__in=needs))
    return session


def _overdue(person, **extra) -> Referral:
    return ReferralFactory(
        person=person, sent_at=timezone.now() - datetime.timedelta(days=10), **extra
    )


def _action(person, hub, user, days: int) -> PlanAction:
    plan = SupportPlan.objects.create(
        person=person,
        hub=hub,
        created_by=user,
        goals="Ridurre l'isolamento",
        next_review_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    return PlanAction.objects.create(
        plan=plan,
        description=f"Azione a {days} giorni",
        owner_text="Auser",
        due_on=timezone.localdate() + datetime.timedelta(days=days),
    )


def test_people_seen_this_month_are_counted_once_per_need(world):
    anna, bruno = (PersonFactory(reference_hub=world.hub_own) for _ in range(2))
    _session(anna, "isolation")
    _session(anna, "isolation")
    _session(bruno, "isolation", "food")
    last_month = timezone.localdate().replace(day=1) - datetime.timedelta(days=1)
    _session(bruno, "housing", held_on=last_month)
    _session(PersonFactory(), "health")  # another hub
    board = selectors.dashboard(user=world.users.operator)
    assert [(n.code, n.people) for n in board.needs] == [("isolation", 2), ("food", 1)]
    assert board.people_seen == 2
    everyone = selectors.dashboard(user=world.users.supervisor)
    assert {n.code: n.people for n in everyone.needs}["health"] == 1


def test_the_dashboard_page_shows_the_day_the_referrals_the_actions_and_the_chart(login, world):
    person = PersonFactory(reference_hub=world.hub_own, last_name="Bianchi")
    Appointment.objects.create(
        person=person,
        hub=world.hub_own,
        operator=world.users.operator,
        created_by=world.users.operator,
        starts_at=timezone.localtime().replace(hour=23, minute=59),
        channel="phone",
        purpose="Verifica",
    )
    referral = _overdue(person, from_user=world.users.operator, to_organization=world.org_own)
    ReferralFactory(person=person, to_organization=world.org_own)  # open, not overdue
    _action(person, world.hub_own, world.users.operator, days=-3)
    _action(person, world.hub_own, world.users.operator, days=5)
    _action(person, world.hub_own, world.users.operator, days=30)  # beyond the horizon
    _session(person, "isolation")
    page = login("operator").get(reverse("casework:dashboard")).content.decode()
    assert "Cruscotto del presidio" in page
    assert reverse("casework:referral_detail", args=[referral.pk]) in page
    assert "2 aperti, di cui 1 in attesa di risposta" in page
    assert "1 in ritardo, 1 in scadenza entro 14 giorni." in page
    assert "Azione a 30 giorni" not in page
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="needs-title"', page)
    assert '<th scope="row" class="fw-normal">Solitudine e isolamento</th>' in page
    assert "Bianchi" in page


def test_the_receiving_side_sees_only_what_a_referral_shares(login, world):
    person = PersonFactory(reference_hub=world.hub_own, last_name="Bianchi", first_name="Anna")
    _overdue(person, to_organization=world.org_own, reason="Motivo interno riservato")
    _overdue(PersonFactory(), to_organization=world.org_other)
    board = selectors.dashboard(user=world.users.ets_member)
    assert (board.received_open, board.received_overdue) == (1, 1)
    assert not board.sees_people and board.needs == []
    page = login("ets_member").get(reverse("casework:dashboard")).content.decode()
    assert "Anna B." in page
    assert "Bianchi" not in page and "Motivo interno riservato" not in page
    assert "trama-bar-chart" not in page


def test_a_supervisor_narrows_the_dashboard_to_one_hub(login, world):
    _overdue(PersonFactory(reference_hub=world.hub_own), to_organization=world.org_own)
    _overdue(PersonFactory(), to_organization=world.org_own)
    assert selectors.dashboard(user=world.users.supervisor).sent_overdue == 2
    board = selectors.dashboard(user=world.users.supervisor, hub_id=world.hub_own.pk)
    assert board.sent_overdue == 1
    response = login("supervisor").get(reverse("casework:dashboard"), {"hub": world.hub_own.pk})
    assert "1 aperti, di cui 1 in attesa" in response.content.decode()


def test_the_home_page_shows_the_overdue_panel_to_both_sides(login, world):
    person = PersonFactory(reference_hub=world.hub_own)
    _overdue(person, to_organization=world.org_own)
    _overdue(person, to_organization=world.org_own)
    ReferralFactory(person=person, to_organization=world.org_own)
    for role, link in (
        ("operator", reverse("casework:referral_list") + "?overdue=1"),
        ("ets_member", reverse("casework:dashboard")),
    ):
        page = login(role).get(reverse("core:dashboard")).content.decode()
        assert "Invii in ritardo" in page, role
        assert "2 invii attendono una risposta da più di 7 giorni." in page, role
        assert link in page, role
    page = login("admin").get(reverse("core:dashboard")).content.decode()
    assert "Invii in ritardo" not in page


def test_the_overdue_filter_narrows_the_received_referrals_too(login, world):
    """Issue 9: "Only overdue" was applied to the sent list only; the receiving organisation's
    member saw every referral."""
    late = _overdue(PersonFactory(), to_organization=world.org_own)
    recent = ReferralFactory(person=PersonFactory(), to_organization=world.org_own)
    url = reverse("casework:referral_list")
    client = login("ets_member")
    every = [shared.id for shared in client.get(url).context["received_page"]]
    assert set(every) == {late.pk, recent.pk}
    response = client.get(url, {"overdue": "1"})
    assert [shared.id for shared in response.context["received_page"]] == [late.pk]
    assert 'href="?overdue=1" aria-current="page"' in response.content.decode()


def test_overdue_alerts_go_to_both_sides_once(world, django_capture_on_commit_callbacks):
    person = PersonFactory(reference_hub=world.hub_own)
    referral = _overdue(person, from_user=world.users.operator, to_organization=world.org_own)
    ReferralFactory(person=person, to_organization=world.org_own)  # not overdue yet
    # The immediate backend runs it inline; the e-mails leave when its transactions commit.
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.overdue_alerts.enqueue()
    assert result.return_value == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([world.users.operator.email, world.users.ets_member.email])
    assert all(f"n. {referral.pk}" in message.subject for message in mail.outbox)
    assert all(person.last_name not in message.body for message in mail.outbox)
    referral.refresh_from_db()
    assert referral.overdue_notified_at is not None
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_alerts_send() == 0
    assert mail.outbox == []


RULE = {"kind": "age_between", "min_age": 65, "max_age": None}


def test_a_referred_person_leaves_the_outreach_list(login, world):
    rules = ProjectEligibility.objects.create(
        project=ProjectFactory(name="Mi affido a te"), rule=RULE
    )
    waiting, referred, suggested, declined = (
        PersonFactory(reference_hub=world.hub_own, birth_date=datetime.date(1950, 1, 1))
        for _ in range(4)
    )
    ReferralFactory(person=referred, to_project=rules.project)
    ReferralFactory(person=declined, to_project=rules.project, state="declined")
    _session(suggested).suggested_projects.add(rules.project)
    ReferralFactory(person=waiting, to_project=ProjectFactory())  # another project
    url = reverse("casework:outreach")
    page = login("operator").get(url, {"project": rules.pk}).content.decode()
    assert f"<td>{waiting.pk}</td>" in page
    for person in (referred, suggested, declined):
        assert f"<td>{person.pk}</td>" not in page
    assert "1 persona da contattare" in page


def test_the_outreach_list_is_scoped_and_leaves_out_the_unknown(login, world):
    from decimal import Decimal

    from trama.eligibility.rules import AgeBetween, All, AtcTenant, IseeAtMost, rule_to_dict
    from trama.people.models import IseeDeclaration

    rules = ProjectEligibility.objects.create(
        project=ProjectFactory(),
        rule=rule_to_dict(All((AgeBetween(min_age=65), AtcTenant(), IseeAtMost(Decimal("9360"))))),
    )

    def elder(hub, *, isee=True, housing=Housing.ATC_TENANT):
        person = PersonFactory(reference_hub=hub, birth_date=datetime.date(1950, 3, 1))
        household = HouseholdFactory(reference_hub=hub, housing=housing)
        HouseholdMember.objects.create(household=household, person=person, relationship="head")
        if isee:
            today = timezone.localdate()
            IseeDeclaration.objects.create(
                household=household,
                value=Decimal("8000"),
                issued_on=today - datetime.timedelta(days=30),
                expires_on=today + datetime.timedelta(days=300),
            )
        return person

    own = elder(world.hub_own)
    other = elder(PersonFactory().reference_hub)
    unknown = elder(world.hub_own, isee=False)
    not_met = elder(world.hub_own, housing=Housing.OWNER)
    url = reverse("casework:outreach")
    page = login("operator").get(url, {"project": rules.pk}).content.decode()
    assert f"<td>{own.pk}</td>" in page
    for person in (other, unknown, not_met):
        assert f"<td>{person.pk}</td>" not in page
    from trama.audit.models import AccessLogEntry

    entry = AccessLogEntry.objects.order_by("id").last()
    assert entry.details == {"project": rules.project_id, "people": [own.pk]}
    page = login("coordinator").get(url, {"project": rules.pk}).content.decode()
    assert f"<td>{own.pk}</td>" in page and f"<td>{other.pk}</td>" in page


def test_the_outreach_page_without_a_project_asks_for_one(login, world):
    response = login("operator").get(reverse("casework:outreach"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Mostra l'elenco" in page


def test_the_api_gives_the_dashboard_figures(client, world):
    person = PersonFactory(reference_hub=world.hub_own)
    _overdue(person, to_organization=world.org_own)
    _session(person, "food")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    body = client.get("/api/v1/casework/dashboard", **headers).json()
    assert body["referrals_sent_overdue"] == 1
    assert body["people_seen_by_need"] == [{"code": "food", "label": "Alimentazione", "people": 1}]
    other_hub = PersonFactory().reference_hub
    response = client.get("/api/v1/casework/dashboard", {"hub_id": other_hub.pk}, **headers)
    assert response.status_code == 404
    member = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['ets_member']}"}
    body = client.get("/api/v1/casework/dashboard", **member).json()
    assert (body["referrals_received_overdue"], body["people_seen_this_month"]) == (1, 0)


def test_the_api_explains_one_persons_eligibility_and_logs_it(client, world):
    from trama.audit.models import AccessLogEntry

    rules = ProjectEligibility.objects.create(project=ProjectFactory(name="Anziani"), rule=RULE)
    person = PersonFactory(reference_hub=world.hub_own, birth_date=datetime.date(1950, 1, 1))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    body = client.get(f"/api/v1/people/{person.pk}/eligibility", **headers).json()
    assert body[0]["project_id"] == rules.project_id and body[0]["verdict"] == "met"
    entry = AccessLogEntry.objects.order_by("id").last()
    assert entry.object_id == str(person.pk) and entry.purpose == "eligibility"
