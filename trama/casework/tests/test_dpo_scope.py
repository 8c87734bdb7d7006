"""What the DPO reads (decision 0019): no one's case by default; one person's record and
casework after breaking the glass with a reason, for BREAK_GLASS_MINUTES."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.casework import selectors
from trama.casework.models import SupportPlan
from trama.casework.tests.factories import ReferralFactory
from trama.core.menu import staff_menu
from trama.people import selectors as people_selectors
from trama.people import services as people_services
from trama.people.tests.factories import PersonFactory

REASON = "Richiesta di accesso dell'interessato, protocollo 412/2026."


@pytest.fixture
def case(world):
    """Two people of the operator's hub, each with a referral and a support plan."""
    people = [PersonFactory(reference_hub=world.hub_own) for _ in range(2)]
    for person in people:
        ReferralFactory(
            person=person, from_user=world.users.operator, to_organization=world.org_own
        )
        SupportPlan.objects.create(
            person=person,
            hub=world.hub_own,
            created_by=world.users.operator,
            goals="Uscire.",
            next_review_on=datetime.date(2099, 1, 1),
        )
    return people


def test_without_breaking_the_glass_the_dpo_reads_no_case(world, case):
    dpo = world.users.dpo
    assert list(people_selectors.person_list(user=dpo)) == []
    assert list(selectors.referral_list(user=dpo)) == []
    assert list(selectors.plan_list(user=dpo)) == []
    assert list(selectors.appointment_list(user=dpo)) == []
    with pytest.raises(PermissionDenied):
        people_selectors.hub_scope(dpo)


def test_the_dpo_pages_refuse_lists_and_hide_records(login, world, case):
    client = login("dpo")
    for name in ("people:list", "casework:referral_list", "casework:appointment_list"):
        assert client.get(reverse(name)).status_code == 403, name
    referral = selectors.referral_list(user=world.users.coordinator).first()
    assert client.get(reverse("casework:referral_detail", args=[referral.pk])).status_code == 404
    detail = reverse("people:detail", args=[case[0].pk])
    assert client.post(detail, {"purpose": "data_subject_request"}).status_code == 404
    # The privacy registers stay open to it.
    assert client.get(reverse("people:notice_list")).status_code == 200
    assert client.get(reverse("people:break_glass_log")).status_code == 200


def test_breaking_the_glass_opens_one_persons_casework_and_is_logged(login, world, case):
    client = login("dpo")
    short = client.post(reverse("people:break_glass"), {"number": case[0].pk, "reason": "x"})
    assert short.status_code == 200 and "reason" in short.context["form"].errors
    assert people_selectors.break_glass_person_ids(world.users.dpo) == set()

    page = client.post(reverse("people:break_glass"), {"number": case[0].pk, "reason": REASON})
    assert page.status_code == 200
    assert page.context["person"] == case[0] and page.context["can_handle_requests"]
    entry = AccessLogEntry.objects.get(actor_id=world.users.dpo.pk, details__break_glass=True)
    assert entry.details["reason"] == REASON and entry.object_id == str(case[0].pk)

    referrals = selectors.referral_list(user=world.users.dpo)
    assert {r.person_id for r in referrals} == {case[0].pk}
    assert {p.person_id for p in selectors.plan_list(user=world.users.dpo)} == {case[0].pk}
    mine, theirs = (
        selectors.referral_list(user=world.users.coordinator).get(person=person) for person in case
    )
    assert client.get(reverse("casework:referral_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("casework:referral_detail", args=[theirs.pk])).status_code == 404
    timeline = reverse("casework:person_timeline", args=[case[0].pk])
    assert client.post(timeline, {"purpose": "data_subject_request"}).status_code == 200
    # Still no browsing: the lists stay closed.
    assert client.get(reverse("casework:referral_list")).status_code == 403


def test_the_window_closes(world, case):
    people_services.person_open_break_glass(
        actor=world.users.dpo, person_id=case[0].pk, reason=REASON
    )
    later = timezone.now() + datetime.timedelta(minutes=people_selectors.BREAK_GLASS_MINUTES + 1)
    assert people_selectors.break_glass_person_ids(world.users.dpo) == {case[0].pk}
    assert people_selectors.break_glass_person_ids(world.users.dpo, now=later) == set()
    # An operator's break the glass opens no window: it reads the record, once.
    people_services.person_open_break_glass(
        actor=world.users.operator, person_id=case[1].pk, reason=REASON
    )
    assert people_selectors.break_glass_person_ids(world.users.operator) == set()


def test_the_dpo_menu_has_no_people_or_appointments(rf, world):
    request = rf.get("/gestione/")
    request.user = world.users.dpo
    urls = {item["url"] for item in staff_menu(request)}
    assert reverse("people:list") not in urls
    assert reverse("casework:appointment_list") not in urls
    assert reverse("audit:log") in urls
