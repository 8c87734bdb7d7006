import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from trama.audit.models import AccessLogEntry
from trama.territory.models import Hub
from trama.territory.services import hub_create, hub_update
from trama.territory.tests.factories import municipality


@pytest.mark.django_db
def test_coordinator_opens_a_hub_from_the_page(world, client):
    client.force_login(world.users.coordinator)
    response = client.post(
        reverse("territory:hub_create"),
        {
            "name": "Spazio AnCoRe Borgata Paradiso",
            "kind": "ancore_space",
            "address": "Via Torino 9",
            "postcode": "10093",
            "municipality": municipality("Collegno").pk,
            "opening_hours": "Lunedì 9–12",
            "is_active": "on",
        },
    )
    hub = Hub.objects.get(name="Spazio AnCoRe Borgata Paradiso")
    assert response.status_code == 302 and response["Location"].endswith(f"/{hub.pk}/")
    entry = AccessLogEntry.objects.latest("id")
    assert (entry.action, entry.object_id) == ("create", str(hub.pk))


@pytest.mark.django_db
def test_bad_postcode_and_duplicate_name_change_nothing(world, client):
    client.force_login(world.users.coordinator)
    data = {"name": world.hub_own.name, "kind": "office", "address": "Via X 1", "postcode": "1009"}
    data["municipality"] = world.hub_own.municipality_id
    page = client.post(reverse("territory:hub_create"), data)
    assert page.status_code == 200
    assert "5 cifre" in str(page.context["form"].errors["postcode"])
    data["postcode"] = "10093"
    page = client.post(reverse("territory:hub_create"), data)
    assert "già un presidio con questo nome" in str(page.context["form"].errors["name"])
    assert Hub.objects.filter(name=world.hub_own.name).count() == 1


@pytest.mark.django_db
def test_closing_a_hub_hides_it_from_the_public_lists_but_not_from_its_editors(world, client):
    hub_update(actor=world.users.admin, hub=world.hub_own, is_active=False)
    assert AccessLogEntry.objects.latest("id").details == {"fields": ["is_active"]}
    assert client.get(f"/api/v1/hubs/{world.hub_own.pk}").status_code == 404
    client.force_login(world.users.operator)
    assert (
        client.get(reverse("territory:hub_detail", kwargs={"pk": world.hub_own.pk})).status_code
        == 404
    )
    client.force_login(world.users.coordinator)
    assert (
        client.get(reverse("territory:hub_detail", kwargs={"pk": world.hub_own.pk})).status_code
        == 200
    )


@pytest.mark.django_db
def test_only_coordinator_and_admin_write_hubs(world):
    with pytest.raises(PermissionDenied):
        hub_create(
            actor=world.users.operator,
            name="X",
            kind="other",
            address="Via Y",
            municipality=world.hub_own.municipality,
        )
    with pytest.raises(ValidationError):
        hub_create(
            actor=world.users.admin,
            name="",
            kind="other",
            address="",
            municipality=world.hub_own.municipality,
        )
    assert not Hub.objects.filter(name="X").exists()
