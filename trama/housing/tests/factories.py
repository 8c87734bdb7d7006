"""A building of the project on a hub, with units and tenants, for the housing tests."""

import datetime

from trama.housing.models import Building, Tenancy, Unit
from trama.organizations.models import LegalForm, OrganizationKind
from trama.organizations.tests.factories import OrganizationFactory
from trama.people.tests.factories import HouseholdFactory

JOINED = datetime.date(2025, 9, 1)


def atc_body(name: str = "ATC del Piemonte Centrale"):
    return OrganizationFactory(
        name=name, kind=OrganizationKind.PUBLIC_BODY, legal_form=LegalForm.HOUSING_AGENCY
    )


def building_on(hub, user, *, owner=None, units: int = 4, tenants: int = 3) -> Building:
    """A building on `hub` (its kind is the test's business) with `units` units on
    staircase A, the first `tenants` of them let to a household of the hub since 2020
    (recorded by `user`)."""
    building = Building.objects.create(
        hub=hub, owner=owner or atc_body(), joined_on=JOINED, staircases=1
    )
    for number in range(1, units + 1):
        unit = Unit.objects.create(building=building, staircase="A", number=str(100 + number))
        if number <= tenants:
            Tenancy.objects.create(
                unit=unit,
                household=HouseholdFactory(reference_hub=hub, label=f"Nucleo {number} di {hub}"),
                start_on=datetime.date(2020, 1, 1),
                created_by=user,
            )
    return building
