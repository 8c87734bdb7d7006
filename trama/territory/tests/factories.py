import factory

from trama.territory.models import Hub, HubKind, Municipality


def municipality(name: str = "Collegno") -> Municipality:
    """The reference municipalities are loaded by migration."""
    return Municipality.objects.get(name=name)


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Spazio AnCoRe {n}")
    kind = HubKind.ANCORE_SPACE
    address = factory.Sequence(lambda n: f"Via Roma {n + 1}")
    postcode = "10093"
    municipality = factory.LazyFunction(municipality)
