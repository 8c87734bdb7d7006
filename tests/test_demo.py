"""The demo data of `make run`: people, households and casework at every hub that follows
people, referrals in every state, and a second load that changes nothing."""

import datetime

import pytest
from django.utils import timezone
from stdnum.it import codicefiscale

from conftest import built_once_per_module
from trama.audit.models import AccessLogEntry
from trama.casework.models import (
    ActionStatus,
    Appointment,
    ListeningSession,
    PlanAction,
    Referral,
    ReferralEvent,
    ReferralState,
    Screening,
    SupportPlan,
)
from trama.casework.selectors import is_overdue
from trama.demo.loader import load_demo
from trama.people.demo import fiscal_code_for
from trama.people.models import Household, HouseholdMember, IseeDeclaration, Person, Sex
from trama.projects.models import ProjectEligibility
from trama.territory.models import Hub, HubKind
from trama.volunteering.models import ElderProfile, MatchingRun, Pairing, PairingState

MODELS = (
    Person,
    Household,
    HouseholdMember,
    IseeDeclaration,
    ListeningSession,
    Referral,
    ReferralEvent,
    SupportPlan,
    Appointment,
    Screening,
    PlanAction,
    ProjectEligibility,
    AccessLogEntry,
    ElderProfile,
    MatchingRun,
    Pairing,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def _load_and_count() -> dict[str, int]:
    load_demo()
    return _counts()


@pytest.fixture(scope="module")
def _module_demo(request, django_db_setup, django_db_blocker):
    # Loading the demo takes seconds: once for the module, each test in a savepoint.
    yield from built_once_per_module(request, django_db_blocker, "loaded", _load_and_count)


@pytest.fixture
def loaded(_module_demo, db):
    return dict(_module_demo) if _module_demo is not None else _load_and_count()


def test_a_second_load_changes_nothing(loaded):
    load_demo()
    assert _counts() == loaded


def test_a_few_dozen_people_at_every_hub_that_follows_people(loaded):
    hubs = Hub.objects.filter(
        kind__in=(HubKind.ANCORE_SPACE, HubKind.SOCIAL_GROCERY, HubKind.ATC_BUILDING)
    )
    assert hubs.count() == 8
    for hub in hubs:
        assert 15 <= Person.objects.filter(reference_hub=hub).count() <= 60, hub.name


def test_people_look_like_the_people_of_a_hub(loaded):
    today = timezone.localdate()
    people = list(Person.objects.all())
    ages = [(today - p.birth_date).days // 365 for p in people if p.birth_date]
    assert sum(age >= 65 for age in ages) > len(people) / 3
    assert any(age < 18 for age in ages)
    without_code = [p for p in people if not p.fiscal_code]
    assert len(people) / 10 < len(without_code) < len(people) / 2
    for person in people:
        if person.fiscal_code:
            assert codicefiscale.is_valid(person.fiscal_code)
            if person.birth_date:
                encoded = codicefiscale.get_birth_date(person.fiscal_code)
                # Two digits for the year: the century is not in the code.
                assert encoded.strftime("%y%m%d") == person.birth_date.strftime("%y%m%d")
            assert codicefiscale.get_gender(person.fiscal_code) == person.sex
    assert Household.objects.filter(members__isnull=False).distinct().count() > 50
    expired = IseeDeclaration.objects.filter(expires_on__lt=today)  # the last valid day is past
    assert expired.exists() and IseeDeclaration.objects.filter(expires_on__gte=today).exists()


def test_referrals_in_every_state_overdue_included(loaded):
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == set(ReferralState.values)
    assert any(is_overdue(r) for r in Referral.objects.filter(state=ReferralState.SENT))
    completed = Referral.objects.filter(state=ReferralState.COMPLETED).first()
    steps = list(completed.events.values_list("to_state", flat=True))
    assert steps == ["sent", "accepted", "in_progress", "completed"]
    assert all(e.feedback for e in completed.events.all()[1:])
    assert Referral.objects.filter(to_project__slug="mi-affido-a-te").exists()


def test_sessions_plans_and_rules(loaded):
    today = timezone.localdate()
    assert ListeningSession.objects.filter(needs__isnull=False).exists()
    assert not ListeningSession.objects.filter(held_on__gt=today).exists()
    assert PlanAction.objects.filter(status=ActionStatus.PLANNED, due_on__lt=today).exists()
    assert PlanAction.objects.filter(
        status=ActionStatus.PLANNED,
        due_on__range=(today, today + datetime.timedelta(days=7)),
    ).exists()
    assert ProjectEligibility.objects.filter(project__slug="mi-affido-a-te").exists()
    # The dashboard has a day to show, and the person pages a screening history to chart.
    assert Appointment.objects.filter(starts_at__date=today).count() >= 8
    assert Screening.objects.values("person").distinct().count() >= 10
    assert Screening.objects.filter(flagged=True).exists()
    # Every write went through the audited services: the log holds the people created.
    assert AccessLogEntry.objects.filter(object_type="people.person", action="create").count() == (
        Person.objects.count()
    )


def test_fiscal_code_of_known_data():
    # Worked example of the rules (consonants, vowels, month letter, +40 for women).
    code = fiscal_code_for("Maria", "Rossi", datetime.date(1950, 3, 1), Sex.FEMALE, "C860")
    assert code.startswith("RSSMRA50C41C860")
    assert codicefiscale.is_valid(code)


def test_the_demo_logins_are_printed_grouped_by_role_with_the_scope_names(loaded):
    """Issue 9: `make run` printed one login per role; the story needs the receiving
    organisation's member and the other hubs' operators too."""
    import io

    from django.core.management import call_command

    from trama.accounts.roles import Role

    output = io.StringIO()
    call_command("load_demo", stdout=output)
    lines = [line.strip() for line in output.getvalue().splitlines()]
    member = str(Role.ETS_MEMBER.label)
    operator = str(Role.OPERATOR.label)
    assert f"{member} — Gruppo Arco: gruppoarco" in lines
    for hub in Hub.objects.filter(kind=HubKind.ANCORE_SPACE):
        assert any(line.startswith(f"{operator} — {hub.name}: ") for line in lines), hub.name
    # Grouped: each role's lines together, a blank line between roles.
    roles = [line.split(" — ")[0] for line in lines[1:] if line]
    assert roles == sorted(roles, key=roles.index)
    assert len([line for line in lines[1:] if not line]) == len(set(roles)) - 1
    assert not any("#" in line for line in lines)  # scopes by name, never by id


def test_mi_affido_a_te_has_elders_a_matching_and_an_active_pairing(loaded):
    """The referred elders the project accepted have profiles (only those of 65 or over), a
    matching ran over them and its best proposal became an active pairing."""
    profiles = list(ElderProfile.objects.select_related("person"))
    assert profiles, "no demo elder"
    today = timezone.localdate()
    assert all(
        (today - p.person.birth_date).days >= 65 * 365 for p in profiles if p.person.birth_date
    )
    run = MatchingRun.objects.get()
    pairing = Pairing.objects.get()
    assert pairing.state == PairingState.ACTIVE and pairing.proposal.run_id == run.pk
