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


@pytest.mark.django_db
def test_scopes_read_by_name_on_the_home_and_admin_pages(
    world, client, django_assert_max_num_queries
):
    """A grant names the hub, the organisation, the call it is on, never its id (issue 9)."""
    from trama.accounts.selectors import with_scope_names
    from trama.accounts.tests.factories import grant
    from trama.calls.tests.factories import CallFactory
    from trama.territory.tests.factories import HubFactory

    many = UserFactory(username="tanti")
    hubs = [HubFactory(name=f"Presidio di prova {n}") for n in range(3)]
    for hub in hubs:
        grant(many, "operator", "hub", hub.pk)
    grant(many, "ets_member", "organization", world.org_own.pk)
    call = CallFactory(title="Avviso per la domiciliarità")
    grant(many, "evaluator", "call", call.pk)
    grant(many, "dpo")
    grants = list(many.role_grants.all())
    with django_assert_max_num_queries(3):  # one per kind of scope, not one per grant
        named = with_scope_names(grants)
    texts = {g.scope_text for g in named}
    assert "Presidio: Presidio di prova 2" in texts
    assert f"Organizzazione: {world.org_own.name}" in texts
    assert "Avviso: Avviso per la domiciliarità" in texts
    assert "Tutto il Consorzio" in texts

    client.force_login(many)
    home = client.get(reverse("core:dashboard")).content.decode()
    assert "Presidio di prova 1" in home and "Avviso per la domiciliarità" in home
    assert f"#{hubs[0].pk}" not in home and f"#{call.pk}" not in home
    client.force_login(world.users.admin)
    detail = client.get(reverse("accounts:user_detail", args=[many.pk])).content.decode()
    assert "Presidio di prova 0" in detail and world.org_own.name in detail
    listing = client.get(reverse("accounts:user_list"), {"q": "tanti"}).content.decode()
    assert "Avviso per la domiciliarità" in listing
