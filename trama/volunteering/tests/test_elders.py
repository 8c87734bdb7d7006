"""Elders' profiles: only for eligible persons (refused with a clear Italian message
otherwise), audited without naming anyone, read through scoped selectors."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from trama.accounts.roles import Role
from trama.audit.models import AccessLogEntry
from trama.casework.models import ReferralState
from trama.core.errors import DomainError, StaleObjectError
from trama.projects.tests.factories import ProjectFactory
from trama.volunteering import selectors, services
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import ElderProfile
from trama.volunteering.tests.elders import elder, referred_person

pytestmark = pytest.mark.django_db


def profile_log():
    return AccessLogEntry.objects.filter(object_type="volunteering.elderprofile")


def test_create_stores_the_profile_waiting_from_the_acceptance_and_logs_no_name(world):
    supervisor = world.users.supervisor
    person = referred_person(first_name="Maria", last_name="Bianco")
    profile = elder(
        supervisor,
        person=person,
        slots=["wed-pm", "mon-am", "mon-am"],
        needs=["appointments", "company", "company"],
        interests=[" Carte ", "carte", "Orto"],
        mobility="with_aid",
        preferred_gender="f",
        has_pets=True,
    )
    assert profile.person == person
    assert profile.slots == ["mon-am", "wed-pm"]
    assert profile.needs == ["company", "appointments"]  # in the order of the choices
    assert profile.interests == ["carte", "orto"]
    assert profile.waiting_since == datetime.date(2026, 10, 5)
    assert profile.referral.to_project.slug == selectors.PROJECT_SLUG
    (entry,) = profile_log()
    assert (entry.action, entry.object_id, entry.actor_id) == (
        "create",
        str(profile.pk),
        supervisor.pk,
    )
    assert entry.details["person"] == person.pk
    assert "Maria" not in entry.object_repr and "Bianco" not in entry.object_repr


def test_in_progress_referral_is_still_accepted(world):
    person = referred_person(state=ReferralState.IN_PROGRESS)
    assert elder(world.users.supervisor, person=person).person == person


def test_the_65th_birthday_is_the_first_eligible_day(world):
    on_the_day = referred_person(birth_date=datetime.date(1961, 12, 1))
    day_after = referred_person(birth_date=datetime.date(1961, 12, 2))
    assert elder(world.users.supervisor, person=on_the_day)
    with pytest.raises(DomainError) as caught:
        elder(world.users.supervisor, person=day_after)
    assert caught.value.messages == [
        "Mi affido a te è per persone di 65 anni o più: questa persona ne ha 64."
    ]


def _other_project():
    return ProjectFactory(slug="un-altro-progetto")


def _anonymised():
    person = referred_person()
    person.anonymized_at = timezone.now()
    person.save()
    return person


@pytest.mark.parametrize(
    ("make", "code", "message"),
    [
        (
            lambda: referred_person(birth_date=datetime.date(1970, 1, 1)),
            E.NOT_AN_ELDER,
            "Mi affido a te è per persone di 65 anni o più: questa persona ne ha 56.",
        ),
        (
            lambda: referred_person(birth_date=None),
            E.NOT_AN_ELDER,
            "Registra prima la data di nascita della persona: Mi affido a te è per persone "
            "di 65 anni o più.",
        ),
        (
            lambda: referred_person(state=ReferralState.SENT),
            E.NO_ACCEPTED_REFERRAL,
            "Questa persona non ha un invio a Mi affido a te accettato: l'ente che gestisce "
            "il progetto deve prima accettarne uno.",
        ),
        (
            lambda: referred_person(state=ReferralState.DECLINED),
            E.NO_ACCEPTED_REFERRAL,
            None,
        ),
        (
            lambda: referred_person(state=ReferralState.COMPLETED),
            E.NO_ACCEPTED_REFERRAL,
            None,
        ),
        (lambda: referred_person(to_project=_other_project()), E.NO_ACCEPTED_REFERRAL, None),
        (
            lambda: referred_person(municipality=None),
            E.NO_MUNICIPALITY,
            "Registra prima il comune di residenza della persona: l'abbinamento misura la "
            "distanza da lì.",
        ),
        (
            _anonymised,
            E.ANONYMISED,
            "Questa persona è stata anonimizzata: non può partecipare a Mi affido a te.",
        ),
    ],
)
def test_an_ineligible_person_is_refused_with_the_reason_and_nothing_is_written(
    world, make, code, message
):
    person = make()
    before = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        elder(world.users.supervisor, person=person)
    assert caught.value.domain_code == code
    assert caught.value.field == "person"
    if message:
        assert caught.value.messages == [message]
    assert not ElderProfile.objects.exists()
    assert AccessLogEntry.objects.count() == before


def test_a_second_profile_for_the_same_person_is_refused(world):
    person = referred_person()
    elder(world.users.supervisor, person=person)
    with pytest.raises(DomainError) as caught:
        elder(world.users.supervisor, person=person)
    assert caught.value.domain_code == E.PROFILE_EXISTS
    assert caught.value.messages == ["Questa persona ha già un profilo di Mi affido a te."]
    assert ElderProfile.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"slots": []}, "slots", "Scegli almeno una fascia oraria."),
        ({"slots": ["mon-night"]}, "slots", "Fascia oraria sconosciuta."),
        ({"needs": []}, "needs", "Scegli almeno un bisogno."),
        ({"needs": ["company", "gardening"]}, "needs", "Bisogno sconosciuto."),
        ({"mobility": "flying"}, "mobility", "Scegli la mobilità dell'anziano."),
        ({"preferred_gender": "q"}, "preferred_gender", "Genere sconosciuto."),
    ],
)
def test_bad_profile_input_changes_nothing(world, changes, field, message):
    person = referred_person()
    with pytest.raises(DomainError) as caught:
        elder(world.users.supervisor, person=person, **changes)
    assert (caught.value.field, caught.value.messages) == (field, [message])
    assert not ElderProfile.objects.exists()
    assert not profile_log().exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ETS_MEMBER, Role.VOLUNTEER, Role.DPO])
def test_only_managers_create_profiles(world, role):
    with pytest.raises(PermissionDenied):
        elder(world.user_by_role[role], person=referred_person())
    assert not ElderProfile.objects.exists()


def _update(actor, profile, **changes):
    data = {
        "version": profile.version,
        "slots": profile.slots,
        "needs": profile.needs,
        "interests": profile.interests,
        "mobility": profile.mobility,
        "preferred_gender": profile.preferred_gender,
        "has_pets": profile.has_pets,
        "smoker": profile.smoker,
        "accepts_smokers": profile.accepts_smokers,
        **changes,
    }
    return services.elder_profile_update(actor=actor, profile=profile, **data)


def test_update_changes_the_profile_bumps_the_version_and_logs_the_fields(world):
    supervisor = world.users.supervisor
    profile = elder(supervisor)
    updated = _update(supervisor, profile, slots=["tue-pm"], needs=["walks"], smoker=True)
    assert (updated.slots, updated.needs, updated.smoker, updated.version) == (
        ["tue-pm"],
        ["walks"],
        True,
        2,
    )
    entry = profile_log().get(action="update")
    assert entry.details == {"fields": ["needs", "slots", "smoker"]}


def test_a_stale_or_bad_update_changes_nothing(world):
    supervisor = world.users.supervisor
    profile = elder(supervisor)
    with pytest.raises(StaleObjectError):
        _update(supervisor, profile, version=profile.version + 1, slots=["tue-pm"])
    with pytest.raises(DomainError) as caught:
        _update(supervisor, profile, needs=[])
    assert caught.value.field == "needs"
    profile.refresh_from_db()
    assert (profile.slots, profile.needs, profile.version) == (["mon-am"], ["company"], 1)
    assert not profile_log().filter(action="update").exists()


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.COORDINATOR, Role.ADMIN])
def test_managers_see_every_elder_and_the_waiting_ones(world, role):
    supervisor = world.users.supervisor
    waiting, closed = elder(supervisor), elder(supervisor)
    closed.referral.state = ReferralState.COMPLETED
    closed.referral.save()
    user = world.user_by_role[role]
    assert set(selectors.elders_for(user)) == {waiting, closed}
    assert list(selectors.waiting_elders(user)) == [waiting]


@pytest.mark.parametrize(
    "role", [Role.OPERATOR, Role.MEDIATOR, Role.ETS_MEMBER, Role.VOLUNTEER, Role.PARTNER, Role.DPO]
)
def test_other_roles_never_see_elders(world, role):
    elder(world.users.supervisor)
    with pytest.raises(PermissionDenied):
        selectors.elders_for(world.user_by_role[role])


def test_the_detail_logs_the_read_without_a_name(world):
    supervisor = world.users.supervisor
    profile = elder(supervisor)
    assert selectors.elder_detail(supervisor, profile.pk) == profile
    read = profile_log().get(action="read")
    assert (read.actor_id, read.object_repr) == (supervisor.pk, f"elder profile #{profile.pk}")
    with pytest.raises(Http404):
        selectors.elder_detail(supervisor, profile.pk + 1000)


def test_the_profile_is_in_the_persons_export_and_its_free_text_goes_on_erasure(world):
    from trama.core.subject_data import erase_all, export_all

    profile = elder(world.users.supervisor, interests=["carte"])
    section = export_all(profile.person_id)["volunteering"]["elder_profile"]
    assert [(row["id"], row["interests"]) for row in section] == [(profile.pk, ["carte"])]
    erase_all(profile.person_id)
    profile.refresh_from_db()
    assert (profile.interests, profile.slots) == ([], ["mon-am"])
