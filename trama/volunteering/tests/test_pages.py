"""The supervisor's pages: list with filters, the logged read, the transition buttons."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.territory.tests.factories import municipality
from trama.volunteering import services
from trama.volunteering.models import Volunteer, VolunteerDocument
from trama.volunteering.models import VolunteerState as V

pytestmark = pytest.mark.django_db


def _apply(first_name: str = "Anna", last_name: str = "Ferrero") -> Volunteer:
    return services.volunteer_apply(
        first_name=first_name,
        last_name=last_name,
        email="anna@example.org",
        municipality=municipality(),
        slots=["mon-am"],
        consent=True,
    )


@pytest.fixture
def supervisor(world):
    client = Client()
    client.force_login(world.user_by_role["supervisor"])
    return client


def test_list_filters_by_state_and_flags_expired_documents(supervisor):
    anna, bruno = _apply(), _apply("Bruno", "Rossi")
    Volunteer.objects.filter(pk=bruno.pk).update(state=V.INTERVIEW_SCHEDULED)
    VolunteerDocument.objects.create(
        volunteer=anna,
        kind="identity",
        issued_on=datetime.date(2015, 1, 1),
        expires_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    url = reverse("volunteering:volunteer_list")
    page = supervisor.get(url).content.decode()
    assert "Ferrero Anna" in page and "Rossi Bruno" in page
    assert page.count('bg-danger">documento scaduto') == 1
    filtered = supervisor.get(url, {"stato": V.INTERVIEW_SCHEDULED}).content.decode()
    assert "Rossi Bruno" in filtered and "Ferrero Anna" not in filtered
    expired = supervisor.get(url, {"scaduti": "1"}).content.decode()
    assert "Ferrero Anna" in expired and "Rossi Bruno" not in expired


def test_detail_is_logged_and_offers_only_the_allowed_steps(supervisor, world):
    anna = _apply()
    page = supervisor.get(reverse("volunteering:volunteer_detail", args=[anna.pk]))
    assert page.status_code == 200
    targets = {step["state"] for step in page.context["steps"]}
    assert targets == {V.INTERVIEW_SCHEDULED, V.WITHDRAWN}
    assert AccessLogEntry.objects.filter(
        actor_id=world.user_by_role["supervisor"].pk, object_id=str(anna.pk), action="read"
    ).exists()


def test_schedule_interview_moves_the_volunteer(supervisor):
    anna = _apply()
    at = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = supervisor.post(
        reverse("volunteering:volunteer_move", args=[anna.pk]),
        {"target": V.INTERVIEW_SCHEDULED, "at": at},
        follow=True,
    )
    anna.refresh_from_db()
    assert anna.state == V.INTERVIEW_SCHEDULED and anna.interview_at is not None
    assert "Colloquio fissato" in response.content.decode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"target": V.INTERVIEW_SCHEDULED, "at": ""}, "Scegli una data e un&#x27;ora future."),
        ({"target": V.APPROVED}, "non può passare"),
        ({"target": "nonsense"}, "Scegli uno dei passaggi proposti."),
        ({"target": V.WITHDRAWN, "note": " "}, "Scrivi perché"),
    ],
)
def test_refused_steps_change_nothing_and_say_why_in_italian(supervisor, data, message):
    anna = _apply()
    response = supervisor.post(
        reverse("volunteering:volunteer_move", args=[anna.pk]), data, follow=True
    )
    anna.refresh_from_db()
    assert anna.state == V.APPLIED and anna.version == 1
    assert message in response.content.decode()


def _application(**changes) -> dict:
    data = {
        "first_name": "Carla",
        "last_name": "Bianchi",
        "email": "carla@example.org",
        "municipality": municipality().pk,
        "slots": ["tue-pm", "sat-am"],
        "languages": "Italiano, Francese",
        "capacity": "2",
        "consent": "on",
    }
    data.update(changes)
    return data


def test_public_application_creates_an_applied_volunteer():
    response = Client().post(reverse("volunteering_public:apply"), _application())
    assert response.status_code == 302
    assert response["Location"] == reverse("volunteering_public:thanks")
    carla = Volunteer.objects.get()
    assert (carla.state, carla.slots, carla.capacity) == (V.APPLIED, ["sat-am", "tue-pm"], 2)
    assert carla.languages == ["italiano", "francese"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"consent": ""}, "sulla privacy per candidarti."),
        ({"email": "carla@"}, "Scrivi un indirizzo e-mail valido."),
        ({"slots": []}, "almeno una fascia"),
        ({"municipality": ""}, "Scegli uno dei comuni del consorzio."),
    ],
)
def test_public_application_refuses_bad_input_in_italian(changes, message):
    response = Client().post(reverse("volunteering_public:apply"), _application(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Volunteer.objects.exists()


def test_public_application_is_rate_limited_per_email_address():
    client = Client()
    url = reverse("volunteering_public:apply")
    for _ in range(3):
        assert client.post(url, _application()).status_code == 302
    response = client.post(url, _application())
    assert response.status_code == 429
    assert "Troppe candidature" in response.content.decode()
    assert Volunteer.objects.count() == 3


def test_public_application_is_rate_limited_per_client():
    client = Client()
    url = reverse("volunteering_public:apply")
    for n in range(20):
        assert client.post(url, _application(email=f"c{n}@example.org")).status_code == 302
    response = client.post(url, _application(email="other@example.org"))
    assert response.status_code == 429
    assert Volunteer.objects.count() == 20
