import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.casework.models import ListeningSession, Referral, ReferralState
from trama.casework.tests.factories import ListeningSessionFactory, ReferralFactory
from trama.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    return PersonFactory(reference_hub=world.hub_own, first_name="Giovanna", last_name="Ferri")


def _referral(world, person, **kwargs):
    return ReferralFactory(
        person=person,
        from_user=world.users.operator,
        to_organization=kwargs.pop("to_organization", world.org_own),
        reason="Lutto recente, depressione",
        **kwargs,
    )


def test_record_a_listening_session_from_the_person(login, world, person):
    client = login("operator")
    url = reverse("casework:session_create", args=[person.pk])
    response = client.post(
        url,
        {
            "hub": world.hub_own.pk,
            "held_on": timezone.localdate().isoformat(),
            "duration_minutes": 25,
            "channel": "in_person",
            "needs": [],
            "notes": "Prima conoscenza",
        },
    )
    session = ListeningSession.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("casework:session_detail", args=[session.pk])
    page = client.get(response["Location"])
    assert "Prima conoscenza" in page.content.decode()


def test_session_bad_duration_shows_the_error(login, world, person):
    response = login("operator").post(
        reverse("casework:session_create", args=[person.pk]),
        {
            "hub": world.hub_own.pk,
            "held_on": "2025-01-01",
            "duration_minutes": 0,
            "channel": "phone",
        },
    )
    assert response.status_code == 200 and not ListeningSession.objects.exists()


def test_ets_member_sees_only_shared_fields(login, world, person):
    referral = _referral(world, person)
    other = _referral(world, person, to_organization=world.org_other)
    client = login("ets_member")
    page = client.get(reverse("casework:referral_detail", args=[referral.pk])).content.decode()
    assert "Giovanna F." in page
    assert "Ferri" not in page and "Lutto" not in page
    assert referral.shared_summary in page
    assert client.get(reverse("casework:referral_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("casework:referral_list")).content.decode()
    assert f'href="{reverse("casework:referral_detail", args=[referral.pk])}"' in listing
    assert f'href="{reverse("casework:referral_detail", args=[other.pk])}"' not in listing
    assert "Ferri" not in listing


def test_member_answers_and_operator_sees_the_outcome(login, world, person, client):
    referral = _referral(world, person)
    login("ets_member")
    url = reverse("casework:referral_transition", args=[referral.pk])
    response = client.post(url, {"to_state": "accepted", "feedback": "La chiamiamo domani"})
    assert response.status_code == 302
    assert Referral.objects.get().state == ReferralState.ACCEPTED
    login("operator")
    page = client.get(reverse("casework:referral_detail", args=[referral.pk])).content.decode()
    assert "La chiamiamo domani" in page and "accettato" in page


def test_refused_transition_shows_the_message_and_changes_nothing(login, world, person):
    referral = _referral(world, person)
    client = login("ets_member")
    url = reverse("casework:referral_transition", args=[referral.pk])
    response = client.post(url, {"to_state": "completed", "feedback": "Fatto"}, follow=True)
    assert "Da «inviato» non si può passare a «completato»." in response.content.decode()
    fresh = Referral.objects.get()
    assert (fresh.state, fresh.version) == (ReferralState.SENT, 1)
    response = client.post(url, {"to_state": "accepted", "feedback": ""}, follow=True)
    assert Referral.objects.get().state == ReferralState.SENT


def test_operator_cannot_answer_its_own_referral(login, world, person):
    referral = _referral(world, person)
    response = login("operator").post(
        reverse("casework:referral_transition", args=[referral.pk]),
        {"to_state": "accepted", "feedback": "Va bene"},
    )
    assert response.status_code == 403
    assert Referral.objects.get().state == ReferralState.SENT


def test_overdue_flagged_in_the_lists(login, world, person, settings):
    settings.TRAMA_REFERRAL_ANSWER_DAYS = 3
    _referral(world, person, sent_at=timezone.now() - datetime.timedelta(days=4))
    for role in ("operator", "ets_member"):
        page = login(role).get(reverse("casework:referral_list")).content.decode()
        assert "in ritardo" in page


def test_timeline_page_newest_first_and_logged(login, world, person):
    ListeningSessionFactory(
        person=person, held_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    _referral(world, person)
    client = login("operator")
    url = reverse("casework:person_timeline", args=[person.pk])
    assert "Storia" in client.get(url).content.decode()
    page = client.post(url, {"purpose": "follow_up"}).content.decode()
    assert page.index("Invio a") < page.index("Registrazione") < page.index("Ascolto (")
    assert AccessLogEntry.objects.filter(action="read", object_id=str(person.pk)).exists()
    stranger = PersonFactory()
    response = client.post(
        reverse("casework:person_timeline", args=[stranger.pk]), {"purpose": "follow_up"}
    )
    assert response.status_code == 404


def test_person_page_links_to_casework(login, world, person):
    client = login("operator")
    page = client.post(reverse("people:detail", args=[person.pk]), {"purpose": "follow_up"})
    assert reverse("casework:person_timeline", args=[person.pk]) in page.content.decode()


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["operator", "ets_member", "coordinator"])
def test_referral_list_queries_do_not_grow(login, world, role):
    client = login(role)
    url = reverse("casework:referral_list")
    people = [PersonFactory(reference_hub=world.hub_own) for _ in range(6)]
    for person in people[:2]:
        _referral(world, person)
    few = _count(client, url)
    for person in people[2:]:
        _referral(world, person)
        _referral(world, person, sent_at=timezone.now() - datetime.timedelta(days=30))
    assert _count(client, url) == few


def test_timeline_queries_do_not_grow(login, world, person):
    client = login("operator")
    url = reverse("casework:person_timeline", args=[person.pk])

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.post(url, {"purpose": "follow_up"}).status_code == 200
        return len(queries)

    ListeningSessionFactory(person=person)
    _referral(world, person)
    few = count()
    for _ in range(4):
        ListeningSessionFactory(person=person)
        _referral(world, person)
    assert count() == few
