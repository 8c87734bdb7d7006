import itertools

from django.utils import timezone

from tests.permissions import Case, expect, once, only
from trama.territory.tests.factories import municipality
from trama.volunteering import services
from trama.volunteering.models import MatchingRun
from trama.volunteering.services.matching import WEIGHTED

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


def _run(world):
    """A stored matching run (the run page reads it; running one has its own tests)."""

    def make():
        return MatchingRun.objects.create(
            started_by=world.users.supervisor,
            run_on=timezone.localdate(),
            max_km=25,
            training_valid_days=365,
        )

    return {"pk": once(world, "_volunteering_run", make).pk}


def _run_rules(world) -> dict:
    return {"max_km": 25, **{f"weight_{c}": 1 for c in WEIGHTED}}


CASES = [
    Case("volunteering:matching", only(MANAGERS)),
    # With nobody waiting the run is refused on the page itself (200, the form's message).
    Case(
        "volunteering:matching",
        only(MANAGERS),
        method="post",
        data=_run_rules,
    ),
    Case("volunteering:matching_run", only(MANAGERS), kwargs=_run),
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
