"""The back-office menu: one current entry per page, the one whose URL is the longest prefix."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from trama.core.menu import MENU, current_entry, staff_menu
from trama.core.permissions import role_required, view_allows

URLS = {
    "core:dashboard": "/gestione/",
    "calls:call_list": "/gestione/avvisi/",
    "calls:portal": "/gestione/avvisi/portale/",
    "calls:evaluation_calls": "/gestione/avvisi/valutazione/",
}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/gestione/", "core:dashboard"),
        ("/gestione/avvisi/", "calls:call_list"),
        ("/gestione/avvisi/12/", "calls:call_list"),
        ("/gestione/avvisi/portale/", "calls:portal"),
        ("/gestione/avvisi/portale/proposte/3/", "calls:portal"),
        ("/gestione/avvisi/valutazione/4/", "calls:evaluation_calls"),
        ("/gestione/altro/", None),
    ],
)
def test_the_longest_matching_url_is_the_current_entry(path, expected):
    assert current_entry(path, URLS) == expected


class _Everyone:
    is_authenticated = True

    def has_any_role(self, *roles):
        return True


@pytest.mark.parametrize("name", [name for name, _label in MENU])
def test_every_page_of_the_menu_marks_exactly_one_entry(name):
    request = RequestFactory().get(reverse(name))
    request.user = _Everyone()
    current = [item for item in staff_menu(request) if item["current"]]
    assert [item["url"] for item in current] == [reverse(name)]


def test_a_view_names_the_roles_it_lets_in():
    @role_required("dpo", "admin")
    def view(request):
        return None

    class User:
        def __init__(self, *roles):
            self.roles = roles

        def has_any_role(self, *roles):
            return bool(set(roles) & set(self.roles))

    assert view.allowed_roles == {"dpo", "admin"}
    assert view_allows(view, User("dpo"))
    assert not view_allows(view, User("operator"))
    assert view_allows(lambda request: None, User())  # no roles named: any signed-in user
