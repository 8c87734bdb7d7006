from tests.permissions import Case, expect, only

READERS = ["coordinator", "dpo", "supervisor", "operator", "mediator"]
WRITERS = ["coordinator", "supervisor", "operator", "mediator"]
REFERRAL_PAGES = [*READERS, "ets_member", "partner"]
RECEIVERS = ["coordinator", "ets_member", "partner"]
OUT_OF_SCOPE = {"operator": 404, "mediator": 404}


def _own_person(world):
    from trama.people.tests.factories import PersonFactory

    if not hasattr(world, "person_own"):
        world.person_own = PersonFactory(reference_hub=world.hub_own)
    return world.person_own


def _other_person(world):
    from trama.people.tests.factories import PersonFactory

    if not hasattr(world, "person_other"):
        world.person_other = PersonFactory(last_name="Bianchi")
    return world.person_other


def _referral_own(world):
    from trama.casework.tests.factories import ReferralFactory

    if not hasattr(world, "referral_own"):
        world.referral_own = ReferralFactory(
            person=_own_person(world),
            from_user=world.users.operator,
            to_organization=world.org_own,
        )
    return world.referral_own


def _referral_other(world):
    from trama.casework.tests.factories import ReferralFactory

    if not hasattr(world, "referral_other"):
        world.referral_other = ReferralFactory(
            person=_other_person(world), to_organization=world.org_other
        )
    return world.referral_other


def _session_own(world):
    from trama.casework.tests.factories import ListeningSessionFactory

    if not hasattr(world, "session_own"):
        world.session_own = ListeningSessionFactory(
            person=_own_person(world), operator=world.users.operator
        )
    return world.session_own


def _session_other(world):
    from trama.casework.tests.factories import ListeningSessionFactory

    if not hasattr(world, "session_other"):
        world.session_other = ListeningSessionFactory(person=_other_person(world))
    return world.session_other


def _own(world) -> dict:
    return {"person_pk": _own_person(world).pk}


def _other(world) -> dict:
    return {"person_pk": _other_person(world).pk}


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
    Case(
        "casework:referral_transition",
        expect(405),
        kwargs=lambda w: {"pk": _referral_own(w).pk},
        note="GET is not allowed",
    ),
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
    Case("casework:session_create", only(WRITERS), kwargs=_own, note="own"),
    Case("casework:session_create", only(WRITERS) | OUT_OF_SCOPE, kwargs=_other, note="other"),
    Case(
        "casework:session_create",
        only(WRITERS, allowed=302),
        kwargs=_own,
        method="post",
        data=_new_session,
        note="own",
    ),
    Case(
        "casework:session_detail",
        only(READERS),
        kwargs=lambda w: {"pk": _session_own(w).pk},
        note="own",
    ),
    Case(
        "casework:session_detail",
        only(READERS) | OUT_OF_SCOPE,
        kwargs=lambda w: {"pk": _session_other(w).pk},
        note="other hub",
    ),
    Case("casework:referral_create", only(WRITERS), kwargs=_own, note="own"),
    Case("casework:referral_create", only(WRITERS) | OUT_OF_SCOPE, kwargs=_other, note="other"),
    Case(
        "casework:referral_create",
        only(WRITERS, allowed=302),
        kwargs=_own,
        method="post",
        data=_new_referral,
        note="own",
    ),
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
        data=lambda w: {
            "person_id": _own_person(w).pk,
            "hub_id": w.hub_own.pk,
            "held_on": "2025-03-01",
            "duration_minutes": 30,
            "channel": "phone",
            "needs": ["isolation"],
        },
    ),
    Case(
        "api-1.0.0:listening_session_create",
        only(WRITERS, allowed=201, anonymous=401) | OUT_OF_SCOPE,
        api=True,
        method="post",
        data=lambda w: {
            "person_id": _other_person(w).pk,
            "hub_id": w.hub_own.pk,
            "held_on": "2025-03-01",
            "duration_minutes": 30,
            "channel": "phone",
        },
        note="other hub",
    ),
    Case("api-1.0.0:referral_list", API_READERS, api=True),
    Case(
        "api-1.0.0:referral_received_list",
        only(RECEIVERS, anonymous=401),
        api=True,
    ),
    Case(
        "api-1.0.0:referral_detail",
        API_READERS,
        api=True,
        kwargs=lambda w: {"referral_id": _referral_own(w).pk},
        note="own hub",
    ),
    Case(
        "api-1.0.0:referral_detail",
        API_READERS | OUT_OF_SCOPE,
        api=True,
        kwargs=lambda w: {"referral_id": _referral_other(w).pk},
        note="other hub",
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


def _plan(world, person_getter=_own_person, attribute="plan_own"):
    import datetime

    from trama.casework.models import SupportPlan

    if not hasattr(world, attribute):
        setattr(
            world,
            attribute,
            SupportPlan.objects.create(
                person=person_getter(world),
                hub=world.hub_own,
                created_by=world.users.operator,
                goals="Ridurre l'isolamento.",
                next_review_on=datetime.date.today() + datetime.timedelta(days=30),
            ),
        )
    return getattr(world, attribute)


def _plan_other(world):
    return _plan(world, _other_person, "plan_other")


def _action(world):
    import datetime

    from trama.casework.models import PlanAction

    if not hasattr(world, "action_own"):
        world.action_own = PlanAction.objects.create(
            plan=_plan(world),
            description="Iscrizione al gruppo di cammino",
            owner_text="Auser",
            due_on=datetime.date.today(),
        )
    return world.action_own


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
    Case("casework:plan_detail", only(READERS), kwargs=lambda w: {"pk": _plan(w).pk}, note="own"),
    Case(
        "casework:plan_detail",
        only(READERS) | OUT_OF_SCOPE,
        kwargs=lambda w: {"pk": _plan_other(w).pk},
        note="other hub",
    ),
    Case(
        "casework:plan_action_add",
        expect(405),
        kwargs=lambda w: {"pk": _plan(w).pk},
        note="GET is not allowed",
    ),
    Case(
        "casework:plan_action_add",
        only(WRITERS, allowed=302),
        kwargs=lambda w: {"pk": _plan(w).pk},
        method="post",
        data=lambda w: {"description": "Telefonata", "due_on": "2099-01-01"},
    ),
    Case(
        "casework:plan_action_add",
        only(WRITERS, allowed=302) | OUT_OF_SCOPE,
        kwargs=lambda w: {"pk": _plan_other(w).pk},
        method="post",
        data=lambda w: {"description": "Telefonata", "due_on": "2099-01-01"},
        note="other hub",
    ),
    Case(
        "casework:plan_action_status",
        expect(405),
        kwargs=lambda w: {"pk": _action(w).pk},
        note="GET is not allowed",
    ),
    Case(
        "casework:plan_action_status",
        only(WRITERS, allowed=302),
        kwargs=lambda w: {"pk": _action(w).pk},
        method="post",
        data=lambda w: {"status": "done"},
        note="then refused for the next ones: a message, still a redirect",
    ),
    Case(
        "casework:plan_review_add",
        expect(405),
        kwargs=lambda w: {"pk": _plan(w).pk},
        note="GET is not allowed",
    ),
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
    Case(
        "api-1.0.0:plan_detail",
        API_READERS,
        api=True,
        kwargs=lambda w: {"plan_id": _plan(w).pk},
        note="own hub",
    ),
    Case(
        "api-1.0.0:plan_detail",
        API_READERS | OUT_OF_SCOPE,
        api=True,
        kwargs=lambda w: {"plan_id": _plan_other(w).pk},
        note="other hub",
    ),
]
