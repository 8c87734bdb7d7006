from tests.permissions import HUB_BOUND, OUT_OF_SCOPE, Case, expect, once, only
from tests.permissions import PERSON_READERS as READERS
from tests.permissions import PERSON_WRITERS as WRITERS
from trama.people.models import Consent, ConsentPurpose, Person


def own_person(world):
    from trama.people.tests.factories import PersonFactory

    return once(world, "person_own", lambda: PersonFactory(reference_hub=world.hub_own))


def other_person(world):
    from trama.people.tests.factories import PersonFactory

    return once(world, "person_other", lambda: PersonFactory(last_name="Bianchi"))


def _household(world):
    from trama.people.tests.factories import HouseholdFactory

    return once(world, "household_own", lambda: HouseholdFactory(reference_hub=world.hub_own))


def _consent(world):
    from trama.people.tests.factories import PrivacyNoticeFactory

    return once(
        world,
        "consent_own",
        lambda: Consent.objects.create(
            person=own_person(world),
            notice=PrivacyNoticeFactory(),
            purpose=ConsentPurpose.NOTICE,
            given_at="2025-01-02T10:00:00Z",
        ),
    )


def _own(world) -> dict:
    return {"pk": own_person(world).pk}


def _other(world) -> dict:
    return {"pk": other_person(world).pk}


def _new_person(world) -> dict:
    return {
        "first_name": "Giulia",
        "last_name": "Verdi",
        "family_network": "unknown",
        "reference_hub": world.hub_own.pk,
    }


def _edit_own(world) -> dict:
    person = Person.objects.get(pk=own_person(world).pk)
    return {
        "first_name": person.first_name,
        "last_name": "Rossi",
        "family_network": "weak",
        "reference_hub": world.hub_own.pk,
        "version": person.version,
    }


OUTREACH = ["coordinator", "operator"]


def _rules(world) -> dict:
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


CASES = [
    Case("people:list", only(READERS)),
    Case("people:create", only(WRITERS)),
    Case("people:create", only(WRITERS, allowed=302), method="post", data=_new_person),
    Case("people:detail", only(READERS), kwargs=_own, note="own: the purpose form"),
    Case(
        "people:detail",
        only(READERS),
        kwargs=_own,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="own: the record, logged",
    ),
    Case("people:detail", only(READERS) | OUT_OF_SCOPE, kwargs=_other, note="other hub"),
    Case(
        "people:detail",
        only(READERS) | OUT_OF_SCOPE,
        kwargs=_other,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="other hub: open",
    ),
    Case("people:edit", only(WRITERS), kwargs=_own, note="own"),
    Case("people:edit", only(WRITERS) | OUT_OF_SCOPE, kwargs=_other, note="other hub"),
    Case(
        "people:edit",
        only(WRITERS, allowed=302),
        kwargs=_own,
        method="post",
        data=_edit_own,
        note="own",
    ),
    Case("people:eligibility", only(READERS), kwargs=_own, note="own"),
    Case("people:eligibility", only(READERS) | OUT_OF_SCOPE, kwargs=_other, note="other hub"),
    Case("people:outreach", only(OUTREACH), note="the project to choose"),
    Case("people:outreach", only(OUTREACH), data=_rules, note="a project's list"),
    Case("people:break_glass", only(HUB_BOUND)),
    Case(
        "people:break_glass",
        only(HUB_BOUND),
        method="post",
        data=lambda w: {
            "number": other_person(w).pk,
            "reason": "Emergenza: la persona si è presentata al nostro sportello.",
        },
        note="declared and logged",
    ),
    Case("people:break_glass_log", only(["dpo"])),
    Case("people:consent_add", only(WRITERS), kwargs=_own),
    Case(
        "people:consent_withdraw",
        expect(405),
        kwargs=lambda w: {"pk": _consent(w).pk},
        note="GET is not allowed",
    ),
    Case(
        "people:consent_withdraw",
        only(WRITERS, allowed=302),
        kwargs=lambda w: {"pk": _consent(w).pk},
        method="post",
    ),
    Case("people:household_create", only(WRITERS)),
    Case(
        "people:household_create",
        only(WRITERS, allowed=302),
        method="post",
        data=lambda w: {
            "label": "Famiglia Verdi",
            "housing": "atc_tenant",
            "reference_hub": w.hub_own.pk,
        },
    ),
    Case("people:household_detail", only(READERS), kwargs=lambda w: {"pk": _household(w).pk}),
    Case("people:member_add", only(WRITERS), kwargs=lambda w: {"pk": _household(w).pk}),
    Case("people:isee_add", only(WRITERS), kwargs=lambda w: {"pk": _household(w).pk}),
    Case("people:notice_list", only(READERS)),
    Case("people:notice_create", only(["dpo", "coordinator"])),
    # API: token authentication; anonymous is 401.
    Case("api-1.0.0:person_list", only(READERS, anonymous=401), api=True),
    Case(
        "api-1.0.0:person_detail",
        only(READERS, anonymous=401),
        api=True,
        kwargs=lambda w: {"person_id": own_person(w).pk},
        data=lambda w: {"purpose": "follow_up"},
        note="own",
    ),
    Case(
        "api-1.0.0:person_detail",
        only(READERS, anonymous=401) | OUT_OF_SCOPE,
        api=True,
        kwargs=lambda w: {"person_id": other_person(w).pk},
        data=lambda w: {"purpose": "follow_up"},
        note="other hub",
    ),
    Case(
        "api-1.0.0:person_create",
        only(WRITERS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=lambda w: {
            "first_name": "Anna",
            "last_name": "Neri",
            "reference_hub_id": w.hub_own.pk,
        },
    ),
]
