"""The back-office menu offers exactly the sections a user can open: each demo user's menu,
walked link by link (a folded section's second row included), answers 200 everywhere, and no
section that would open is left out."""

import re

import pytest
from django.urls import reverse

from trama.accounts.models import Role, User
from trama.core.menu import registered_entries
from trama.demo.loader import load_demo

pytestmark = pytest.mark.django_db

NAV = re.compile(r'class="[^"]*trama-staff-nav.*?</nav>', re.S)
SECTION_NAV = re.compile(r'class="trama-section-nav".*?</nav>', re.S)
# The pages' links (not the icons' sprite references, which carry a fragment).
HREF = re.compile(r'<a [^>]*href="([^"#]+)"')


def test_every_menu_link_opens_for_every_demo_user(client):
    logins = load_demo()
    assert {role for user in User.objects.all() for role in user.active_role_names()} == set(
        Role.values
    ), "a role without a demo user"
    refused, missing = [], []
    for login in logins:
        client.force_login(User.objects.get(username=login.username))
        home = client.get(reverse("core:dashboard"))
        assert home.status_code == 200, login.username
        nav = NAV.search(home.content.decode())
        assert nav, f"no menu for {login.username}"
        shown = HREF.findall(nav.group(0))
        for url in list(shown):
            response = client.get(url)
            if response.status_code != 200:
                refused.append((login.username, url, response.status_code))
                continue
            # A folded section's pages: the second row, on the section's first page.
            section = SECTION_NAV.search(response.content.decode())
            for inner in HREF.findall(section.group(0)) if section else []:
                if inner not in shown:
                    shown.append(inner)
                    status = client.get(inner).status_code
                    if status != 200:
                        refused.append((login.username, inner, status))
        for entry in registered_entries():
            url = reverse(entry.url_name)
            if url not in shown and client.get(url).status_code == 200:
                missing.append((login.username, url))
        client.logout()
    assert not refused, "menu links that do not open"
    assert not missing, "sections that open but are not in the menu"
