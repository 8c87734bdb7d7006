"""RI-abitare la città's rules: tenancies never overlap on a unit, activities and issues
are not dated before the building joined, an issue goes only to a partner body, only that
body answers it, steps follow the workflow, the timers count working days, the household is
asked once the issue is closed — each refusal in Italian, on its field, nothing changed."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.utils import timezone, translation

from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.housing import selectors, services
from trama.housing.models import (
    ActivityKind,
    ActivityReach,
    Issue,
    IssueCategory,
    IssuePriority,
    IssueState,
    Tenancy,
)
from trama.housing.tests.factories import JOINED, atc_body, building_on
from trama.housing.timers import priority_of
from trama.people.tests.factories import HouseholdFactory
from trama.territory.tests.factories import HubFactory

S = IssueState
# Friday 4 December 2026, 10:00 in Turin: the Immacolata falls on Tuesday 8.
FRIDAY = timezone.make_aware(dt.datetime(2026, 12, 4, 10, 0))


@pytest.fixture(autouse=True)
def italian():
    with translation.override("it"):
        yield


@pytest.fixture
def building(world):
    return building_on(world.hub_own, world.users.coordinator, owner=atc_body())


@pytest.fixture
def mediator(world):
    return world.users.mediator


def _tenants(building):
    return list(selectors.tenant_households(building))


def _message(error: DomainError, field: str) -> str:
    return " ".join(error.value.message_dict[field])


def _issue(mediator, building, *categories, **fields):
    return services.issue_report(
        actor=mediator,
        building=building,
        categories=categories or [IssueCategory.MAINTENANCE],
        description="Perdita d'acqua in cantina",
        **fields,
    )


def test_a_unit_is_never_let_twice_on_the_same_day(world, building, mediator):
    unit = building.units.first()  # let since 2020, still open
    newcomer = HouseholdFactory(reference_hub=world.hub_own, label="Nucleo D'Amico")
    with pytest.raises(DomainError) as error:
        services.tenancy_start(actor=mediator, unit=unit, household=newcomer, start_on=JOINED)
    assert "è già assegnato a" in _message(error, "start_on")
    assert unit.tenancies.count() == 1

    current = unit.tenancies.get()
    with pytest.raises(DomainError) as error:
        services.tenancy_end(actor=mediator, tenancy=current, end_on=dt.date(2019, 12, 31))
    assert "La fine non può precedere l'inizio" in _message(error, "end_on")
    services.tenancy_end(actor=mediator, tenancy=current, end_on=dt.date(2026, 3, 31))
    # The day it ends is still the old tenant's: the new one starts the day after.
    with pytest.raises(DomainError):
        services.tenancy_start(
            actor=mediator, unit=unit, household=newcomer, start_on=dt.date(2026, 3, 31)
        )
    services.tenancy_start(
        actor=mediator, unit=unit, household=newcomer, start_on=dt.date(2026, 4, 1)
    )
    assert [t.household for t in Tenancy.objects.filter(unit=unit, end_on=None)] == [newcomer]


def test_activities_are_not_dated_before_the_building_joined(building, mediator):
    with pytest.raises(DomainError) as error:
        services.activity_record(
            actor=mediator,
            building=building,
            kind=ActivityKind.MEETING,
            reach=ActivityReach.BUILDING,
            title="Riunione",
            on=JOINED - dt.timedelta(days=1),
        )
    assert "La palazzina è nel progetto dal 01/09/2025" in _message(error, "on")
    assert not building.activities.exists()


def test_an_individual_activity_needs_a_household_living_there(world, building, mediator):
    common = {
        "actor": mediator,
        "building": building,
        "kind": ActivityKind.LISTENING,
        "reach": ActivityReach.HOUSEHOLD,
        "title": "Colloquio",
        "on": JOINED,
    }
    with pytest.raises(DomainError) as error:
        services.activity_record(**common)
    assert "Scegli il nucleo" in _message(error, "household")
    stranger = HouseholdFactory(reference_hub=world.hub_own, label="Nucleo Dell'Acqua")
    with pytest.raises(DomainError) as error:
        services.activity_record(**common, household=stranger)
    assert "Nucleo Dell'Acqua non abitava nella palazzina" in _message(error, "household")
    assert not building.activities.exists()
    tenant = _tenants(building)[0]
    visit = services.activity_record(**common, household=tenant)
    assert visit.household == tenant and not visit.is_collective


def test_a_collective_activity_records_who_came(building, mediator):
    tenants = _tenants(building)
    with pytest.raises(DomainError) as error:
        services.activity_record(
            actor=mediator,
            building=building,
            kind=ActivityKind.COMMON_SPACES,
            reach=ActivityReach.STAIRCASE,
            title="Pulizia del cortile",
            on=JOINED,
        )
    assert "Indica la scala" in _message(error, "staircase")
    meeting = services.activity_record(
        actor=mediator,
        building=building,
        kind=ActivityKind.MEETING,
        reach=ActivityReach.BUILDING,
        title="Riunione di condominio",
        on=JOINED,
        attendees=tenants[:2],
        head_count=5,
    )
    assert set(meeting.attendees.all()) == set(tenants[:2]) and meeting.household is None
    entry = AccessLogEntry.objects.get(
        object_type="housing.activity", object_id=str(meeting.pk), action="create"
    )
    assert entry.details["households"] == sorted(h.pk for h in tenants[:2])


def test_an_issue_takes_the_highest_priority_of_its_categories(building, mediator):
    assert priority_of([IssueCategory.COMMON_SPACES]) == IssuePriority.LOW
    issue = _issue(mediator, building, IssueCategory.MAINTENANCE, IssueCategory.HEALTH_SOCIAL)
    assert issue.priority == IssuePriority.URGENT
    assert selectors.issue_categories(issue) == ["health_social", "maintenance"]
    with pytest.raises(DomainError) as error:
        services.issue_report(actor=mediator, building=building, categories=[], description="x")
    assert "almeno una categoria" in _message(error, "categories")


def test_an_issue_goes_only_to_a_partner_body(world, building, mediator):
    issue = _issue(mediator, building)
    with pytest.raises(DomainError) as error:
        services.issue_refer(actor=mediator, issue=issue, organization=world.org_own)
    assert "Auser Prova non è un ente partner" in _message(error, "organization")
    issue.refresh_from_db()
    assert issue.state == S.REPORTED and issue.referred_to is None


def test_the_body_answers_in_order_and_the_timers_count_working_days(world, building, mediator):
    body_member = world.users.partner
    issue = _issue(mediator, building)  # maintenance: normal priority, 2 / 5 / 10 days
    issue = services.issue_refer(
        actor=mediator, issue=issue, organization=world.partner_body, at=FRIDAY
    )
    assert issue.state == S.REFERRED
    # Monday 7, Wednesday 9 (the 8th is a holiday).
    assert issue.acknowledge_due == dt.date(2026, 12, 9)
    assert issue.plan_due == dt.date(2026, 12, 14)
    with pytest.raises(DomainError) as error:
        services.issue_answer(actor=body_member, issue=issue, target=S.IN_PROGRESS)
    assert "Da «Inviata all'ente» una segnalazione non può passare a «In corso»" in str(error.value)
    issue = services.issue_answer(
        actor=body_member,
        issue=issue,
        target=S.RECEIVED,
        text="Presa in carico",
        at=FRIDAY + dt.timedelta(days=3),
    )
    assert issue.state == S.RECEIVED and issue.acknowledge_due is None
    assert issue.plan_due == dt.date(2026, 12, 14)
    # Ten working days from Monday 7: the 8th, the weekend and no more holidays.
    assert issue.update_due == dt.date(2026, 12, 22)
    with pytest.raises(DomainError) as error:
        services.issue_answer(actor=body_member, issue=issue, target=S.NOT_RESOLVABLE, text=" ")
    assert "Spiega perché" in _message(error, "text")
    later = FRIDAY + dt.timedelta(days=4)
    issue = services.issue_answer(actor=body_member, issue=issue, target=S.IN_PROGRESS, at=later)
    issue = services.issue_answer(
        actor=body_member, issue=issue, target=S.RESOLVED, text="Fatto", at=later
    )
    assert issue.is_closed and issue.closed_at and issue.update_due is None
    assert [u.state for u in issue.updates.all()] == [
        S.REFERRED,
        S.RECEIVED,
        S.IN_PROGRESS,
        S.RESOLVED,
    ]


def test_a_body_cannot_answer_an_issue_not_addressed_to_it(world, building, mediator):
    other_body = atc_body("Comune di Altrove")
    issue = services.issue_refer(
        actor=mediator, issue=_issue(mediator, building), organization=other_body
    )
    with pytest.raises(ObjectDoesNotExist):
        services.issue_answer(actor=world.users.partner, issue=issue, target=S.RECEIVED)
    with pytest.raises(PermissionDenied):
        services.issue_answer(actor=mediator, issue=issue, target=S.RECEIVED)
    issue.refresh_from_db()
    assert issue.state == S.REFERRED and not issue.updates.filter(state=S.RECEIVED).exists()
    assert not selectors.issues_for(world.users.partner).filter(pk=issue.pk).exists()


def test_overdue_steps_are_flagged_until_the_body_answers(world, building, mediator):
    long_ago = timezone.now() - dt.timedelta(days=30)
    issue = services.issue_refer(
        actor=mediator,
        issue=_issue(mediator, building),
        organization=world.partner_body,
        at=long_ago,
    )
    inbox = selectors.issue_inbox(world.users.partner)
    assert [(i.pk, i.overdue) for i in inbox] == [(issue.pk, True)]
    assert selectors.overdue_steps(issue) == ["acknowledge", "plan", "update"]
    assert list(selectors.overdue_for_body(world.partner_body.pk)) == [issue]
    issue = services.issue_answer(actor=world.users.partner, issue=issue, target=S.RECEIVED)
    issue = services.issue_answer(actor=world.users.partner, issue=issue, target=S.IN_PROGRESS)
    assert selectors.overdue_steps(issue) == []
    assert not selectors.issue_inbox(
        world.users.partner, selectors.IssueFilters(overdue=True)
    ).exists()


def test_the_household_is_asked_once_after_closing(building, mediator):
    tenant = _tenants(building)[0]
    issue = _issue(mediator, building, reporting_household=tenant, households=[tenant])
    with pytest.raises(DomainError) as error:
        services.issue_feedback(actor=mediator, issue=issue, handled_well=True, kept_informed=True)
    assert "quando la segnalazione è chiusa" in _message(error, "handled_well")
    issue = services.issue_close(actor=mediator, issue=issue, target=S.RESOLVED, text="Risolta")
    issue = services.issue_feedback(
        actor=mediator, issue=issue, handled_well=True, kept_informed=False
    )
    assert (issue.handled_well, issue.kept_informed) == (True, False)
    with pytest.raises(DomainError):
        services.issue_feedback(
            actor=mediator, issue=issue, handled_well=False, kept_informed=False
        )


def test_a_repeat_links_to_an_open_issue_of_the_same_building(world, building, mediator):
    first = _issue(mediator, building)
    other = building_on(HubFactory(), world.users.coordinator)
    elsewhere = services.issue_report(
        actor=world.users.coordinator,
        building=other,
        categories=[IssueCategory.MAINTENANCE],
        description="Altrove",
    )
    with pytest.raises(DomainError) as error:
        _issue(mediator, building, repeat_of=elsewhere)
    assert "stessa palazzina" in _message(error, "repeat_of")
    repeat = _issue(mediator, building, repeat_of=first)
    assert list(first.repeats.all()) == [repeat]
    # Counted once: the repeat is not among the similar open ones.
    assert list(selectors.similar_open_issues(building, [IssueCategory.MAINTENANCE])) == [first]


def test_a_mediator_reaches_only_the_buildings_of_their_hubs(world, building, mediator):
    other = building_on(HubFactory(), world.users.coordinator)
    assert list(selectors.buildings_for(mediator)) == [building]
    assert set(selectors.buildings_for(world.users.coordinator)) == {building, other}
    with pytest.raises(Issue.building.field.related_model.DoesNotExist):
        selectors.building_get(mediator, other.pk)
    with pytest.raises(ObjectDoesNotExist):
        services.issue_report(
            actor=mediator,
            building=other,
            categories=[IssueCategory.MAINTENANCE],
            description="Fuori ambito",
        )
    assert not other.issues.exists()


def test_each_body_gets_its_overdue_issues_on_working_days(
    world, building, mediator, mailoutbox, django_capture_on_commit_callbacks
):
    long_ago = FRIDAY - dt.timedelta(days=30)
    late = services.issue_refer(
        actor=mediator,
        issue=_issue(mediator, building),
        organization=world.partner_body,
        at=long_ago,
    )
    services.issue_refer(
        actor=mediator, issue=_issue(mediator, building), organization=world.partner_body, at=FRIDAY
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.overdue_digest_send(today=dt.date(2026, 12, 8)) == 0  # Immacolata
        assert services.overdue_digest_send(today=FRIDAY.date()) == 1
    [message] = mailoutbox
    assert message.to == [world.users.partner.email]
    assert f"Segnalazione n. {late.pk}," in message.body
    assert message.subject == "Comune di Prova: 1 segnalazione abitativa in ritardo"
    assert "/gestione/abitare/segnalazioni/" in message.body
    tenant_labels = [h.label for h in selectors.tenant_households(building)]
    assert not any(label in message.body for label in tenant_labels)


def test_only_an_atc_hub_owned_by_a_public_body_becomes_a_building(world):
    from trama.territory.models import HubKind

    coordinator = world.users.coordinator
    with pytest.raises(DomainError) as error:
        services.building_register(
            actor=coordinator, hub=HubFactory(), owner=atc_body(), joined_on=JOINED
        )
    assert "Solo un presidio di tipo" in _message(error, "hub")
    with pytest.raises(DomainError) as error:
        services.building_register(
            actor=coordinator,
            hub=HubFactory(kind=HubKind.ATC_BUILDING),
            owner=world.org_own,
            joined_on=JOINED,
        )
    assert "ente pubblico della rete" in _message(error, "owner")


def test_the_households_housing_data_are_in_the_persons_export_and_erasure(
    world, building, mediator
):
    from trama.core.subject_data import erase_all, export_all
    from trama.people.models import HouseholdMember, Relationship
    from trama.people.tests.factories import PersonFactory

    tenant = _tenants(building)[0]
    person = PersonFactory(reference_hub=world.hub_own)
    HouseholdMember.objects.create(household=tenant, person=person, relationship=Relationship.HEAD)
    services.activity_record(
        actor=mediator,
        building=building,
        kind=ActivityKind.LISTENING,
        reach=ActivityReach.HOUSEHOLD,
        household=tenant,
        title="Colloquio",
        on=JOINED,
        outcome="Difficoltà a pagare l'affitto",
    )
    issue = _issue(mediator, building, households=[tenant])
    exported = export_all(person.pk)["housing"]
    assert [row["outcome"] for row in exported["housing_activities"]] == [
        "Difficoltà a pagare l'affitto"
    ]
    assert [row["id"] for row in exported["housing_issues"]] == [issue.pk]
    assert len(exported["tenancies"]) == 1
    erase_all(person.pk)
    issue.refresh_from_db()
    assert issue.description == "" and issue.state == IssueState.REPORTED
    assert tenant.housing_activities.get().outcome == ""


def test_the_building_list_counts_homes_open_and_overdue_issues(world, building, mediator):
    late = services.issue_refer(
        actor=mediator,
        issue=_issue(mediator, building),
        organization=world.partner_body,
        at=timezone.now() - dt.timedelta(days=30),
    )
    _issue(mediator, building, repeat_of=late)  # a repeat: not counted twice
    closed = _issue(mediator, building)
    services.issue_close(actor=mediator, issue=closed, target=S.RESOLVED)
    [row] = selectors.building_list(mediator)
    assert (row.unit_count, row.open_issues, row.overdue_issues) == (4, 1, 1)
