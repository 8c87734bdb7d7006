import itertools

from tests.permissions import Case, expect, once, only
from trama.territory.tests.factories import municipality
from trama.volunteering import services

MANAGERS = ["supervisor", "coordinator", "admin"]
# Each identity applies with its own address (the page limits applications per address).
_SEQUENCE = itertools.count()


def _volunteer(world):
    return once(
        world,
        "_volunteering_volunteer",
        lambda: services.volunteer_apply(
            first_name="Anna",
            last_name="Ferrero",
            email="anna@example.org",
            municipality=municipality(),
            slots=["mon-am"],
            consent=True,
        ),
    )


def _pk(world):
    return {"pk": _volunteer(world).pk}


CASES = [
    Case("volunteering:volunteer_list", only(MANAGERS)),
    Case("volunteering:volunteer_detail", only(MANAGERS), kwargs=_pk),
    Case(
        "volunteering:volunteer_move",
        only(MANAGERS, allowed=302),
        kwargs=_pk,
        method="post",
        data=lambda w: {"target": "withdrawn", "note": "Trasferita"},
    ),
    # The public application: anyone, logged in or not.
    Case("volunteering_public:apply", expect(200)),
    Case(
        "volunteering_public:apply",
        expect(302),
        method="post",
        data=lambda w: {
            "first_name": "Carla",
            "last_name": "Bianchi",
            "email": f"carla{next(_SEQUENCE)}@example.org",
            "municipality": municipality().pk,
            "slots": ["tue-pm"],
            "capacity": 1,
            "consent": "on",
        },
    ),
    Case("volunteering_public:thanks", expect(200)),
]
