from tests.permissions import OUT_OF_SCOPE, Case, expect, once, only
from tests.permissions import PERSON_READERS as READERS
from tests.permissions import PERSON_WRITERS as WRITERS
from trama.people.tests.permissions import other_person, own_person

REFERRAL_PAGES = [*READERS, "ets_member", "partner"]
RECEIVERS = ["coordinator", "ets_member", "partner"]


def _referral_own(world):
    from trama.casework.tests.factories import ReferralFactory

    return once(
        world,
        "referral_own",
        lambda: ReferralFactory(
            person=own_person(world),
            from_user=world.users.operator,
            to_organization=world.org_own,
        ),
    )


def _referral_other(world):
    from trama.casework.tests.factories import ReferralFactory

    return once(
        world,
        "referral_other",
        lambda: ReferralFactory(person=other_person(world), to_organization=world.org_other),
    )


def _session_own(world):
    from trama.casework.tests.factories import ListeningSessionFactory

    return once(
        world,
        "session_own",
        lambda: ListeningSessionFactory(person=own_person(world), operator=world.users.operator),
    )


def _session_other(world):
    from trama.casework.tests.factories import ListeningSessionFactory

    return once(world, "session_other", lambda: ListeningSessionFactory(person=other_person(world)))


def _own(world) -> dict:
    return {"person_pk": own_person(world).pk}


def _other(world) -> dict:
    return {"person_pk": other_person(world).pk}


def _new_session(world) -> dict:
    return {
        "hub": world.hub_own.pk,
        "held_on": "2025-03-01",
        "duration_minutes": 40,
        "channel": "phone",
    }


def _new_referral(world) -> dict:
    return {
        "from_hub": world.hub_own.pk,
        "to_organization": world.org_own.pk,
        "shared_summary": "Accompagnamento alla spesa settimanale.",
    }


def _create_cases(url_name: str, data) -> list[Case]:
    """A page creating a record for a person: its form for a person of the own hub and of
    another hub, then the creation."""
    return [
        Case(url_name, only(WRITERS), kwargs=_own, note="own"),
        Case(url_name, only(WRITERS) | OUT_OF_SCOPE, kwargs=_other, note="other"),
        Case(
            url_name, only(WRITERS, allowed=302), kwargs=_own, method="post", data=data, note="own"
        ),
    ]


def _own_and_other(url_name, expected, key, own, other, own_note="own hub", **case) -> list[Case]:
    """The same request about a record of the own hub and about one of another hub, which the
    hub-bound roles do not find."""
    return [
        Case(url_name, expected, kwargs=lambda w: {key: own(w).pk}, note=own_note, **case),
        Case(
            url_name,
            expected | OUT_OF_SCOPE,
            kwargs=lambda w: {key: other(w).pk},
            note="other hub",
            **case,
        ),
    ]


def _get_refused(url_name: str, record) -> Case:
    """A POST-only URL about `record`: a GET is refused to everyone."""
    return Case(
        url_name, expect(405), kwargs=lambda w: {"pk": record(w).pk}, note="GET is not allowed"
    )


def _api_session(person, **extra):
    """The API's body for a new listening session of `person`."""
    return lambda w: {
        "person_id": person(w).pk,
        "hub_id": w.hub_own.pk,
        "held_on": "2025-03-01",
        "duration_minutes": 30,
        "channel": "phone",
        **extra,
    }


CASES = [
    Case("casework:referral_list", only(REFERRAL_PAGES)),
    Case(
        "casework:referral_detail",
        only(REFERRAL_PAGES) | {"partner": 404},
        kwargs=lambda w: {"pk": _referral_own(w).pk},
        note="own hub, to the member's organisation",
    ),
    Case(
        "casework:referral_detail",
        only(REFERRAL_PAGES) | OUT_OF_SCOPE | {"partner": 404, "ets_member": 404},
        kwargs=lambda w: {"pk": _referral_other(w).pk},
        note="other hub, another organisation",
    ),
    _get_refused("casework:referral_transition", _referral_own),
    Case(
        "casework:referral_transition",
        only(RECEIVERS, allowed=302) | {"partner": 404},
        kwargs=lambda w: {"pk": _referral_own(w).pk},
        method="post",
        data=lambda w: {"to_state": "accepted", "feedback": "Presa in carico."},
        note="receiving side only",
    ),
    Case(
        "casework:referral_transition",
        only(RECEIVERS, allowed=302) | {"partner": 404, "ets_member": 404},
        kwargs=lambda w: {"pk": _referral_other(w).pk},
        method="post",
        data=lambda w: {"to_state": "declined", "feedback": "Non di nostra competenza."},
        note="addressed to another organisation",
    ),
    *_create_cases("casework:session_create", _new_session),
    *_own_and_other(
        "casework:session_detail", only(READERS), "pk", _session_own, _session_other, "own"
    ),
    *_create_cases("casework:referral_create", _new_referral),
    Case("casework:person_timeline", only(READERS), kwargs=_own, note="own: the purpose form"),
    Case(
        "casework:person_timeline",
        only(READERS),
        kwargs=_own,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="own: the timeline, logged",
    ),
    Case(
        "casework:person_timeline",
        only(READERS) | OUT_OF_SCOPE,
        kwargs=_other,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="other hub",
    ),
]


def _reset_own_referral(world) -> dict:
    """Each identity tries the same step on a referral waiting for an answer: put it back
    (a test fixture only) so that every identity meets the same state."""
    from trama.casework.models import Referral

    Referral.objects.filter(pk=_referral_own(world).pk).update(state="sent")
    return {"to_state": "accepted", "feedback": "Presa in carico."}


API_READERS = only(READERS, anonymous=401)
CASES += [
    Case("api-1.0.0:need_list", API_READERS, api=True),
    Case("api-1.0.0:listening_session_list", API_READERS, api=True),
    Case(
        "api-1.0.0:listening_session_create",
        only(WRITERS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=_api_session(own_person, needs=["isolation"]),
    ),
    Case(
        "api-1.0.0:listening_session_create",
        only(WRITERS, allowed=201, anonymous=401) | OUT_OF_SCOPE,
        api=True,
        method="post",
        data=_api_session(other_person),
        note="other hub",
    ),
    Case("api-1.0.0:referral_list", API_READERS, api=True),
    Case(
        "api-1.0.0:referral_received_list",
        only(RECEIVERS, anonymous=401),
        api=True,
    ),
    *_own_and_other(
        "api-1.0.0:referral_detail",
        API_READERS,
        "referral_id",
        _referral_own,
        _referral_other,
        api=True,
    ),
    Case(
        "api-1.0.0:referral_transition",
        only(RECEIVERS, anonymous=401) | {"partner": 404},
        api=True,
        method="post",
        kwargs=lambda w: {"referral_id": _referral_own(w).pk},
        data=_reset_own_referral,
        note="receiving side",
    ),
]


def _plan(world, person_getter=own_person, attribute="plan_own"):
    import datetime

    from trama.casework.models import SupportPlan

    return once(
        world,
        attribute,
        lambda: SupportPlan.objects.create(
            person=person_getter(world),
            hub=world.hub_own,
            created_by=world.users.operator,
            goals="Ridurre l'isolamento.",
            next_review_on=datetime.date.today() + datetime.timedelta(days=30),
        ),
    )


def _plan_other(world):
    return _plan(world, other_person, "plan_other")


def _action(world):
    import datetime

    from trama.casework.models import PlanAction

    return once(
        world,
        "action_own",
        lambda: PlanAction.objects.create(
            plan=_plan(world),
            description="Iscrizione al gruppo di cammino",
            owner_text="Auser",
            due_on=datetime.date.today(),
        ),
    )


CASES += [
    Case("casework:plan_create", only(WRITERS), kwargs=_own, note="own"),
    Case("casework:plan_create", only(WRITERS) | OUT_OF_SCOPE, kwargs=_other, note="other"),
    Case(
        "casework:plan_create",
        only(WRITERS, allowed=302),
        kwargs=_own,
        method="post",
        data=lambda w: {
            "hub": w.hub_own.pk,
            "goals": "Uscire di casa due volte a settimana.",
            "next_review_on": "2099-01-01",
        },
        note="own",
    ),
    *_own_and_other("casework:plan_detail", only(READERS), "pk", _plan, _plan_other, "own"),
    _get_refused("casework:plan_action_add", _plan),
    *_own_and_other(
        "casework:plan_action_add",
        only(WRITERS, allowed=302),
        "pk",
        _plan,
        _plan_other,
        "",
        method="post",
        data=lambda w: {"description": "Telefonata", "due_on": "2099-01-01"},
    ),
    _get_refused("casework:plan_action_status", _action),
    Case(
        "casework:plan_action_status",
        only(WRITERS, allowed=302),
        kwargs=lambda w: {"pk": _action(w).pk},
        method="post",
        data=lambda w: {"status": "done"},
        note="then refused for the next ones: a message, still a redirect",
    ),
    _get_refused("casework:plan_review_add", _plan),
    Case(
        "casework:plan_review_add",
        only(WRITERS, allowed=302),
        kwargs=lambda w: {"pk": _plan(w).pk},
        method="post",
        data=lambda w: {
            "reviewed_on": "2025-01-10",
            "notes": "Partecipa al gruppo.",
            "next_review_on": "2099-02-01",
        },
    ),
    Case("casework:follow_up_list", only(READERS)),
]

CASES += [
    Case("api-1.0.0:plan_list", API_READERS, api=True),
    *_own_and_other("api-1.0.0:plan_detail", API_READERS, "plan_id", _plan, _plan_other, api=True),
]
