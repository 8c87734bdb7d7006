"""The back-office menu: which sections each role sees. URL names, not imports, so the core
stays below the apps it links to."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

MENU = [
    ("core:dashboard", _("Home"), None),
    (
        "organizations:list",
        _("Organisations"),
        (
            "coordinator",
            "admin",
            "operator",
            "mediator",
            "supervisor",
            "ets_member",
            "partner",
            "dpo",
            "evaluator",
        ),
    ),
    (
        "projects:list",
        _("Projects"),
        ("coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo"),
    ),
    ("calls:call_list", _("Calls"), ("coordinator", "admin", "evaluator", "ets_member")),
    ("calls:portal", _("Proposals portal"), ("ets_member",)),
    ("calls:evaluation_calls", _("Evaluation"), ("coordinator", "evaluator")),
    ("calls:codesign_list", _("Co-design"), ("coordinator", "admin", "ets_member")),
    (
        "people:list",
        _("People"),
        ("coordinator", "operator", "mediator", "supervisor"),
    ),
    ("casework:outreach", _("People to reach"), ("coordinator", "operator")),
    (
        "casework:dashboard",
        _("Hub dashboard"),
        ("coordinator", "operator", "mediator", "supervisor", "ets_member", "partner"),
    ),
    (
        "casework:appointment_list",
        _("Appointments"),
        ("coordinator", "operator", "mediator", "supervisor"),
    ),
    (
        "casework:referral_list",
        _("Referrals"),
        ("coordinator", "operator", "mediator", "supervisor", "ets_member", "partner"),
    ),
    (
        "territory:hub_list",
        _("Hubs"),
        ("coordinator", "admin", "operator", "mediator", "supervisor", "partner", "dpo"),
    ),
    ("accounts:user_list", _("Users and roles"), ("admin",)),
    ("audit:log", _("Access log"), ("dpo", "admin")),
    ("accounts:tokens", _("API tokens"), None),
]


def staff_menu(request) -> list[dict]:
    user = request.user
    items = []
    for name, label, roles in MENU:
        if roles is not None and not user.has_any_role(*roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = request.path == url if name == "core:dashboard" else request.path.startswith(url)
        items.append({"url": url, "label": label, "current": current})
    return items
