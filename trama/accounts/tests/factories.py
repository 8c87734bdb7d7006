import factory

from trama.accounts.models import RoleGrant, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name", locale="it_IT")
    last_name = factory.Faker("last_name", locale="it_IT")
    password = factory.django.Password("password-123")


def grant(
    user: User, role: str, scope_kind: str = "consortium", scope_id: int | None = None
) -> RoleGrant:
    """A grant straight in the table, for fixtures (the service is tested on its own)."""
    created = RoleGrant.objects.create(
        user=user, role=role, scope_kind=scope_kind, scope_id=scope_id
    )
    user.__dict__.pop("_grants", None)
    return created
