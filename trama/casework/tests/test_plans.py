import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from trama.casework import selectors, services
from trama.casework.models import PlanAction, SupportPlan
from trama.core.errors import DomainError
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today


@pytest.fixture
def plan(world):
    person = PersonFactory(reference_hub=world.hub_own)
    return services.plan_create(
        actor=world.users.operator,
        person=person,
        hub=world.hub_own,
        goals="Ridurre l'isolamento",
        next_review_on=TODAY() + datetime.timedelta(days=30),
    )


def test_plan_with_actions_reviews_and_follow_ups(world, plan):
    operator = world.users.operator
    late = services.plan_action_add(
        actor=operator,
        plan=plan,
        description="Chiamare la figlia",
        due_on=TODAY() - datetime.timedelta(days=2),
        owner=operator,
    )
    services.plan_action_add(
        actor=operator,
        plan=plan,
        description="Iscrizione al gruppo di cammino",
        due_on=TODAY() + datetime.timedelta(days=60),
        owner_text="Auser",
    )
    due = selectors.follow_ups(user=operator, until=TODAY() + datetime.timedelta(days=14))
    assert [a.pk for a in due.actions] == [late.pk] and due.reviews == []
    services.plan_action_set_status(actor=operator, action=late, status="done")
    assert PlanAction.objects.get(pk=late.pk).done_at is not None
    services.plan_review_record(
        actor=operator,
        plan=plan,
        reviewed_on=TODAY(),
        notes="Esce più spesso",
        next_review_on=TODAY() + datetime.timedelta(days=7),
    )
    fresh = SupportPlan.objects.get(pk=plan.pk)
    assert fresh.next_review_on == TODAY() + datetime.timedelta(days=7) and fresh.version == 2
    due = selectors.follow_ups(user=operator, until=TODAY() + datetime.timedelta(days=14))
    assert due.actions == [] and [p.pk for p in due.reviews] == [plan.pk]
    assert selectors.follow_ups(user=world.users.coordinator, until=TODAY()).actions == []


def test_action_transition_refused_changes_nothing(world, plan):
    action = services.plan_action_add(
        actor=world.users.operator, plan=plan, description="Visita", due_on=TODAY(), owner_text="X"
    )
    services.plan_action_set_status(actor=world.users.operator, action=action, status="cancelled")
    with pytest.raises(DomainError) as info:
        services.plan_action_set_status(actor=world.users.operator, action=action, status="done")
    assert "annullata" in info.value.messages[0]
    assert PlanAction.objects.get(pk=action.pk).status == "cancelled"


def test_action_needs_an_owner(world, plan):
    with pytest.raises(ValidationError) as info:
        services.plan_action_add(
            actor=world.users.operator, plan=plan, description="X", due_on=TODAY()
        )
    assert "owner_text" in info.value.message_dict
    assert not PlanAction.objects.exists()


def test_review_dates(world, plan):
    with pytest.raises(ValidationError) as info:
        services.plan_review_record(
            actor=world.users.operator,
            plan=plan,
            reviewed_on=TODAY(),
            notes="Bene così",
            next_review_on=TODAY(),
        )
    assert "next_review_on" in info.value.message_dict


def test_plans_are_scoped(world, plan):
    other = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=world.users.operator,
            person=other,
            hub=world.hub_own,
            goals="Obiettivi",
            next_review_on=TODAY(),
        )
    outsider = SupportPlan.objects.create(
        person=other,
        hub=other.reference_hub,
        created_by=world.users.coordinator,
        goals="Obiettivi",
        next_review_on=TODAY(),
    )
    assert not selectors.plan_list(user=world.users.operator).filter(pk=outsider.pk).exists()
    with pytest.raises(PermissionDenied):
        services.plan_review_record(
            actor=world.users.operator,
            plan=outsider,
            reviewed_on=TODAY(),
            notes="Bene così",
            next_review_on=TODAY() + datetime.timedelta(days=3),
        )


def test_plan_pages(client, world, plan):
    client.force_login(world.users.operator)
    url = reverse("casework:plan_detail", args=[plan.pk])
    response = client.post(
        reverse("casework:plan_action_add", args=[plan.pk]),
        {"description": "Accompagnare al CUP", "due_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302
    action = PlanAction.objects.get()
    assert action.owner == world.users.operator
    page = client.get(url).content.decode()
    assert "Accompagnare al CUP" in page
    follow = client.get(reverse("casework:follow_up_list")).content.decode()
    assert "Accompagnare al CUP" in follow
    response = client.post(
        reverse("casework:plan_review_add", args=[plan.pk]),
        {"reviewed_on": TODAY().isoformat(), "notes": "ok", "next_review_on": TODAY().isoformat()},
    )
    assert response.status_code == 200 and not plan.reviews.exists()
