from tests.permissions import OUT_OF_SCOPE, Case, once, only

READERS = ["coordinator", "supervisor", "operator"]
WRITERS = ["coordinator", "operator"]


def _lot_own(world):
    from trama.food.tests.factories import lot_at

    return once(world, "food_lot_own", lambda: lot_at(world.hub_own, world.users.operator))


def _lot_other(world):
    from trama.food.tests.factories import lot_at
    from trama.territory.tests.factories import HubFactory

    return once(world, "food_lot_other", lambda: lot_at(HubFactory(), world.users.coordinator))


CASES = [
    Case("food:stock_list", only(READERS)),
    Case("food:lot_detail", only(READERS), kwargs=lambda w: {"pk": _lot_own(w).pk}),
    # A lot held only at another hub: the hub-bound operator does not find it.
    Case(
        "food:lot_detail",
        only(READERS) | {role: 404 for role in OUT_OF_SCOPE if role in READERS},
        kwargs=lambda w: {"pk": _lot_other(w).pk},
    ),
    Case("food:donation_create", only(WRITERS)),
    # An empty form comes back with its errors; nothing is saved.
    Case("food:donation_create", only(WRITERS), method="post"),
]
