"""The back-office menu, built from the entries the apps register in their `menu.py`.

Entries name URLs, not views, so the core stays below the apps it links to. Who sees an
entry is asked of the view behind the URL (the capability its `capability_required` names),
so the menu offers a page exactly to whom it would answer 200.

Entries of one `section` (an app's pages: "Abitare", "Mi affido a te"…) share one item of
the top row when the user sees more than one of them; the section's pages then show its
entries as a second row (`core/section_nav.html`), so the top row stays one line whatever
the number of apps.
"""

from collections import Counter
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
    section: str | None = None  # a lazy label; entries of one section share a top item


_ENTRIES: dict[str, MenuEntry] = {}


def register(url_name: str, label: str, *, order: int, section=None) -> None:
    if url_name in _ENTRIES:
        raise ImproperlyConfigured(f"Menu entry {url_name!r} is registered twice.")
    _ENTRIES[url_name] = MenuEntry(url_name=url_name, label=label, order=order, section=section)


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
    """The top row: each entry the user may open, the entries of a section folded into one
    item (its label, the first entry's URL, `children` the section's entries) when the user
    sees more than one. Each item and child has `url`, `label`, `current`."""
    urls: dict[str, str] = {}
    shown: list[MenuEntry] = []
    for entry in registered_entries():
        try:
            url = reverse(entry.url_name)
            view = resolve(url).func
        except (NoReverseMatch, Resolver404):
            continue
        if view_allows(view, request.user):
            urls[entry.url_name] = url
            shown.append(entry)
    current = current_entry(request.path, urls)

    def leaf(entry: MenuEntry) -> dict:
        return {
            "url": urls[entry.url_name],
            "label": entry.label,
            "current": entry.url_name == current,
            "children": [],
        }

    items: list[dict] = []
    sections: dict[str, dict] = {}
    per_section = Counter(str(entry.section) for entry in shown if entry.section is not None)
    for entry in shown:
        key = str(entry.section)
        if entry.section is None or per_section[key] < 2:
            items.append(leaf(entry))
            continue
        if key not in sections:
            sections[key] = {"url": urls[entry.url_name], "label": entry.section, "children": []}
            items.append(sections[key])
        sections[key]["children"].append(leaf(entry))
    for section in sections.values():
        section["current"] = any(child["current"] for child in section["children"])
    return items


def current_section(items: list[dict]) -> dict | None:
    """The folded section the current page belongs to (its entries are the second row)."""
    return next((item for item in items if item["current"] and item["children"]), None)


def menu_leaves(items: list[dict]) -> list[dict]:
    """Every entry of the menu, the sections unfolded."""
    return [leaf for item in items for leaf in (item["children"] or [item])]


register(HOME, _("Home"), order=0)
