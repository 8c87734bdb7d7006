"""The participation pages issue as many queries with many decisions and actions as with few,
within an absolute budget (the public accountability page is opened by anyone)."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from trama.core.testing import assert_query_budget, captured_sql
from trama.participation.models import ActionUpdate, Decision, FollowUpAction
from trama.participation.tests.factories import (
    AgendaItemFactory,
    BodyMemberFactory,
    GovernanceBodyFactory,
    MeetingFactory,
)

pytestmark = pytest.mark.django_db

BUDGET_PUBLIC_BODY = 6
BUDGET_BODY_DETAIL = 14


def _decisions(body, n: int) -> None:
    for _ in range(n):
        item = AgendaItemFactory(meeting=MeetingFactory(body=body), position=1)
        decision = Decision.objects.create(
            item=item, text="Approvato", outcome="approved", decided_at=timezone.now()
        )
        for k in range(2):
            action = FollowUpAction.objects.create(
                decision=decision,
                title=f"Azione {k}",
                due_date=dt.date(2027, 1, 31),
                owner_organization=BodyMemberFactory(body=body).organization,
            )
            ActionUpdate.objects.create(
                action=action, at=timezone.now(), progress=10, status="in_progress", note="x"
            )


def _queries(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return captured_sql(context)


@pytest.mark.parametrize("page", ["public", "staff"])
def test_body_pages_do_not_grow_with_decisions(world, page):
    body = GovernanceBodyFactory(is_public=True)
    client = Client()
    if page == "staff":
        client.force_login(world.users.coordinator)
        url, budget = f"/gestione/partecipazione/{body.pk}/", BUDGET_BODY_DETAIL
    else:
        url, budget = f"/cabine-di-regia/{body.slug}/", BUDGET_PUBLIC_BODY
    _decisions(body, 2)
    client.get(url)  # fills the per-process caches
    few = _queries(client, url)
    _decisions(body, 20)
    many = _queries(client, url)
    assert_query_budget(few, many, budget=budget, label=page)
