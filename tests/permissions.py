"""The permission matrix's vocabulary. Each app lists its URLs' expected outcomes in
`trama/<app>/tests/permissions.py` as `CASES`; `tests/test_permission_walk.py` walks them all
and fails when a URL pattern has no case.

Outcomes: an HTTP status (200, 403, 404, 405, 401 …) or LOGIN (a redirect to the login page).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from conftest import IDENTITIES

LOGIN = "login"
STAFF = (
    "coordinator",
    "operator",
    "mediator",
    "supervisor",
    "ets_member",
    "evaluator",
    "partner",
    "dpo",
    "admin",
)

# Role groups of the records about people (persons, households, casework): who reads them,
# who writes them, and who is bound to a hub (answers 404 for a record outside it).
PERSON_READERS = ["coordinator", "supervisor", "operator", "mediator"]
PERSON_WRITERS = ["coordinator", "supervisor", "operator", "mediator"]
HUB_BOUND = ["operator", "mediator"]
OUT_OF_SCOPE = {role: 404 for role in HUB_BOUND}
# The DPO opens one person's record and casework only after breaking the glass (decision
# 0019): a page about one person or record answers it 404, a list 403 (it is no reader).
GLASS_ONLY = {"dpo": 404}


def expect(default, **overrides) -> dict[str, object]:
    """A full row of the matrix: `default` for every identity, then the exceptions."""
    unknown = set(overrides) - set(IDENTITIES)
    if unknown:
        raise ValueError(f"unknown identities in the matrix: {sorted(unknown)}")
    return {identity: overrides.get(identity, default) for identity in IDENTITIES}


def only(roles, allowed=200, others=403, anonymous=LOGIN) -> dict[str, object]:
    """`allowed` for the listed roles, `others` for every other role, `anonymous` for visitors."""
    row = expect(others, anonymous=anonymous)
    for role in roles:
        row[role] = allowed
    return row


def once(world, attribute: str, make: Callable[[], object]):
    """A record the cases share, kept on the world as `attribute`: `make()` the first time."""
    if not hasattr(world, attribute):
        setattr(world, attribute, make())
    return getattr(world, attribute)


@dataclass(frozen=True)
class Case:
    url_name: str  # "namespace:name"
    expected: dict[str, object]
    kwargs: Callable[[object], dict] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[object], dict] = field(default=lambda world: {})
    api: bool = False  # authenticate with the identity's API token instead of a session
    note: str = ""
