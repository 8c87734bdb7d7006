"""Every open of a person's data goes through the one logged read, `people.services.person_open`:
the record, and casework's timeline and screenings. Each checks the scope once (in the query
that fetches the person), writes one access-log entry, and answers 404 outside the scope."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from trama.audit.models import AccessLogEntry
from trama.casework import services
from trama.casework.models import Screening, SupportPlan
from trama.casework.tests.factories import ListeningSessionFactory, ReferralFactory
from trama.core.testing import assert_query_budget, captured_sql
from trama.people import services as people_services
from trama.people.models import Consent, HouseholdMember, IseeDeclaration, Person
from trama.people.tests.factories import HouseholdFactory, PersonFactory, PrivacyNoticeFactory

REASON = "Richiesta di accesso dell'interessato, protocollo 412/2026."


def _record(**arguments):
    return people_services.person_open(**arguments)


# What each open shows, the `view` its log entry names, and its page.
OPENS = {
    "record": (_record, None, "people:detail", "pk"),
    "timeline": (services.timeline_open, "timeline", "casework:person_timeline", "person_pk"),
    "screenings": (
        services.screening_list_open,
        "screenings",
        "casework:screening_list",
        "person_pk",
    ),
}
# Queries of one open by an operator, whatever the number of rows about the person: the
# person, what the open shows, the entry (head, insert, head update) and the savepoints.
BUDGETS = {"record": 13, "timeline": 19, "screenings": 11}


def _screening(world, person: Person) -> Screening:
    return services.screening_record(
        actor=world.users.coordinator,
        person=person,
        hub=world.hub_own,
        instrument="ucla3",
        taken_on=datetime.date(2026, 1, 10),
        answers={"companionship": "often", "left_out": "some_of_the_time", "isolated": "often"},
    )


def _casework(world, person: Person) -> None:
    """One of each row the record, the timeline and the screenings show."""
    household = HouseholdFactory(reference_hub=world.hub_own)
    HouseholdMember.objects.create(household=household, person=person, relationship="head")
    IseeDeclaration.objects.create(
        household=household,
        value=Decimal("9000"),
        issued_on=datetime.date(2026, 1, 1),
        expires_on=datetime.date(2099, 1, 15),
    )
    Consent.objects.create(
        person=person,
        notice=PrivacyNoticeFactory(),
        purpose="notice",
        given_at=timezone.now(),
    )
    ListeningSessionFactory(person=person, hub=world.hub_own, operator=world.users.operator)
    ReferralFactory(person=person, from_user=world.users.operator, to_organization=world.org_own)
    SupportPlan.objects.create(
        person=person,
        hub=world.hub_own,
        created_by=world.users.operator,
        goals="Uscire di casa.",
        next_review_on=datetime.date(2099, 1, 1),
    )
    _screening(world, person)


def _reads(person: Person):
    return AccessLogEntry.objects.filter(
        action="read", object_type="people.person", object_id=str(person.pk)
    )


@pytest.mark.parametrize("kind", OPENS)
def test_each_open_writes_exactly_one_entry_with_its_purpose(world, kind):
    open_person, view, _url, _argument = OPENS[kind]
    person = PersonFactory(reference_hub=world.hub_own)
    _casework(world, person)
    before = AccessLogEntry.objects.count()
    open_person(actor=world.users.operator, person_id=person.pk, purpose="other", note="verifica")
    assert AccessLogEntry.objects.count() == before + 1
    entry = _reads(person).get()
    assert entry.purpose == "other: verifica"
    assert entry.object_repr == f"person #{person.pk}"
    assert entry.details == ({"view": view} if view else {})
    open_person(actor=world.users.operator, person_id=person.pk, purpose="follow_up")
    assert _reads(person).count() == 2


@pytest.mark.parametrize("kind", OPENS)
def test_outside_the_scope_it_is_not_there_and_nothing_is_logged(login, world, kind):
    open_person, _view, url_name, argument = OPENS[kind]
    stranger = PersonFactory()
    _casework(world, stranger)
    client = login("operator")  # logging in is logged too: before counting
    before = AccessLogEntry.objects.count()
    with pytest.raises(Person.DoesNotExist):
        open_person(actor=world.users.operator, person_id=stranger.pk, purpose="follow_up")
    page = client.post(reverse(url_name, kwargs={argument: stranger.pk}), {"purpose": "follow_up"})
    assert page.status_code == 404
    assert AccessLogEntry.objects.count() == before
    # A coordinator reads everyone: the same open succeeds, so the 404 was the scope's.
    open_person(actor=world.users.coordinator, person_id=stranger.pk, purpose="follow_up")
    assert _reads(stranger).count() == 1


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("api-1.0.0:person_detail", "person_id"),
        ("api-1.0.0:consent_list", "person_id"),
        ("api-1.0.0:screening_list", "person_id"),
    ],
)
def test_the_api_answers_404_outside_the_scope_and_logs_nothing(client, world, name, kwargs):
    stranger = PersonFactory()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world.tokens['operator']}"}
    before = AccessLogEntry.objects.count()
    response = client.get(
        reverse(name, kwargs={kwargs: stranger.pk}), {"purpose": "follow_up"}, **headers
    )
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize("kind", OPENS)
def test_the_scope_is_resolved_once(world, kind):
    """The DPO's scope is the people it broke the glass for, read from the access log: one
    query each time the scope is resolved. An open resolves it once, whatever it shows."""
    open_person, _view, _url, _argument = OPENS[kind]
    person = PersonFactory(reference_hub=world.hub_own)
    _casework(world, person)
    dpo = world.users.dpo
    people_services.person_open_break_glass(actor=dpo, person_id=person.pk, reason=REASON)
    with CaptureQueriesContext(connection) as captured:
        open_person(actor=dpo, person_id=person.pk, purpose="data_subject_request")
    scope_reads = [
        sql
        for sql in captured_sql(captured)
        if sql.lstrip().upper().startswith("SELECT") and "audit_accesslogentry" in sql
    ]
    assert len(scope_reads) == 1, "\n".join(scope_reads)


@pytest.mark.parametrize("kind", OPENS)
def test_an_open_keeps_to_its_query_budget(world, kind):
    open_person, _view, _url, _argument = OPENS[kind]
    person = PersonFactory(reference_hub=world.hub_own)

    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            open_person(actor=world.users.operator, person_id=person.pk, purpose="follow_up")
        return captured_sql(captured)

    _casework(world, person)
    queries()  # the user's grants are read once per request, here on the first open
    few = queries()
    for _ in range(3):
        _casework(world, person)
    assert_query_budget(few, queries(), budget=BUDGETS[kind], label=kind)
