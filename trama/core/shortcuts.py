"""The page-side 404 of a record the user may not see (decision 0026: the API answers a
`DoesNotExist` as 404 once, in `config/api.py`; pages call this)."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import Http404

T = TypeVar("T")


def get_or_404(source: QuerySet[T] | Callable[..., T], **arguments: Any) -> T:
    """One record, or Http404 when it is absent or outside the user's scope.

    `source` is a selector's queryset (then `arguments` are the lookup of `.get()`), or a
    selector or service that returns one record and raises `DoesNotExist` otherwise (then it
    is called with `arguments`): `get_or_404(selectors.person_list(user=user), pk=pk)`,
    `get_or_404(selectors.household_get, user=user, pk=pk)`."""
    try:
        if isinstance(source, QuerySet):
            return source.get(**arguments)
        return source(**arguments)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
