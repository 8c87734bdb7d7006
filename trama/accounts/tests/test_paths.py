"""The accounts' back-office pages have Italian paths like every other page; the English ones
they had before send bookmarks on with a permanent redirect (the query string kept)."""

import pytest
from django.urls import reverse

from trama.accounts.tests.factories import UserFactory


def test_the_pages_have_italian_paths():
    assert reverse("accounts:user_list") == "/accounts/utenti/"
    assert reverse("accounts:user_create") == "/accounts/utenti/nuovo/"
    assert reverse("accounts:user_detail", kwargs={"pk": 4}) == "/accounts/utenti/4/"
    assert (
        reverse("accounts:role_revoke", kwargs={"pk": 4, "grant_pk": 9})
        == "/accounts/utenti/4/ruoli/9/revoca/"
    )
    assert reverse("accounts:tokens") == "/accounts/token/"
    assert reverse("accounts:token_revoke", kwargs={"pk": 7}) == "/accounts/token/7/revoca/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/accounts/users/", "/accounts/utenti/"),
        ("/accounts/users/?q=rossi", "/accounts/utenti/?q=rossi"),
        ("/accounts/users/new/", "/accounts/utenti/nuovo/"),
        ("/accounts/users/4/", "/accounts/utenti/4/"),
        ("/accounts/users/4/roles/9/revoke/", "/accounts/utenti/4/ruoli/9/revoca/"),
        ("/accounts/tokens/", "/accounts/token/"),
        ("/accounts/tokens/7/revoke/", "/accounts/token/7/revoca/"),
        ("/en/accounts/tokens/", "/en/accounts/token/"),
    ],
)
def test_the_english_paths_redirect_for_good(client, old, new):
    client.force_login(UserFactory())
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new
