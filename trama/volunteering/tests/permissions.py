from tests.permissions import Case, once, only
from trama.territory.tests.factories import municipality
from trama.volunteering import services

MANAGERS = ["supervisor", "coordinator", "admin"]


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
]
