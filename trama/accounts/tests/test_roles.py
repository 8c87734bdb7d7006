import pytest
from django.urls import reverse

from trama.accounts.models import RoleGrant
from trama.accounts.services import role_grant, role_revoke
from trama.accounts.tests.factories import UserFactory
from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError


@pytest.mark.django_db
def test_grant_on_an_organisation_scopes_the_user_and_is_audited(world):
    newcomer = UserFactory(username="nuovo")
    created = role_grant(
        actor=world.users.admin,
        user=newcomer,
        role="ets_member",
        scope_kind="organization",
        scope_id=world.org_other.pk,
    )
    assert newcomer.scope_ids("ets_member", "organization") == {world.org_other.pk}
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.actor_id, entry.object_id) == (
        "grant",
        world.users.admin.pk,
        str(newcomer.pk),
    )
    assert entry.details == {
        "role": "ets_member",
        "scope_kind": "organization",
        "scope_id": world.org_other.pk,
    }

    role_revoke(actor=world.users.admin, grant=created)
    newcomer.__dict__.pop("_grants", None)
    assert not newcomer.has_any_role("ets_member")
    assert AccessLogEntry.objects.latest("id").action == "revoke"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "kind", "scope_id", "field"),
    [
        ("ets_member", "consortium", None, "scope"),  # an ETS member needs an organisation
        ("coordinator", "hub", 1, "scope"),  # the coordinator covers the consortium
        ("operator", "hub", 999999, "scope"),  # no such hub
        ("wizard", "consortium", None, "role"),
    ],
)
def test_grant_refuses_a_wrong_scope_and_changes_nothing(world, role, kind, scope_id, field):
    before = RoleGrant.objects.count(), AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as error:
        role_grant(
            actor=world.users.admin,
            user=world.users.volunteer,
            role=role,
            scope_kind=kind,
            scope_id=scope_id,
        )
    assert error.value.field == field
    assert (RoleGrant.objects.count(), AccessLogEntry.objects.count()) == before


@pytest.mark.django_db
def test_a_grant_held_already_is_refused(world):
    with pytest.raises(DomainError, match="ha già questo ruolo"):
        role_grant(
            actor=world.users.admin, user=world.users.dpo, role="dpo", scope_kind="consortium"
        )


@pytest.mark.django_db
def test_admin_grants_and_revokes_from_the_page(world, client):
    client.force_login(world.users.admin)
    url = reverse("accounts:user_detail", kwargs={"pk": world.users.volunteer.pk})
    response = client.post(url, {"role": "operator", "scope": f"hub:{world.hub_own.pk}"})
    assert response.status_code == 302
    created = RoleGrant.objects.get(user=world.users.volunteer, role="operator")
    assert created.scope_id == world.hub_own.pk and created.granted_by == world.users.admin

    page = client.post(url, {"role": "coordinator", "scope": f"hub:{world.hub_own.pk}"})
    assert page.status_code == 200
    assert "può essere assegnato solo su" in page.content.decode()

    client.post(
        reverse(
            "accounts:role_revoke", kwargs={"pk": world.users.volunteer.pk, "grant_pk": created.pk}
        )
    )
    created.refresh_from_db()
    assert created.revoked_at is not None and created.revoked_by == world.users.admin


@pytest.mark.django_db
def test_admin_creates_a_user(world, client):
    client.force_login(world.users.admin)
    response = client.post(
        reverse("accounts:user_create"), {"username": "mrossi", "email": "m.rossi@example.org"}
    )
    assert response.status_code == 302
    again = client.post(
        reverse("accounts:user_create"), {"username": "mrossi2", "email": "M.Rossi@example.org"}
    )
    assert again.status_code == 200 and again.context["form"].errors["email"]
