"""E-mail at each step of a call (issue 5, point 8): one function used by every service.

Messages are sent after the transaction commits, each in its recipient's language, with a
link to the page where the step can be seen.
"""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from trama.accounts.models import User
from trama.organizations.models import Organization
from trama.organizations.selectors import organization_members


def members_of(organizations: Iterable[Organization]) -> list[User]:
    """The active members (with an e-mail) of the organisations, each once."""
    seen: dict[int, User] = {}
    for organization in organizations:
        for user in organization_members(organization=organization):
            if user.is_active and user.email:
                seen.setdefault(user.pk, user)
    return list(seen.values())


def notify(
    recipients: Iterable[User],
    *,
    subject: Callable[[], str],
    body: Callable[[], str],
    url_name: str,
    url_args: Iterable[object] = (),
) -> None:
    """Send `subject()` / `body()` — callables, so they are translated per recipient — with
    a link to `url_name`, once the current transaction commits."""
    people = [user for user in recipients if user.is_active and user.email]
    if not people:
        return
    args = list(url_args)

    def send() -> None:
        base = getattr(settings, "TRAMA_SITE_URL", "").rstrip("/")
        for user in people:
            with translation.override(user.preferred_language or "it"):
                link = base + reverse(url_name, args=args)
                send_mail(subject(), f"{body()}\n\n{link}", None, [user.email])

    transaction.on_commit(send)
