"""Capabilities: defined once, asked the same way by views, the menu and services."""

import pytest
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.test import RequestFactory

from trama.core.policy import (
    Capability,
    capability,
    capability_required,
    defined_capabilities,
    view_allows,
)


class _User:
    is_authenticated = True

    def __init__(self, *roles):
        self.roles = roles

    def has_any_role(self, *roles):
        return bool(set(roles) & set(self.roles))


class _Anonymous:
    is_authenticated = False

    def has_any_role(self, *roles):
        raise AssertionError("an anonymous user has no roles to ask about")


SCORE = Capability(code="test.score", label="scores", roles=frozenset({"evaluator"}))
CHAIR = Capability(code="test.chair", label="chairs", roles=frozenset({"coordinator"}))


def test_allows_only_the_roles_named_and_never_the_anonymous():
    assert SCORE.allows(_User("evaluator", "operator"))
    assert not SCORE.allows(_User("operator"))
    assert not SCORE.allows(_Anonymous())
    assert not SCORE.allows(None)


def test_require_raises_permission_denied():
    SCORE.require(_User("evaluator"))
    with pytest.raises(PermissionDenied):
        SCORE.require(_User("coordinator"))


def test_either_of_two_capabilities():
    either = SCORE | CHAIR
    assert either.allows(_User("coordinator")) and either.allows(_User("evaluator"))
    assert not either.allows(_User("dpo"))


def test_a_code_is_defined_once():
    codes = [cap.code for cap in defined_capabilities()]
    assert len(codes) == len(set(codes))
    assert "people.read" in codes and "calls.manage" in codes
    with pytest.raises(ImproperlyConfigured):
        capability("people.read", "again", ("dpo",))


def test_every_capability_names_known_roles():
    from trama.accounts.roles import Role

    for cap in defined_capabilities():
        assert cap.roles, cap.code
        assert cap.roles <= set(Role.values), cap.code


def test_the_view_refuses_redirects_and_records_its_capability():
    @capability_required(SCORE)
    def view(request):
        return "opened"

    request = RequestFactory().get("/gestione/x/")
    request.user = _Anonymous()
    assert view(request).status_code == 302
    request.user = _User("operator")
    with pytest.raises(PermissionDenied):
        view(request)
    request.user = _User("evaluator")
    assert view(request) == "opened"
    assert view.capability is SCORE
    assert view_allows(view, _User("evaluator"))
    assert not view_allows(view, _User("operator"))
    assert view_allows(lambda request: None, _User())  # no capability: any signed-in user
