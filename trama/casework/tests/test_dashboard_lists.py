"""The hub dashboard's lists read a hub's rows only (DESIGN §6) yet keep their order and
scope; the needs taxonomy comes back after a flush; the late badges keep their contrast."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.casework import selectors
from trama.casework.demo import ensure_needs_taxonomy
from trama.casework.models import Need, PlanAction, SupportPlan
from trama.casework.needs_taxonomy import NEEDS
from trama.people.tests.factories import PersonFactory
from trama.territory.tests.factories import HubFactory

pytestmark = pytest.mark.django_db


def _actions(person, hub, user, *days: int) -> None:
    plan = SupportPlan.objects.create(
        person=person,
        hub=hub,
        created_by=user,
        goals="Ridurre l'isolamento",
        next_review_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    for n in days:
        PlanAction.objects.create(
            plan=plan,
            description=f"Azione a {n} giorni",
            owner_text="Auser",
            due_on=timezone.localdate() + datetime.timedelta(days=n),
        )


def test_the_actions_due_are_the_hubs_in_due_date_order_whoever_looks(world):
    other_hub = HubFactory()
    operator = world.users.operator
    _actions(PersonFactory(reference_hub=world.hub_own), world.hub_own, operator, 9, -4, 2)
    _actions(PersonFactory(reference_hub=world.hub_own), world.hub_own, operator, 1, -1)
    _actions(PersonFactory(reference_hub=other_hub), other_hub, operator, -10, 0)
    expected = ["Azione a -4 giorni", "Azione a -1 giorni", "Azione a 1 giorni"]
    expected += ["Azione a 2 giorni", "Azione a 9 giorni"]
    for user, hub_id in (
        (world.users.operator, None),  # scoped to their hub: the hub-first query
        (world.users.supervisor, world.hub_own.pk),  # one hub chosen
    ):
        board = selectors.dashboard(user=user, hub_id=hub_id)
        assert [a.description for a in board.actions] == expected
        assert (board.actions_late, board.actions_due) == (2, 3)
    everyone = selectors.dashboard(user=world.users.supervisor)  # the region, index order
    assert [a.description for a in everyone.actions][:2] == [
        "Azione a -10 giorni",
        "Azione a -4 giorni",
    ]
    assert (everyone.actions_late, everyone.actions_due) == (3, 4)


def test_the_late_badge_is_plain_warning_for_contrast(login, world):
    _actions(PersonFactory(reference_hub=world.hub_own), world.hub_own, world.users.operator, -3)
    page = login("operator").get(reverse("casework:dashboard")).content.decode()
    assert '<span class="badge bg-warning">in ritardo</span>' in page
    assert "text-dark" not in page
    page = login("operator").get(reverse("casework:follow_up_list")).content.decode()
    assert "badge bg-warning" in page and "text-dark" not in page


def test_the_needs_taxonomy_comes_back_after_a_flush_without_touching_edits():
    Need.objects.filter(code="food").update(label="Cibo (modificato)", is_active=False)
    Need.objects.exclude(code="food").delete()
    ensure_needs_taxonomy()
    ensure_needs_taxonomy()  # idempotent
    assert Need.objects.count() == len(NEEDS)
    food = Need.objects.get(code="food")
    assert (food.label, food.is_active) == ("Cibo (modificato)", False)
    assert list(Need.objects.order_by("position").values_list("code", flat=True)) == [
        code for code, _label, _label_en in NEEDS
    ]


def test_only_who_follows_several_hubs_gets_the_hub_filter(login, world):
    HubFactory()
    assert 'name="hub"' not in login("operator").get(reverse("casework:dashboard")).content.decode()
    page = login("supervisor").get(reverse("casework:dashboard")).content.decode()
    assert '<label for="id_hub">' in page and f'<option value="{world.hub_own.pk}">' in page
