"""The demo data loaded by `make run`: every project of the seed page, its organisations and
hubs, and one user per role. Idempotent: running it again changes nothing."""

from dataclasses import dataclass

from django.db import transaction

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.organizations.demo import load_demo_organizations
from trama.organizations.models import ActivitySector, RuntsSection
from trama.organizations.reference import load_reference_organizations
from trama.projects.demo import load_demo_projects
from trama.territory.demo import load_demo_hubs
from trama.territory.models import Hub, Municipality
from trama.territory.reference import load_reference_territory

DEMO_PASSWORD = "trama-demo-2026"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str


def _demo_user(username: str, first_name: str, last_name: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@demo.trama.invalid",
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo() -> list[DemoLogin]:
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
    logins = []
    for username, first, last, role, kind, scope_object, _note in people:
        user = _demo_user(username, first, last)
        scope_id = scope_object.pk if scope_object is not None else None
        RoleGrant.objects.get_or_create(
            user=user, role=role, scope_kind=kind, scope_id=scope_id, revoked_at__isnull=True
        )
        logins.append(
            DemoLogin(
                username, str(Role(role).label), str(scope_object) if scope_object else "Consorzio"
            )
        )
    return logins
