"""The access-log page links only to pages its reader can open; a page refused is Trama's
own Italian 403 page."""

import re

import pytest
from django.urls import reverse

from trama.accounts.tests.factories import UserFactory, grant

pytestmark = pytest.mark.django_db

CONTENT = re.compile(r'<main id="main".*</main>', re.S)


@pytest.mark.parametrize("role", ["admin", "dpo"])
def test_every_link_of_the_page_opens_for_its_reader(client, role):
    user = UserFactory()
    grant(user, role)
    client.force_login(user)
    page = client.get(reverse("audit:log"))
    assert page.status_code == 200
    links = re.findall(r'href="(/[^"?#]*)', CONTENT.search(page.content.decode()).group(0))
    refused = [(url, client.get(url).status_code) for url in set(links)]
    assert [(url, status) for url, status in refused if status != 200] == []
    shown = reverse("people:break_glass_log") in links
    assert shown == (role == "dpo")


def test_a_refused_page_is_trama_s_italian_403(client):
    admin = UserFactory()
    grant(admin, "admin")
    client.force_login(admin)
    response = client.get(reverse("people:break_glass_log"))
    assert response.status_code == 403
    html = response.content.decode()
    assert '<html lang="it">' in html
    assert "Accesso negato" in html
    assert "Trama" in html
