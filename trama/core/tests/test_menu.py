"""The back-office menu: one current entry per page, the one whose URL is the longest prefix."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory
from django.urls import reverse
from django.utils.translation import pgettext_lazy

from trama.core import menu
from trama.core.menu import (
    current_entry,
    current_section,
    menu_leaves,
    registered_entries,
    staff_menu,
)

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


@pytest.mark.parametrize("name", [entry.url_name for entry in registered_entries()])
def test_every_page_of_the_menu_marks_exactly_one_entry(name):
    request = RequestFactory().get(reverse(name))
    request.user = _Everyone()
    items = staff_menu(request)
    current = [leaf for leaf in menu_leaves(items) if leaf["current"]]
    assert [leaf["url"] for leaf in current] == [reverse(name)]
    # The top row marks one item too: the entry itself, or the section it belongs to.
    assert len([item for item in items if item["current"]]) == 1


def test_every_app_registers_its_entries_in_order():
    names = [entry.url_name for entry in registered_entries()]
    assert names[0] == "core:dashboard"
    # One entry per app at least, registered by the app's own menu.py.
    assert {name.split(":")[0] for name in names} >= {
        "accounts",
        "audit",
        "calls",
        "casework",
        "food",
        "organizations",
        "participation",
        "people",
        "projects",
        "territory",
        "volunteering",
    }
    orders = [entry.order for entry in registered_entries()]
    assert orders == sorted(orders)


def test_an_entry_registered_twice_is_refused():
    with pytest.raises(ImproperlyConfigured):
        menu.register("core:dashboard", "Home again", order=1)
    assert [e.url_name for e in registered_entries()].count("core:dashboard") == 1


def test_the_menu_offers_only_what_the_view_capability_allows(rf):
    from trama.people.capabilities import READ_PEOPLE

    class Dpo:
        is_authenticated = True

        def has_any_role(self, *roles):
            return "dpo" in roles

    request = rf.get("/gestione/")
    request.user = Dpo()
    items = staff_menu(request)
    urls = {leaf["url"] for leaf in menu_leaves(items)}
    assert reverse("audit:log") in urls
    # Alone in its section for the DPO: a plain entry of the top row, not a folded section.
    assert reverse("audit:log") in {item["url"] for item in items if not item["children"]}
    assert reverse("people:list") not in urls  # READ_PEOPLE: not the DPO's
    assert not READ_PEOPLE.allows(request.user)


def test_a_section_folds_into_one_item_and_its_pages_get_the_second_row(rf):
    request = rf.get(reverse("housing:issue_list"))
    request.user = _Everyone()
    items = staff_menu(request)
    housing = next(item for item in items if item["url"] == reverse("housing:building_list"))
    assert housing["label"] == pgettext_lazy("menu section", "Housing") and housing["current"]
    assert [c["url"] for c in housing["children"]] == [
        reverse("housing:building_list"),
        reverse("housing:issue_list"),
        reverse("housing:dashboard"),
    ]
    assert current_section(items) is housing
    assert [c["current"] for c in housing["children"]] == [False, True, False]
    home = rf.get(reverse("core:dashboard"))
    home.user = _Everyone()
    assert current_section(staff_menu(home)) is None
