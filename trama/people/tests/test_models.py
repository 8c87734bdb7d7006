"""Integrity lives in the database too: the constraints hold even if a service is bypassed."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction

from trama.people.models import Consent, IseeDeclaration
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 1, 10)


def _refused(make) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_isee_value_and_dates_are_checked_by_the_database(world):
    household = HouseholdFactory()
    later = TODAY + datetime.timedelta(days=365)
    _refused(
        lambda: IseeDeclaration.objects.create(
            household=household, value="-0.01", issued_on=TODAY, expires_on=later
        )
    )
    _refused(
        lambda: IseeDeclaration.objects.create(
            household=household, value="100", issued_on=TODAY, expires_on=TODAY
        )
    )
    IseeDeclaration.objects.create(
        household=household, value="0", issued_on=TODAY, expires_on=later
    )


def test_a_codice_fiscale_is_unique_when_given_and_empty_many_times(world):
    PersonFactory(fiscal_code="RSSMRA50C41L219O")
    _refused(lambda: PersonFactory(fiscal_code="RSSMRA50C41L219O"))
    _refused(lambda: PersonFactory(fiscal_code="rssmra50c41l219o"))  # stored upper-case only
    PersonFactory(fiscal_code="")
    PersonFactory(fiscal_code="")


def test_a_birth_date_before_1900_is_refused_by_the_database(world):
    _refused(lambda: PersonFactory(birth_date=datetime.date(1899, 12, 31)))


def test_one_active_consent_per_purpose_and_notice(world):
    person, notice = PersonFactory(), PrivacyNoticeFactory()
    given = datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC)
    Consent.objects.create(person=person, notice=notice, purpose="contact", given_at=given)
    _refused(
        lambda: Consent.objects.create(
            person=person, notice=notice, purpose="contact", given_at=given
        )
    )


@pytest.mark.postgres
def test_the_name_search_is_indexed_with_trigrams_on_postgresql(world):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'person_search_name_trgm'"
        )
        (definition,) = cursor.fetchone()
    assert "gin_trgm_ops" in definition
