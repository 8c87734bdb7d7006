import datetime

import factory

from trama.people.models import Household, Person, PrivacyNotice
from trama.people.names import person_search_name
from trama.territory.tests.factories import HubFactory


def _search_name(person) -> str:
    return person_search_name(person.first_name, person.last_name)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = factory.Sequence(lambda n: f"Maria{n}")
    last_name = "Rossi"
    birth_date = datetime.date(1950, 3, 1)
    reference_hub = factory.SubFactory(HubFactory)
    search_name = factory.LazyAttribute(_search_name)


class HouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Household

    label = factory.Sequence(lambda n: f"Nucleo {n}")
    reference_hub = factory.SubFactory(HubFactory)


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    version = factory.Sequence(lambda n: f"1.{n}")
    title = "Informativa privacy"
    text = "Testo dell'informativa."
    valid_from = datetime.date(2025, 1, 1)
