"""The back-office menu. Entries name URLs, not imports, so the core stays below the apps it
links to; who sees an entry is asked of the view behind the URL (the roles its
`role_required` allows), so the menu never offers a page that would answer 403."""

from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from trama.core.permissions import view_allows

MENU = [
    ("core:dashboard", _("Home")),
    ("organizations:list", _("Organisations")),
    ("projects:list", _("Projects")),
    ("calls:call_list", _("Calls")),
    ("calls:portal", _("Proposals portal")),
    ("calls:evaluation_calls", _("Evaluation")),
    ("calls:codesign_list", _("Co-design")),
    ("participation:body_list", _("Governance bodies")),
    ("people:list", _("People")),
    ("casework:outreach", _("People to reach")),
    ("casework:dashboard", _("Hub dashboard")),
    ("casework:appointment_list", _("Appointments")),
    ("casework:referral_list", _("Referrals")),
    ("food:stock_list", _("Food stock")),
    ("volunteering:volunteer_list", _("Volunteers")),
    ("territory:hub_list", _("Hubs")),
    ("accounts:user_list", _("Users and roles")),
    ("audit:log", _("Access log")),
    ("accounts:tokens", _("API tokens")),
]
HOME = "core:dashboard"


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
    for name, label in MENU:
        try:
            url = reverse(name)
            view = resolve(url).func
        except (NoReverseMatch, Resolver404):
            continue
        if view_allows(view, request.user):
            urls[name], labels[name] = url, label
    current = current_entry(request.path, urls)
    return [
        {"url": url, "label": labels[name], "current": name == current}
        for name, url in urls.items()
    ]
