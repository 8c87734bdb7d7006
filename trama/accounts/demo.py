"""Demo users, one way for every app's demo: a user with the demo address and password
(created once, kept as found afterwards) and a role granted once."""

from trama.accounts.models import RoleGrant, User

# Every demo user's address ends so (`make run` lists them by it).
DEMO_EMAIL_DOMAIN = "@demo.trama.invalid"


def demo_user(username: str, first_name: str, last_name: str, password: str) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}{DEMO_EMAIL_DOMAIN}",
            "first_name": first_name,
            "last_name": last_name,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def demo_grant(user: User, role: str, kind: str, scope_id: int | None) -> None:
    RoleGrant.objects.get_or_create(
        user=user, role=role, scope_kind=kind, scope_id=scope_id, revoked_at__isnull=True
    )
