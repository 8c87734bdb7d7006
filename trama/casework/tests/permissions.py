from tests.permissions import GLASS_ONLY, OUT_OF_SCOPE, Case, expect, once, only
from tests.permissions import PERSON_READERS as READERS
from tests.permissions import PERSON_WRITERS as WRITERS
from trama.people.tests.permissions import other_person, own_person

REFERRAL_PAGES = [*READERS, "ets_member", "partner"]
# Pages about one person's casework: the readers, and the DPO finds nothing without breaking
# the glass (decision 0019).
ONE_CASE = only(READERS) | GLASS_ONLY
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
        only(REFERRAL_PAGES) | {"partner": 404} | GLASS_ONLY,
        kwargs=lambda w: {"pk": _referral_own(w).pk},
        note="own hub, to the member's organisation",
    ),
    Case(
        "casework:referral_detail",
        only(REFERRAL_PAGES) | OUT_OF_SCOPE | {"partner": 404, "ets_member": 404} | GLASS_ONLY,
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
    *_own_and_other("casework:session_detail", ONE_CASE, "pk", _session_own, _session_other, "own"),
    *_create_cases("casework:referral_create", _new_referral),
    Case("casework:person_timeline", ONE_CASE, kwargs=_own, note="own: the purpose form"),
    Case(
        "casework:person_timeline",
        ONE_CASE,
        kwargs=_own,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="own: the timeline, logged",
    ),
    Case(
        "casework:person_timeline",
        ONE_CASE | OUT_OF_SCOPE,
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
# Through the API the DPO's lists hold the people of its open break-the-glass windows (none
# here), and one record outside them is not found.
API_LISTS = API_READERS | {"dpo": 200}
API_ONE = API_READERS | GLASS_ONLY
CASES += [
    Case("api-1.0.0:need_list", API_READERS, api=True),
    Case("api-1.0.0:listening_session_list", API_LISTS, api=True),
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
    Case("api-1.0.0:referral_list", API_LISTS, api=True),
    Case(
        "api-1.0.0:referral_received_list",
        only(RECEIVERS, anonymous=401),
        api=True,
    ),
    *_own_and_other(
        "api-1.0.0:referral_detail",
        API_ONE,
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
    *_own_and_other("casework:plan_detail", ONE_CASE, "pk", _plan, _plan_other, "own"),
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
    Case("api-1.0.0:plan_list", API_LISTS, api=True),
    *_own_and_other("api-1.0.0:plan_detail", API_ONE, "plan_id", _plan, _plan_other, api=True),
]


# Appointments, the hub dashboard, the outreach list -------------------------------------------

DASHBOARD = ["coordinator", "supervisor", "operator", "mediator", "ets_member", "partner"]
OUTREACH = ["coordinator", "operator"]


def _appointment(world, person_getter=own_person, attribute="appointment_own"):
    import datetime

    from django.utils import timezone

    from trama.casework.models import Appointment

    person = person_getter(world)
    return once(
        world,
        attribute,
        lambda: Appointment.objects.create(
            person=person,
            hub=person.reference_hub,
            operator=world.users.operator,
            created_by=world.users.operator,
            starts_at=timezone.now() + datetime.timedelta(hours=2),
            channel="in_person",
            purpose="Colloquio di verifica",
        ),
    )


def _appointment_other(world):
    return _appointment(world, other_person, "appointment_other")


def _new_appointment(world) -> dict:
    return {
        "hub": world.hub_own.pk,
        "starts_at": "2099-01-01T10:00",
        "duration_minutes": 30,
        "channel": "phone",
        "purpose": "Colloquio di verifica",
    }


def _reset_own_appointment(world) -> dict:
    """Each identity records the outcome of the same planned appointment: put it back (a test
    fixture only) so that every identity meets the same state."""
    from trama.casework.models import Appointment

    Appointment.objects.filter(pk=_appointment(world).pk).update(status="planned", session=None)
    return {"status": "missed"}


def _outreach_rules(world) -> dict:
    from trama.projects.models import ProjectEligibility
    from trama.projects.tests.factories import ProjectFactory

    rules = once(
        world,
        "rules_own",
        lambda: ProjectEligibility.objects.create(
            project=ProjectFactory(), rule={"kind": "age_between", "min_age": 65, "max_age": None}
        ),
    )
    return {"project": rules.pk}


CASES += [
    Case("casework:dashboard", only(DASHBOARD)),
    Case(
        "casework:dashboard",
        only(DASHBOARD),
        data=lambda w: {"hub": w.hub_own.pk},
        note="one hub",
    ),
    Case("casework:appointment_list", only(READERS)),
    Case("casework:appointment_list", only(READERS), data=lambda w: {"past": "1"}, note="past"),
    *_create_cases("casework:appointment_create", _new_appointment),
    *_own_and_other(
        "casework:appointment_detail",
        ONE_CASE,
        "pk",
        _appointment,
        _appointment_other,
        "own",
    ),
    Case(
        "casework:appointment_detail",
        only(WRITERS, allowed=302) | GLASS_ONLY,
        kwargs=lambda w: {"pk": _appointment(w).pk},
        method="post",
        data=_reset_own_appointment,
        note="the outcome",
    ),
    Case("casework:outreach", only(OUTREACH), note="the project to choose"),
    Case("casework:outreach", only(OUTREACH), data=_outreach_rules, note="a project's list"),
]


def _api_plan(person):
    return lambda w: {
        "person_id": person(w).pk,
        "hub_id": w.hub_own.pk,
        "goals": "Ridurre l'isolamento.",
        "next_review_on": "2099-01-01",
    }


def _reset_own_action(world) -> dict:
    from trama.casework.models import PlanAction

    PlanAction.objects.filter(pk=_action(world).pk).update(status="planned", done_at=None)
    return {"status": "done"}


def _api_appointment(person):
    return lambda w: {
        "person_id": person(w).pk,
        "hub_id": w.hub_own.pk,
        "starts_at": "2099-01-01T10:00:00+01:00",
        "channel": "phone",
        "purpose": "Colloquio di verifica",
    }


API_WRITERS_201 = only(WRITERS, allowed=201, anonymous=401)
CASES += [
    Case(
        "api-1.0.0:plan_create",
        API_WRITERS_201,
        api=True,
        method="post",
        data=_api_plan(own_person),
    ),
    Case(
        "api-1.0.0:plan_create",
        API_WRITERS_201 | OUT_OF_SCOPE,
        api=True,
        method="post",
        data=_api_plan(other_person),
        note="other hub",
    ),
    *_own_and_other(
        "api-1.0.0:plan_action_add",
        API_WRITERS_201 | GLASS_ONLY,
        "plan_id",
        _plan,
        _plan_other,
        api=True,
        method="post",
        data=lambda w: {"description": "Telefonata", "due_on": "2099-01-01"},
    ),
    Case(
        "api-1.0.0:plan_action_status",
        only(WRITERS, anonymous=401) | GLASS_ONLY,
        api=True,
        method="post",
        kwargs=lambda w: {"action_id": _action(w).pk},
        data=_reset_own_action,
    ),
    *_own_and_other(
        "api-1.0.0:plan_review_add",
        API_WRITERS_201 | GLASS_ONLY,
        "plan_id",
        _plan,
        _plan_other,
        api=True,
        method="post",
        data=lambda w: {
            "reviewed_on": "2025-01-10",
            "notes": "Partecipa al gruppo.",
            "next_review_on": "2099-02-01",
        },
    ),
    Case("api-1.0.0:appointment_list", API_LISTS, api=True),
    Case(
        "api-1.0.0:appointment_create",
        API_WRITERS_201,
        api=True,
        method="post",
        data=_api_appointment(own_person),
    ),
    Case(
        "api-1.0.0:appointment_create",
        API_WRITERS_201 | OUT_OF_SCOPE,
        api=True,
        method="post",
        data=_api_appointment(other_person),
        note="other hub",
    ),
    Case("api-1.0.0:hub_dashboard", only(DASHBOARD, anonymous=401), api=True),
]


# Screenings -----------------------------------------------------------------------------------

_UCLA3_ANSWERS = {"companionship": "often", "left_out": "hardly_ever", "isolated": "often"}


def _screening_form(person):
    return lambda w: {"person_pk": person(w).pk, "instrument": "ucla3"}


CASES += [
    Case("casework:screening_create", only(WRITERS), kwargs=_screening_form(own_person)),
    Case(
        "casework:screening_create",
        only(WRITERS) | OUT_OF_SCOPE,
        kwargs=_screening_form(other_person),
        note="other hub",
    ),
    Case(
        "casework:screening_create",
        only(WRITERS, allowed=302),
        kwargs=_screening_form(own_person),
        method="post",
        data=lambda w: {"hub": w.hub_own.pk, "taken_on": "2025-03-01", **_UCLA3_ANSWERS},
        note="own",
    ),
    Case("casework:screening_list", ONE_CASE, kwargs=_own, note="own: the purpose form"),
    Case(
        "casework:screening_list",
        ONE_CASE,
        kwargs=_own,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="own: the results, logged",
    ),
    Case(
        "casework:screening_list",
        ONE_CASE | OUT_OF_SCOPE,
        kwargs=_other,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="other hub",
    ),
    *_own_and_other(
        "api-1.0.0:screening_list",
        API_ONE,
        "person_id",
        own_person,
        other_person,
        api=True,
        data=lambda w: {"purpose": "follow_up"},
    ),
    *[
        Case(
            "api-1.0.0:screening_create",
            only(WRITERS, allowed=201, anonymous=401) | extra,
            api=True,
            method="post",
            data=lambda w, person=person: {
                "person_id": person(w).pk,
                "hub_id": w.hub_own.pk,
                "instrument": "ucla3",
                "taken_on": "2025-03-01",
                "answers": _UCLA3_ANSWERS,
            },
            note=note,
        )
        for person, extra, note in ((own_person, {}, "own"), (other_person, OUT_OF_SCOPE, "other"))
    ],
]


# API: sending a referral (issue 4, point 9).
CASES += [
    Case(
        "api-1.0.0:referral_create",
        only(WRITERS, allowed=201, anonymous=401) | extra,
        api=True,
        method="post",
        data=lambda w, person=person: {
            "person_id": person(w).pk,
            "from_hub_id": w.hub_own.pk,
            "to_organization_id": w.org_own.pk,
            "shared_summary": "Accompagnamento alla spesa settimanale.",
        },
        note=note,
    )
    for person, extra, note in ((own_person, {}, "own"), (other_person, OUT_OF_SCOPE, "other"))
]
