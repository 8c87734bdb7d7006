"""The demo data loaded by `make run`: every project of the seed page, its organisations and
hubs, one user per role, and synthetic people with their casework. Idempotent: running it
again changes nothing."""

from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from trama.accounts.demo import DEMO_EMAIL_DOMAIN, demo_user
from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.accounts.selectors import with_scope_names
from trama.calls.demo import load_demo_calls
from trama.casework.demo import load_demo_casework
from trama.food.demo import load_demo_food
from trama.housing.demo import load_demo_housing
from trama.organizations.demo import load_demo_organizations
from trama.organizations.models import ActivitySector, RuntsSection
from trama.organizations.reference import load_reference_organizations
from trama.participation.demo import load_demo_participation
from trama.people.demo import load_demo_people, load_demo_rules
from trama.projects.demo import load_demo_projects
from trama.territory.demo import load_demo_hubs
from trama.territory.models import Hub, HubKind, Municipality
from trama.territory.reference import load_reference_territory
from trama.volunteering.demo import load_demo_volunteers

DEMO_PASSWORD = "trama-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def _demo_user(username: str, first_name: str, last_name: str) -> User:
    return demo_user(username, first_name, last_name, DEMO_PASSWORD)


@contextmanager
def _mail_kept_in_memory():
    """The demo's referrals notify the receiving organisations' demo members on commit: keep
    those e-mails in memory instead of printing dozens of them on `make run`."""
    backend = settings.EMAIL_BACKEND
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    try:
        yield
    finally:
        settings.EMAIL_BACKEND = backend


def load_demo() -> list[DemoLogin]:
    with _mail_kept_in_memory():
        return _load_demo()


@transaction.atomic
def _load_demo() -> list[DemoLogin]:
    # Reference rows come with the migrations; loading them again (idempotent) restores them
    # where a test run flushed the tables.
    load_reference_territory(Municipality, Hub)
    load_reference_organizations(ActivitySector, RuntsSection)
    hubs = load_demo_hubs()
    organizations = load_demo_organizations()
    load_demo_projects(organizations)

    ancore_hub = next(hub for hub in hubs.values() if hub.kind == "ancore_space")
    atc_hub = next((hub for hub in hubs.values() if hub.kind == "atc_building"), ancore_hub)
    people = [
        ("coordinatrice", "Carla", "Anselmi", Role.COORDINATOR, ScopeKind.CONSORTIUM, None, ""),
        ("operatore", "Marco", "Ferrero", Role.OPERATOR, ScopeKind.HUB, ancore_hub, ""),
        ("mediatrice", "Giulia", "Bianco", Role.MEDIATOR, ScopeKind.HUB, atc_hub, ""),
        ("supervisore", "Elena", "Rossotto", Role.SUPERVISOR, ScopeKind.CONSORTIUM, None, ""),
        (
            "ets",
            "Paolo",
            "Gallo",
            Role.ETS_MEMBER,
            ScopeKind.ORGANIZATION,
            organizations["Auser Grugliasco"],
            "",
        ),
        ("volontaria", "Anna", "Costa", Role.VOLUNTEER, ScopeKind.CONSORTIUM, None, ""),
        (
            "partner",
            "Luca",
            "Martini",
            Role.PARTNER,
            ScopeKind.ORGANIZATION,
            organizations["ASL TO3"],
            "",
        ),
        ("dpo", "Silvia", "Conti", Role.DPO, ScopeKind.CONSORTIUM, None, ""),
        ("admin", "Davide", "Greco", Role.ADMIN, ScopeKind.CONSORTIUM, None, ""),
    ]
    for username, first, last, role, kind, scope_object, _note in people:
        user = _demo_user(username, first, last)
        scope_id = scope_object.pk if scope_object is not None else None
        RoleGrant.objects.get_or_create(
            user=user, role=role, scope_kind=kind, scope_id=scope_id, revoked_at__isnull=True
        )
    # The calls: the Cittadella del Welfare's co-design, an open call, their evaluator.
    load_demo_calls(organizations, password=DEMO_PASSWORD)
    _load_demo_casework(hubs)
    # Mi affido a te: candidates along the volunteers' path, moved by the demo supervisor.
    load_demo_volunteers(User.objects.get(username="supervisore"), password=DEMO_PASSWORD)
    load_demo_participation(organizations, User.objects.get(username="coordinatrice"))
    _load_demo_food(hubs)
    # RI-abitare la città: the ATC buildings, their tenants, activities and issues.
    load_demo_housing(
        coordinator=User.objects.get(username="coordinatrice"), password=DEMO_PASSWORD
    )
    return demo_logins()


def demo_logins() -> list[DemoLogin]:
    """Every demo user's active roles, those the apps' demos add included (the other hubs'
    operators, the receiving organisations' members, the evaluators): in the order `Role`
    lists the roles, then by scope and username. The scope is named (a hub's, an
    organisation's name, a call's title)."""
    grants = RoleGrant.objects.filter(
        revoked_at__isnull=True, user__email__endswith=DEMO_EMAIL_DOMAIN
    ).select_related("user")
    order = {role: position for position, role in enumerate(Role.values)}
    named = sorted(
        with_scope_names(grants),
        key=lambda g: (order.get(g.role, len(order)), g.scope_label, g.user.username),
    )
    return [
        DemoLogin(
            g.user.username,
            str(g.get_role_display()),
            g.scope_label or str(g.get_scope_kind_display()),
        )
        for g in named
    ]


def demo_login_lines(logins: list[DemoLogin]) -> list[str]:
    """The logins for the terminal, grouped by role (a blank line between roles), one a line:
    "Hub operator — Spazio AnCoRe Collegno: operatore"."""
    lines: list[str] = []
    for login in logins:
        if lines and not lines[-1].startswith(f"{login.role} — "):
            lines.append("")
        lines.append(f"{login.role} — {login.scope}: {login.username}")
    return lines


def _load_demo_food(hubs: dict[str, Hub]) -> None:
    """The emporio's stock, received by its operator (created with the casework's people)."""
    groceries = [hub for hub in hubs.values() if hub.kind == HubKind.SOCIAL_GROCERY]
    actor = User.objects.filter(
        role_grants__role=Role.OPERATOR,
        role_grants__scope_kind=ScopeKind.HUB,
        role_grants__scope_id__in=[hub.pk for hub in groceries],
        role_grants__revoked_at__isnull=True,
    ).first() or User.objects.get(username="coordinatrice")
    load_demo_food(hubs=groceries, actor=actor)


def _load_demo_casework(hubs: dict[str, Hub]) -> None:
    """Synthetic people at every hub that follows people (Spazi AnCoRe, the emporio, the ATC
    buildings), their households, sessions, referrals and plans; the projects' access rules."""
    coordinator = User.objects.get(username="coordinatrice")
    load_demo_rules(coordinator=coordinator)
    followed = (HubKind.ANCORE_SPACE, HubKind.SOCIAL_GROCERY, HubKind.ATC_BUILDING)
    people_hubs = [hub for hub in hubs.values() if hub.kind in followed]
    people = load_demo_people(coordinator=coordinator, hubs=people_hubs, password=DEMO_PASSWORD)
    load_demo_casework(people)
