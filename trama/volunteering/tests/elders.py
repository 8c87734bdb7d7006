"""Elders for the tests: a person of 65 or over whose referral to Mi affido a te was accepted."""

import datetime

from django.utils import timezone

from trama.casework.models import ReferralState
from trama.casework.tests.factories import ReferralFactory
from trama.people.tests.factories import PersonFactory
from trama.projects.tests.factories import ProjectFactory
from trama.territory.tests.factories import municipality
from trama.volunteering import services
from trama.volunteering.models import Volunteer, VolunteerState
from trama.volunteering.selectors import PROJECT_SLUG

TODAY = datetime.date(2026, 12, 1)
ACCEPTED_AT = timezone.make_aware(datetime.datetime(2026, 10, 5, 10, 0))


def project():
    return ProjectFactory(slug=PROJECT_SLUG, name="Mi affido a te")


def referred_person(*, state=ReferralState.ACCEPTED, to_project=None, **person):
    person.setdefault("birth_date", datetime.date(1941, 3, 1))
    person.setdefault("sex", "F")
    person.setdefault("municipality", municipality("Collegno"))
    person.setdefault("languages", "italiano, piemontese")
    subject = PersonFactory(**person)
    ReferralFactory(
        person=subject,
        to_project=to_project or project(),
        state=state,
        answered_at=None if state == ReferralState.SENT else ACCEPTED_AT,
    )
    return subject


def elder(actor, **profile):
    """A referred person's profile, through the service."""
    person = profile.pop("person", None) or referred_person(
        **{k: profile.pop(k) for k in ("municipality", "sex", "languages") if k in profile}
    )
    profile.setdefault("slots", ["mon-am"])
    profile.setdefault("needs", ["company"])
    return services.elder_profile_create(actor=actor, person=person, today=TODAY, **profile)


def volunteer(first_name="Anna", **fields):
    """An available volunteer, trained a month ago, written directly: the path to available
    has its own tests."""
    fields.setdefault("municipality", municipality("Collegno"))
    fields.setdefault("slots", ["mon-am"])
    fields.setdefault("trained_on", TODAY - datetime.timedelta(days=30))
    fields.setdefault("state", VolunteerState.AVAILABLE)
    return Volunteer.objects.create(
        first_name=first_name,
        last_name="Prova",
        email=f"{first_name.lower()}@example.org",
        consent_at=timezone.now(),
        **fields,
    )
