"""The back-office menu, built from the entries the apps register in their `menu.py`.

Entries name URLs, not views, so the core stays below the apps it links to. Who sees an
entry is asked of the view behind the URL (the capability its `capability_required` names),
so the menu offers a page exactly to whom it would answer 200.
"""

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from trama.core.policy import view_allows

HOME = "core:dashboard"


@dataclass(frozen=True)
class MenuEntry:
    url_name: str
    label: str
    # Position in the menu: apps take a range of ten (their order in the consortium's work).
    order: int


_ENTRIES: dict[str, MenuEntry] = {}


def register(url_name: str, label: str, *, order: int) -> None:
    if url_name in _ENTRIES:
        raise ImproperlyConfigured(f"Menu entry {url_name!r} is registered twice.")
    _ENTRIES[url_name] = MenuEntry(url_name=url_name, label=label, order=order)


def registered_entries() -> list[MenuEntry]:
    return sorted(_ENTRIES.values(), key=lambda entry: (entry.order, entry.url_name))


def current_entry(path: str, urls: dict[str, str]) -> str | None:
    """The one entry a page belongs to: the longest menu URL the path starts with. Home only
    on itself (every back-office path starts with it)."""
    matching = [
        name
        for name, url in urls.items()
        if (path == url if name == HOME else path.startswith(url))
    ]
    return max(matching, key=lambda name: len(urls[name]), default=None)


def staff_menu(request) -> list[dict]:
    urls: dict[str, str] = {}
    labels = {}
    for entry in registered_entries():
        try:
            url = reverse(entry.url_name)
            view = resolve(url).func
        except (NoReverseMatch, Resolver404):
            continue
        if view_allows(view, request.user):
            urls[entry.url_name], labels[entry.url_name] = url, entry.label
    current = current_entry(request.path, urls)
    return [
        {"url": url, "label": labels[name], "current": name == current}
        for name, url in urls.items()
    ]


register(HOME, _("Home"), order=0)
