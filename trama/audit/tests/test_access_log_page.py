import pytest
from django.urls import reverse

from trama.audit.models import Action
from trama.audit.services import access_log_append


@pytest.mark.django_db
def test_dpo_filters_the_log(world, client):
    access_log_append(
        actor=world.users.operator, action=Action.READ, obj=world.org_own, purpose="colloquio"
    )
    access_log_append(
        actor=world.users.coordinator,
        action=Action.EXPORT,
        object_type="organizations.organization",
    )
    client.force_login(world.users.dpo)
    page = client.get(reverse("audit:log"), {"action": "read", "actor": "operator"})
    assert page.status_code == 200
    rows = list(page.context["page_obj"])
    assert rows and all(e.action == "read" and "operator" in e.actor_label for e in rows)
    assert "colloquio" in page.content.decode()


@pytest.mark.django_db
def test_inverted_dates_get_a_message_and_no_filter(world, client):
    client.force_login(world.users.dpo)
    page = client.get(reverse("audit:log"), {"date_from": "2026-02-01", "date_to": "2026-01-01"})
    assert page.status_code == 200
    assert page.context["form"].errors["date_to"]
