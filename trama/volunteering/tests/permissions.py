import itertools
from decimal import Decimal

from django.utils import timezone

from tests.permissions import Case, expect, once, only
from trama.projects.models import Project
from trama.territory.tests.factories import municipality
from trama.volunteering import services
from trama.volunteering.models import MatchingProposal, MatchingRun, Pairing
from trama.volunteering.selectors import PROJECT_SLUG
from trama.volunteering.services.matching import WEIGHTED
from trama.volunteering.tests.elders import elder, project, referred_person, volunteer

MANAGERS = ["supervisor", "coordinator", "admin"]
# Each identity applies with its own address (the page limits applications per address).
_SEQUENCE = itertools.count()


def _volunteer(world):
    return once(
        world,
        "_volunteering_volunteer",
        lambda: services.volunteer_apply(
            first_name="Anna",
            last_name="Ferrero",
            email="anna@example.org",
            municipality=municipality(),
            slots=["mon-am"],
            consent=True,
        ),
    )


def _pk(world):
    return {"pk": _volunteer(world).pk}


def _run(world):
    """A stored matching run (the run page reads it; running one has its own tests)."""

    def make():
        return MatchingRun.objects.create(
            started_by=world.users.supervisor,
            run_on=timezone.localdate(),
            max_km=25,
            training_valid_days=365,
        )

    return {"pk": once(world, "_volunteering_run", make).pk}


def _pairing(world) -> Pairing:
    """A proposed pairing of a referred elder with an available volunteer."""

    def make():
        supervisor = world.users.supervisor
        mi_affido = Project.objects.filter(slug=PROJECT_SLUG).first() or project()
        profile = elder(supervisor, person=referred_person(to_project=mi_affido))
        return Pairing.objects.create(
            volunteer=volunteer("Walter"), elder=profile, created_by=supervisor
        )

    return once(world, "_volunteering_pairing", make)


def _proposal(world) -> dict:
    pairing = _pairing(world)
    run = MatchingRun.objects.get(pk=_run(world)["pk"])
    made = MatchingProposal.objects.create(
        run=run, volunteer=pairing.volunteer, elder=pairing.elder, score=10, km=1
    )
    return {"pk": made.pk}


def _candidate(world) -> dict:
    """A person accepted into Mi affido a te without a profile yet."""

    def make():
        mi_affido = Project.objects.filter(slug=PROJECT_SLUG).first() or project()
        return referred_person(first_name="Rosa", to_project=mi_affido)

    return {"person_pk": once(world, "_volunteering_candidate", make).pk}


def _my_pairing(world) -> dict:
    """An active pairing of the world's volunteer user (the volunteer's own pages)."""

    def make():
        supervisor = world.users.supervisor
        mi_affido = Project.objects.filter(slug=PROJECT_SLUG).first() or project()
        profile = elder(supervisor, person=referred_person(first_name="Ida", to_project=mi_affido))
        mine = volunteer("Bruna", user=world.users.volunteer)
        return Pairing.objects.create(
            volunteer=mine,
            elder=profile,
            created_by=supervisor,
            state="active",
            started_on=timezone.localdate(),
        )

    return {"pk": once(world, "_volunteering_my_pairing", make).pk}


def _agreement(world) -> dict:
    def make():
        return services.agreement_save(
            actor=world.users.supervisor,
            pairing=_pairing(world),
            objectives="Compagnia e passeggiate",
            months=6,
            review_dates=[timezone.localdate()],
            monthly_reimbursement=Decimal("30.00"),
            social_worker="Laura Greco",
        )

    return {"pk": once(world, "_volunteering_agreement", make).pk}


def _elder(world) -> dict:
    return {"pk": _pairing(world).elder_id}


def _run_rules(world) -> dict:
    return {"max_km": 25, **{f"weight_{c}": 1 for c in WEIGHTED}}


CASES = [
    Case("volunteering:matching", only(MANAGERS)),
    # With nobody waiting the run is refused on the page itself (200, the form's message).
    Case(
        "volunteering:matching",
        only(MANAGERS),
        method="post",
        data=_run_rules,
    ),
    Case("volunteering:matching_run", only(MANAGERS), kwargs=_run),
    # The elder already has a pairing: refused on the run page (302 back, with the message).
    Case(
        "volunteering:pairing_choose",
        only(MANAGERS, allowed=302),
        kwargs=_proposal,
        method="post",
    ),
    Case("volunteering:pairing_list", only(MANAGERS)),
    Case("volunteering:elder_list", only(MANAGERS)),
    Case("volunteering:elder_create", only(MANAGERS), kwargs=_candidate),
    Case("volunteering:elder_detail", only(MANAGERS), kwargs=_elder),
    Case("volunteering:elder_edit", only(MANAGERS), kwargs=_elder),
    Case("volunteering:pairing_detail", only(MANAGERS), kwargs=lambda w: {"pk": _pairing(w).pk}),
    Case(
        "volunteering:pairing_move",
        only(MANAGERS, allowed=302),
        kwargs=lambda w: {"pk": _pairing(w).pk},
        method="post",
        data=lambda w: {"target": "introduced", "on": ""},
    ),
    Case("volunteering:volunteer_list", only(MANAGERS)),
    # An empty form: back on the pairing's page with the errors (200), nothing saved.
    Case(
        "volunteering:agreement_save",
        only(MANAGERS),
        kwargs=lambda w: {"pk": _pairing(w).pk},
        method="post",
    ),
    Case("volunteering:agreement_pdf", only(MANAGERS), kwargs=_agreement),
    Case(
        "volunteering:review_record",
        only(MANAGERS),
        kwargs=lambda w: {"pk": _pairing(w).pk},
        method="post",
    ),
    # The volunteer's own pages: nobody else's pairings (404 for another volunteer's).
    Case("volunteering:my_pairings", only(["volunteer"])),
    Case("volunteering:visit_create", only(["volunteer"]), kwargs=_my_pairing),
    Case(
        "volunteering:visit_create",
        only(["volunteer"], allowed=404),
        kwargs=lambda w: {"pk": _pairing(w).pk},
        note="another volunteer's",
    ),
    Case("volunteering:volunteer_detail", only(MANAGERS), kwargs=_pk),
    Case(
        "volunteering:volunteer_move",
        only(MANAGERS, allowed=302),
        kwargs=_pk,
        method="post",
        data=lambda w: {"target": "withdrawn", "note": "Trasferita"},
    ),
    # The public application: anyone, logged in or not.
    Case("volunteering_public:apply", expect(200)),
    Case(
        "volunteering_public:apply",
        expect(302),
        method="post",
        data=lambda w: {
            "first_name": "Carla",
            "last_name": "Bianchi",
            "email": f"carla{next(_SEQUENCE)}@example.org",
            "municipality": municipality().pk,
            "slots": ["tue-pm"],
            "capacity": 1,
            "consent": "on",
        },
    ),
    Case("volunteering_public:thanks", expect(200)),
]
