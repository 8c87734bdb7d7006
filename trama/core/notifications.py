"""E-mail from Trama, one way for every app (DESIGN.md §3): sent only once the transaction
that decided it commits (a refused or rolled-back step tells nobody), each message in its
recipient's language, as plain text with an HTML alternative, ending with the link to the
page where the step can be seen.

Recipients are users (anything with `email`, `is_active`, `preferred_language`); the core
does not import the accounts app. Messages name no personal data beyond what the page
they link to shows its reader: e-mail leaves the platform.
"""

from collections.abc import Callable, Iterable
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape, linebreaks


class Recipient(Protocol):
    email: str
    is_active: bool
    preferred_language: str


def unique_recipients(people: Iterable[Recipient]) -> list[Recipient]:
    """Active people with an e-mail address, each address once (first one wins)."""
    seen: set[str] = set()
    found = []
    for person in people:
        address = (person.email or "").strip().lower()
        if person.is_active and address and address not in seen:
            seen.add(address)
            found.append(person)
    return found


def _message(subject: str, body: str, link: str, to: str) -> EmailMultiAlternatives:
    text = f"{body}\n\n{link}"
    html = f'{linebreaks(escape(body))}\n<p><a href="{escape(link)}">{escape(link)}</a></p>'
    message = EmailMultiAlternatives(" ".join(subject.split()), text, None, [to])
    message.attach_alternative(html, "text/html")
    return message


def notify(
    recipients: Iterable[Recipient],
    *,
    subject: Callable[[], str],
    body: Callable[[], str],
    url_name: str,
    url_args: Iterable[object] = (),
) -> None:
    """Send `subject()` / `body()` — callables, so they are translated per recipient — with
    a link to `url_name`, once the current transaction commits (at once outside one)."""
    people = unique_recipients(recipients)
    if not people:
        return
    args = list(url_args)

    def send() -> None:
        base = getattr(settings, "TRAMA_SITE_URL", "").rstrip("/")
        for person in people:
            with translation.override(person.preferred_language or settings.LANGUAGE_CODE):
                link = base + reverse(url_name, args=args)
                _message(subject(), body(), link, person.email).send()

    transaction.on_commit(send)
