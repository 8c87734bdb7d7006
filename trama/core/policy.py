"""Capabilities: what a role may do, each defined once (in its app's `capabilities.py`).

A capability answers *whether a user may do a kind of thing at all*; which objects they may
do it on is the selectors' scope. Views name a capability with `capability_required`, the
menu offers a page to whom its view's capability allows, and services call `require`, so the
page, the menu, the API and the service ask the same question and refuse the same way
(`PermissionDenied`: 403 on pages and API).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

_DEFINED: dict[str, Capability] = {}


@dataclass(frozen=True)
class Capability:
    code: str
    label: str
    roles: frozenset[str]

    def allows(self, user) -> bool:
        """Whether `user` (possibly anonymous or None) holds one of the roles."""
        return bool(
            user is not None
            and getattr(user, "is_authenticated", False)
            and user.has_any_role(*self.roles)
        )

    def require(self, user) -> None:
        if not self.allows(user):
            raise PermissionDenied

    def __or__(self, other: Capability) -> Capability:
        """Either capability: for a page both kinds of user open (each sees their own)."""
        return Capability(
            code=f"{self.code}|{other.code}",
            label=f"{self.label} | {other.label}",
            roles=self.roles | other.roles,
        )


def capability(code: str, label: str, roles: Iterable[str]) -> Capability:
    """Define a capability; a code defined twice is a configuration error."""
    if code in _DEFINED:
        raise ImproperlyConfigured(f"Capability {code!r} is defined twice.")
    defined = Capability(code=code, label=label, roles=frozenset(roles))
    _DEFINED[code] = defined
    return defined


def defined_capabilities() -> list[Capability]:
    return sorted(_DEFINED.values(), key=lambda cap: cap.code)


def capability_required(needed: Capability) -> Callable:
    """A page for the holders of `needed`: the sign-in page when signed out, 403 otherwise."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            needed.require(request.user)
            return view(request, *args, **kwargs)

        # Read by the menu (and kept by outer `wraps` decorators), so a link is offered
        # exactly to whom the view lets in.
        wrapped.capability = needed
        return wrapped

    return decorator


def view_allows(view, user) -> bool:
    """Whether `view` lets a signed-in `user` in: any user when it names no capability."""
    needed = getattr(view, "capability", None)
    return needed is None or needed.allows(user)
