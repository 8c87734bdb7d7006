"""One person's explained result (the outreach list is tested in casework)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.eligibility.rules import AgeBetween, All, AtcTenant, IseeAtMost, rule_to_dict
from trama.people.models import HouseholdMember, Housing, IseeDeclaration
from trama.people.tests.factories import HouseholdFactory, PersonFactory
from trama.projects.models import ProjectEligibility
from trama.projects.tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

RULE = All((AgeBetween(min_age=65), AtcTenant(), IseeAtMost(Decimal("9360"))))


def _rules(name="Mi affido a te", rule=RULE) -> ProjectEligibility:
    return ProjectEligibility.objects.create(
        project=ProjectFactory(name=name), rule=rule_to_dict(rule)
    )


def _elder(hub, *, isee=True, housing=Housing.ATC_TENANT):
    person = PersonFactory(reference_hub=hub, birth_date=date(1950, 3, 1))
    household = HouseholdFactory(reference_hub=hub, housing=housing)
    HouseholdMember.objects.create(household=household, person=person, relationship="head")
    if isee:
        today = timezone.localdate()
        IseeDeclaration.objects.create(
            household=household,
            value=Decimal("8000"),
            issued_on=today - timedelta(days=30),
            expires_on=today + timedelta(days=300),
        )
    return person


def test_the_explained_result_names_each_rule_and_the_missing_datum(login, world):
    _rules()
    person = _elder(world.hub_own, isee=False)
    client = login("operator")
    before = AccessLogEntry.objects.count()
    page = client.get(reverse("people:eligibility", args=[person.pk])).content
    page = page.decode()
    assert "Mi affido a te" in page
    assert "Età pari o superiore a 65 anni" in page
    assert "soddisfatta" in page and "da verificare" in page
    assert "Manca: un ISEE valido del nucleo" in page
    entry = AccessLogEntry.objects.order_by("id").last()
    assert AccessLogEntry.objects.count() == before + 1
    assert entry.object_id == str(person.pk) and entry.purpose == "eligibility"


def test_the_explained_result_of_someone_met(login, world):
    _rules()
    person = _elder(world.hub_own)
    page = login("coordinator").get(reverse("people:eligibility", args=[person.pk])).content
    assert "Non soddisfatta" not in page.decode()
    assert "€ 8.000,00" in page.decode()
