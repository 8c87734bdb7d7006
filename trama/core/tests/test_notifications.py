"""The kit's e-mail: after commit only, in each recipient's language, text and HTML."""

from dataclasses import dataclass

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import gettext as _

from trama.core.notifications import notify, unique_recipients


@dataclass
class Person:
    email: str
    preferred_language: str = "it"
    is_active: bool = True


def _tell(people) -> None:
    notify(
        people,
        subject=lambda: _("Italian"),  # Django's own catalogue: "Italiano" in Italian
        body=lambda: "Riga <uno>\nRiga due",
        url_name="core:dashboard",
    )


@pytest.mark.django_db(transaction=True)
def test_nothing_is_sent_before_the_commit_nor_after_a_rollback():
    with transaction.atomic():
        _tell([Person("a@example.org")])
        assert mail.outbox == []
    assert len(mail.outbox) == 1

    mail.outbox.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        _tell([Person("a@example.org")])
        raise RuntimeError("the step is refused")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_each_recipient_reads_it_in_their_language_with_text_and_html(settings):
    settings.TRAMA_SITE_URL = "https://trama.example.org"
    _tell([Person("it@example.org", "it"), Person("en@example.org", "en")])
    by_address = {message.to[0]: message for message in mail.outbox}
    italian, english = by_address["it@example.org"], by_address["en@example.org"]
    assert (italian.subject, english.subject) == ("Italiano", "Italian")
    assert english.body.startswith("Riga <uno>\nRiga due\n\nhttps://trama.example.org/en/")
    html, content_type = english.alternatives[0]
    assert content_type == "text/html"
    assert "Riga &lt;uno&gt;<br>Riga due" in html
    assert '<a href="https://trama.example.org/en/' in html


def test_recipients_are_active_each_address_once():
    people = [
        Person("Anna@Example.org"),
        Person("anna@example.org"),
        Person(""),
        Person("off@example.org", is_active=False),
        Person("bruno@example.org"),
    ]
    assert [p.email for p in unique_recipients(people)] == ["Anna@Example.org", "bruno@example.org"]
