import datetime as dt

import factory
from django.utils import timezone

from trama.organizations.tests.factories import OrganizationFactory
from trama.participation.models import AgendaItem, BodyMember, GovernanceBody, Meeting


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    name = factory.Sequence(lambda n: f"Cabina di regia {n}")
    slug = factory.Sequence(lambda n: f"cabina-{n}")
    quorum_percent = 50


class BodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BodyMember

    body = factory.SubFactory(GovernanceBodyFactory)
    organization = factory.SubFactory(OrganizationFactory)
    representative = factory.Sequence(lambda n: f"Rappresentante {n}")
    joined_on = dt.date(2026, 1, 15)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    body = factory.SubFactory(GovernanceBodyFactory)
    title = factory.Sequence(lambda n: f"Riunione {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + dt.timedelta(hours=2))
    place = "Sala consiliare, Grugliasco"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punto {n}")
    needs_vote = True
