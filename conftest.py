"""Fixtures shared by every app's tests."""

import copy
import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings

from trama.accounts.roles import Role, ScopeKind

# Property tests judge results, not speed: on a loaded 2-core CI machine generating examples
# can be slow, which must not fail a test (speed is measured by `make bench`).
settings.register_profile("trama", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("trama")

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

IDENTITIES = ("anonymous", *Role.values)


def _on_postgresql() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def pytest_collection_modifyitems(config, items):
    """Tests of PostgreSQL-only behaviour (marked `postgres`) run in the PostgreSQL pass;
    the SQLite pass leaves them out and says so."""
    _mark_what_modules_can_share(items)
    if _on_postgresql():
        _leave_out_tests_without_a_database(config, items)
        return
    postgres_only = [item for item in items if item.get_closest_marker("postgres")]
    if postgres_only:
        config.hook.pytest_deselected(items=postgres_only)
        items[:] = [item for item in items if not item.get_closest_marker("postgres")]
        config._trama_postgres_deselected = len(postgres_only)


def _uses_the_database(item) -> bool:
    return bool(item.get_closest_marker("django_db")) or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def _leave_out_tests_without_a_database(config, items) -> None:
    """The PostgreSQL pass exists for what the database changes; a test that asks for no
    database cannot reach one (pytest-django refuses the connection), so it would only repeat
    the SQLite pass's result."""
    without = [item for item in items if not _uses_the_database(item)]
    if without:
        config.hook.pytest_deselected(items=without)
        items[:] = [item for item in items if _uses_the_database(item)]
        config._trama_no_database_deselected = len(without)


def pytest_terminal_summary(terminalreporter, config):
    count = getattr(config, "_trama_postgres_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"PostgreSQL layer: {count} test(s) run only on PostgreSQL — "
            "run again with DATABASE_URL=postgres://… (CI does both)."
        )
    count = getattr(config, "_trama_no_database_deselected", 0)
    if count:
        terminalreporter.write_line(
            f"PostgreSQL pass: {count} test(s) that use no database left out "
            "(they ran in the SQLite pass)."
        )


@pytest.fixture(autouse=True)
def _italian_by_default():
    """Every test starts in Italian, the product's first language, whatever ran before."""
    from django.utils import translation

    with translation.override("it"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache (rate-limit counters), whatever ran before."""
    from django.core.cache import cache

    cache.clear()
    yield


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server"}
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_serialized_rollback"}


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


# Fixtures whose data a module may build once for all its tests (see `built_once_per_module`).
SHARED_PER_MODULE = ("world", "loaded")


def _mark_what_modules_can_share(items) -> None:
    """A module may build a fixture's data once for all its tests only if every test of it
    that uses the database asks for that fixture, and none is transactional: the data lives
    in a transaction held open for the whole module, so a test without the fixture would see
    its rows, and a transactional test (commits, flush at its end) would break it."""
    for name in SHARED_PER_MODULE:
        unshareable = {
            item.module.__name__
            for item in items
            if _uses_the_database(item)
            and (_is_transactional(item) or name not in getattr(item, "fixturenames", ()))
        }
        for item in items:
            shared = getattr(item.module, "_trama_shared", None)
            if shared is None:
                shared = item.module._trama_shared = {}
            shared[name] = item.module.__name__ not in unshareable


def built_once_per_module(request, django_db_blocker, name: str, build):
    """For a module-scoped fixture: `build()` run once per module (and worker) inside a
    transaction rolled back when the module ends, yielding its result, or None when the module
    cannot share `name` (then the function fixture builds per test). Each test runs in a
    savepoint within that transaction (the `db` fixture's atomic nests there), so every test
    still starts from the same, freshly built data."""
    if not getattr(request.module, "_trama_shared", {}).get(name, False):
        yield None
        return
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    yield built
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        outer.__exit__(None, None, None)


def _world_with_sessions():
    built = build_world()
    built.session_keys = _signed_in_session_keys(built)
    return built


@pytest.fixture(scope="module")
def _module_world(request, django_db_setup, django_db_blocker):
    # Building the world takes about a second; hundreds of tests use it.
    yield from built_once_per_module(request, django_db_blocker, "world", _world_with_sessions)


def _signed_in_session_keys(world) -> dict[str, str]:
    """One signed-in session per role, made once with the world (a real log-in, audited
    like any other), so that tests walking every identity need not log in and out each time."""
    from django.conf import settings
    from django.test import Client

    keys = {}
    for role, user in world.user_by_role.items():
        client = Client()
        client.force_login(user)
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def sign_in(client, world, identity: str) -> None:
    """`client` as `identity` ("anonymous" or a role): the world's session of that role when
    it has one, else a fresh log-in."""
    from django.conf import settings

    client.cookies.clear()
    if identity == "anonymous":
        return
    key = getattr(world, "session_keys", {}).get(identity)
    if key:
        client.cookies[settings.SESSION_COOKIE_NAME] = key
    else:
        client.force_login(world.user_by_role[identity])


@pytest.fixture
def world(_module_world, db):
    # A copy, so that a test changing an object in memory leaves the next test's alone (the
    # database side is undone by the test's savepoint).
    if _module_world is None:
        return build_world()
    return copy.deepcopy(_module_world)


def build_world():
    """One user per role, each with a scope, and the objects their scopes point at.

    - `org_own`: the ETS whose member is `users.ets_member`; `org_other`: another ETS.
    - `hub_own`: the hub of `users.operator` and `users.mediator`.
    - `partner_body`: the public body of `users.partner`.
    - `call_own`: the published call whose committee `users.evaluator` sits on.
    """
    from trama.accounts.services import api_token_create
    from trama.accounts.tests.factories import UserFactory, grant
    from trama.calls.tests.factories import CallFactory, CommitteeMemberFactory
    from trama.organizations.models import LegalForm, OrganizationKind
    from trama.organizations.tests.factories import OrganizationFactory
    from trama.territory.tests.factories import HubFactory

    org_own = OrganizationFactory(name="Auser Prova")
    org_other = OrganizationFactory(name="Cooperativa Altra")
    partner_body = OrganizationFactory(
        name="Comune di Prova", kind=OrganizationKind.PUBLIC_BODY, legal_form=LegalForm.MUNICIPALITY
    )
    hub_own = HubFactory()
    call_own = CallFactory(title="Avviso di prova")
    scopes = {
        Role.COORDINATOR: (ScopeKind.CONSORTIUM, None),
        Role.OPERATOR: (ScopeKind.HUB, hub_own.pk),
        Role.MEDIATOR: (ScopeKind.HUB, hub_own.pk),
        Role.SUPERVISOR: (ScopeKind.CONSORTIUM, None),
        Role.ETS_MEMBER: (ScopeKind.ORGANIZATION, org_own.pk),
        Role.EVALUATOR: (ScopeKind.CALL, call_own.pk),
        Role.VOLUNTEER: (ScopeKind.CONSORTIUM, None),
        Role.PARTNER: (ScopeKind.ORGANIZATION, partner_body.pk),
        Role.DPO: (ScopeKind.CONSORTIUM, None),
        Role.ADMIN: (ScopeKind.CONSORTIUM, None),
    }
    users, tokens = {}, {}
    for role, (kind, scope_id) in scopes.items():
        user = UserFactory(username=f"{role}_user")
        grant(user, role, kind, scope_id)
        users[role] = user
        tokens[role] = api_token_create(actor=user, name="tests")[1]
    CommitteeMemberFactory(call=call_own, user=users[Role.EVALUATOR])
    return SimpleNamespace(
        users=SimpleNamespace(**users),
        user_by_role=users,
        tokens=tokens,
        org_own=org_own,
        org_other=org_other,
        partner_body=partner_body,
        hub_own=hub_own,
        call_own=call_own,
    )
