"""An operator opens the hub dashboard: today's appointments, overdue referrals, and the
people seen this month by need as a chart with its table; accessible, also at 375 px."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, login
from trama.accounts.models import User
from trama.accounts.roles import Role, ScopeKind
from trama.casework.models import Appointment, ListeningSession, Need, Referral
from trama.demo.loader import DEMO_PASSWORD
from trama.organizations.models import Organization
from trama.people.models import Person
from trama.territory.models import Hub


@pytest.fixture
def day_at_the_hub(demo):
    operator = User.objects.get(username="operatore")
    hub = Hub.objects.get(pk=operator.scope_ids(Role.OPERATOR, ScopeKind.HUB).pop())
    needs = list(Need.objects.order_by("position")[:3])
    today = timezone.localdate()
    for n in range(3):
        person = Person.objects.create(
            first_name=f"Ospite{n}",
            last_name="Prova",
            search_name=f"prova ospite{n}",
            reference_hub=hub,
        )
        session = ListeningSession.objects.create(
            person=person,
            hub=hub,
            operator=operator,
            held_on=today,
            duration_minutes=30,
            channel="in_person",
        )
        session.needs.set(needs[: n + 1])
    Appointment.objects.create(
        person=person,
        hub=hub,
        operator=operator,
        created_by=operator,
        starts_at=timezone.localtime().replace(hour=23, minute=45),
        channel="phone",
        purpose="Verifica",
    )
    Referral.objects.create(
        person=person,
        from_user=operator,
        from_hub=hub,
        to_organization=Organization.objects.order_by("pk").first(),
        shared_summary="Compagnia due pomeriggi a settimana",
        sent_at=timezone.now() - datetime.timedelta(days=12),
    )
    return needs


def test_operator_reads_the_dashboard_chart_and_table(page, day_at_the_hub):
    login(page, "operatore", DEMO_PASSWORD)
    page.get_by_role("link", name="Persone", exact=True).first.click()
    page.get_by_role("link", name="Cruscotto del presidio").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cruscotto del presidio: ")
    chart = page.locator("svg.trama-bar-chart")
    expect(chart).to_be_visible()
    table = page.get_by_role("table", name="Persone ascoltate questo mese, per bisogno")
    expect(table).to_be_visible()
    # One bar per row of the table beside it (the demo adds its own sessions to ours).
    assert chart.locator("rect").count() == table.locator("tbody tr").count() >= 3
    expect(table.get_by_role("row", name=day_at_the_hub[0].label)).to_be_visible()
    expect(page.get_by_role("table", name="Invii in ritardo, dal più vecchio")).to_be_visible()
    expect(page.get_by_text("Prova Ospite2").first).to_be_visible()
    assert_accessible(page, "hub dashboard")

    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    expect(chart).to_be_visible()
    expect(table).to_be_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 375
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375px"
    assert_accessible(page, "hub dashboard at 375px")
