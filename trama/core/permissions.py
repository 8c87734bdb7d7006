"""Role checks for views. Which *objects* a user sees is the selectors' job; this only
decides whether a role may open a kind of page at all (403 otherwise)."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.user.has_any_role(*roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the menu (and kept by outer `wraps` decorators), so a link is offered
        # exactly to whom the view lets in.
        wrapped.allowed_roles = frozenset(roles)
        return wrapped

    return decorator


def view_allows(view, user) -> bool:
    """Whether `view` lets a signed-in `user` in: any user when it names no roles."""
    roles = getattr(view, "allowed_roles", None)
    return roles is None or user.has_any_role(*roles)
