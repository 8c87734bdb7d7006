"""A matching run: everyone waiting against the available volunteers, the proposals stored
with their explanation, every hard rule respected, each refusal changing nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings

from trama.accounts.roles import Role
from trama.audit.models import AccessLogEntry
from trama.core.errors import DomainError
from trama.matching import distance_km
from trama.territory.tests.factories import municipality
from trama.volunteering import selectors, services
from trama.volunteering.errors import VolunteeringErrors as E
from trama.volunteering.models import MatchingProposal, MatchingRun, VolunteerDocument
from trama.volunteering.models import VolunteerState as V
from trama.volunteering.tests.elders import TODAY, elder, referred_person, volunteer

pytestmark = pytest.mark.django_db


def run(actor, **kw):
    return services.matching_run(actor=actor, today=TODAY, **kw)


def _pairs(matching):
    return {(p.volunteer.first_name, p.elder.person.first_name) for p in matching.proposals.all()}


def _breaks_a_hard_rule(proposal, matching) -> bool:
    """The issue's hard rules, checked on the stored records themselves."""
    v, e = proposal.volunteer, proposal.elder
    person = e.person
    km = distance_km(*v.municipality.centroid, *person.municipality.centroid)
    trained_days = (matching.run_on - v.trained_on).days if v.trained_on else None
    return (
        trained_days is None
        or not 0 <= trained_days < matching.training_valid_days
        or not set(v.slots) & set(e.slots)
        or km > matching.max_km
        or bool(e.preferred_gender and e.preferred_gender != v.gender)
        or bool(v.preferred_gender and v.preferred_gender != person.sex.lower())
        or (e.has_pets and not v.accepts_pets)
        or (v.smoker and not e.accepts_smokers)
        or (e.smoker and not v.accepts_smokers)
    )


def test_the_run_stores_proposals_that_respect_every_hard_rule(world):
    supervisor = world.users.supervisor
    # Maria (Collegno, wants a woman, needs a lift to appointments) and Teresa (Villarbasse,
    # smokes, has a cat, Tuesday afternoons only).
    maria = elder(
        supervisor,
        person=referred_person(first_name="Maria"),
        preferred_gender="f",
        needs=["company", "appointments"],
    )
    teresa = elder(
        supervisor,
        person=referred_person(first_name="Teresa", municipality=municipality("Villarbasse")),
        slots=["tue-pm"],
        smoker=True,
        has_pets=True,
    )
    volunteer("Anna", gender="f", means=["auto"], slots=["mon-am", "tue-pm"])
    volunteer("Bruno", gender="m", slots=["mon-am", "tue-pm"], accepts_pets=False)
    volunteer("Carla", gender="f", slots=["tue-pm"], trained_on=TODAY - datetime.timedelta(800))
    volunteer("Dora", gender="f", slots=["tue-pm"], accepts_smokers=False)
    volunteer("Elsa", gender="f", slots=["tue-pm"], state=V.TRAINED)  # not yet available
    volunteer("Franca", gender="f", slots=["tue-pm"], municipality=municipality("Rosta"))

    matching = selectors.run_detail(supervisor, run(supervisor, max_km=25).pk)
    # Bruno is a man (Maria), refuses pets (Teresa); Carla's training expired; Dora refuses
    # smoke; Elsa is not available: Anna suits Maria best, Franca takes Teresa.
    assert _pairs(matching) == {("Anna", "Maria"), ("Franca", "Teresa")}
    assert not [p for p in matching.proposals.all() if _breaks_a_hard_rule(p, matching)]
    assert (matching.elders_considered, matching.volunteers_considered) == (2, 5)
    assert matching.unmatched_elders == []
    anna_maria = next(p for p in matching.proposals.all() if p.elder_id == maria.pk)
    points = {row["criterion"]: row["points"] for row in anna_maria.explanation}
    assert anna_maria.score == sum(points.values()) > 0
    assert points["needs"] == 2 * 100  # the car covers the appointments
    assert points["waiting"] == (TODAY - maria.waiting_since).days
    assert matching.total_score == sum(p.score for p in matching.proposals.all())
    assert teresa.pk in {p.elder_id for p in matching.proposals.all()}


def test_those_left_out_carry_the_binding_constraint(world):
    supervisor = world.users.supervisor
    far = elder(
        supervisor,
        person=referred_person(first_name="Teresa", municipality=municipality("Villarbasse")),
    )
    volunteer("Anna")
    matching = run(supervisor, max_km=3)  # Collegno–Villarbasse is about 9 km
    assert matching.proposals.count() == 0
    assert matching.unmatched_elders == [
        {"elder": far.pk, "reason": "too_far", "counts": {"too_far": 1}}
    ]


def test_a_volunteer_follows_at_most_their_capacity(world):
    supervisor = world.users.supervisor
    for name in ("Maria", "Teresa", "Rosa"):
        elder(supervisor, person=referred_person(first_name=name))
    volunteer("Anna", capacity=2)
    matching = run(supervisor)
    assert matching.proposals.filter(volunteer__first_name="Anna").count() == 2
    (left_out,) = matching.unmatched_elders
    assert left_out["reason"] == "capacity"


@override_settings(TRAMA_VOLUNTEER_TRAINING_VALID_DAYS=20)
def test_the_training_validity_comes_from_the_settings(world):
    supervisor = world.users.supervisor
    elder(supervisor)
    volunteer("Anna")  # trained 30 days ago
    matching = run(supervisor)
    assert matching.training_valid_days == 20
    assert matching.proposals.count() == 0
    assert matching.unmatched_elders[0]["reason"] == "training_expired"


def test_a_volunteer_with_an_expired_document_is_left_out(world):
    supervisor = world.users.supervisor
    elder(supervisor)
    anna = volunteer("Anna")
    VolunteerDocument.objects.create(
        volunteer=anna,
        kind="criminal_record",
        issued_on=TODAY - datetime.timedelta(400),
        expires_on=TODAY - datetime.timedelta(1),
    )
    matching = run(supervisor)
    assert (matching.volunteers_considered, matching.proposals.count()) == (0, 0)
    assert matching.unmatched_elders[0]["reason"] == "no_candidate"


def test_the_run_is_audited(world):
    supervisor = world.users.supervisor
    elder(supervisor)
    volunteer("Anna")
    matching = run(supervisor)
    entry = AccessLogEntry.objects.get(object_type="volunteering.matchingrun", action="create")
    assert (entry.actor_id, entry.object_id) == (supervisor.pk, str(matching.pk))
    assert entry.details == {"elders": 1, "volunteers": 1, "proposals": 1}


@pytest.mark.parametrize(
    ("kw", "field", "code", "message"),
    [
        (
            {"weights": dict.fromkeys(["availability", "distance", "languages"], 0)},
            "weights",
            E.BAD_WEIGHTS,
            "Almeno un peso deve essere maggiore di zero.",
        ),
        ({"weights": {"beauty": 3}}, "weights", E.BAD_WEIGHTS, "Criterio sconosciuto."),
        (
            {"weights": {"availability": 11}},
            "weights",
            E.BAD_WEIGHTS,
            "Ogni peso è un numero intero da 0 a 10.",
        ),
        ({"weights": {"availability": -1}}, "weights", E.BAD_WEIGHTS, None),
        (
            {"max_km": 0},
            "max_km",
            E.BAD_MAX_KM,
            "La distanza massima è un numero intero di km da 1 a 100.",
        ),
        ({"max_km": 101}, "max_km", E.BAD_MAX_KM, None),
    ],
)
def test_bad_run_input_changes_nothing(world, kw, field, code, message):
    supervisor = world.users.supervisor
    elder(supervisor)
    volunteer("Anna")
    before = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as caught:
        run(supervisor, **kw)
    assert (caught.value.field, caught.value.domain_code) == (field, code)
    if message:
        assert caught.value.messages == [message]
    assert not MatchingRun.objects.exists()
    assert AccessLogEntry.objects.count() == before


def test_with_nobody_waiting_there_is_no_run(world):
    volunteer("Anna")
    with pytest.raises(DomainError) as caught:
        run(world.users.supervisor)
    assert caught.value.domain_code == E.NOBODY_TO_MATCH
    assert caught.value.messages == ["Nessuno è in attesa: non ci sono anziani da abbinare."]
    assert not MatchingRun.objects.exists()


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.ETS_MEMBER, Role.VOLUNTEER, Role.DPO])
def test_only_managers_run_and_read_matchings(world, role):
    elder(world.users.supervisor)
    user = world.user_by_role[role]
    with pytest.raises(PermissionDenied):
        run(user)
    with pytest.raises(PermissionDenied):
        selectors.runs_for(user)
    assert not MatchingRun.objects.exists()


def test_the_run_detail_logs_the_read(world):
    supervisor = world.users.supervisor
    elder(supervisor)
    matching = run(supervisor)
    assert list(selectors.runs_for(world.users.coordinator)) == [matching]
    selectors.run_detail(supervisor, matching.pk)
    read = AccessLogEntry.objects.get(object_type="volunteering.matchingrun", action="read")
    assert read.actor_id == supervisor.pk


def _population(supervisor, size):
    for i in range(size):
        elder(supervisor, person=referred_person(first_name=f"Anziana{i}"))
        volunteer(f"Volontaria{i}")


@pytest.mark.parametrize("size", [2, 8])
def test_the_run_takes_a_constant_number_of_queries(world, size, django_assert_max_num_queries):
    supervisor = world.users.supervisor
    _population(supervisor, size)
    # The same for any size: two loads, the run, the proposals in one insert, the log.
    with django_assert_max_num_queries(11):
        matching = run(supervisor)
    assert MatchingProposal.objects.filter(run=matching).count() == size
