"""The people list's filters and the record's address: light `<select>`s for the region's
hubs, no hub filter for an operator with one hub, the only hub preselected on a new person."""

import pytest
from django.urls import reverse

from trama.people.forms import PersonFilterForm
from trama.people.tests.factories import PersonFactory
from trama.territory.models import Hub
from trama.territory.tests.factories import HubFactory, municipality

pytestmark = pytest.mark.django_db

LIST = reverse("people:list")


def test_the_hub_filter_lists_names_keeps_the_choice_and_its_label(login, world):
    other = HubFactory(name="Zeta & figli")
    page = login("coordinator").get(LIST, {"hub": world.hub_own.pk}).content.decode()
    assert '<label for="id_hub">' in page
    assert f'<option value="{world.hub_own.pk}" selected>' in page
    assert f'<option value="{other.pk}">Zeta &amp; figli</option>' in page  # escaped
    assert '<option value="" >' not in page and '<option value="">' in page


def test_a_hub_outside_the_scope_is_refused_by_the_filter(world):
    outside = HubFactory()
    form = PersonFilterForm({"hub": outside.pk}, hubs=Hub.objects.filter(pk=world.hub_own.pk))
    assert not form.is_valid()
    assert form.to_filters().hub_id is None


def test_an_operator_with_one_hub_has_no_hub_filter(login, world):
    page = login("operator").get(LIST).content.decode()
    assert 'name="hub"' not in page
    assert 'name="municipality"' in page


def test_a_new_person_gets_the_operators_only_hub_preselected(login, world):
    page = login("operator").get(reverse("people:create")).content.decode()
    assert f'<option value="{world.hub_own.pk}" selected>' in page


def test_with_several_hubs_no_hub_is_preselected(login, world):
    HubFactory()
    page = login("coordinator").get(reverse("people:create")).content.decode()
    select = page.split('name="reference_hub"')[1].split("</select>")[0]
    assert select.count(" selected>") == 1 and '<option value="" selected>' in select


@pytest.mark.parametrize(
    ("address", "with_town", "shown"),
    [
        ("", True, "<dd>Collegno</dd>"),
        ("Via Roma 1", False, "<dd>Via Roma 1</dd>"),
        ("Via Roma 1", True, "<dd>Via Roma 1, Collegno</dd>"),
        ("", False, "<dd>—</dd>"),
    ],
)
def test_the_record_shows_only_the_parts_of_the_address_it_has(
    login, world, address, with_town, shown
):
    town = municipality("Collegno") if with_town else None
    person = PersonFactory(reference_hub=world.hub_own, address=address, municipality=town)
    client = login("operator")
    page = client.post(
        reverse("people:detail", args=[person.pk]), {"purpose": "follow_up"}
    ).content.decode()
    assert shown in page
    assert "—, " not in page
