from tests.permissions import GLASS_ONLY, HUB_BOUND, OUT_OF_SCOPE, Case, expect, once, only
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


# One person's record: the readers, and the DPO finds no one without breaking the glass
# (decision 0019).
ONE_PERSON = only(READERS) | GLASS_ONLY
BREAK_GLASS = [*HUB_BOUND, "dpo"]

CASES = [
    Case("people:list", only(READERS)),
    Case("people:create", only(WRITERS)),
    Case("people:create", only(WRITERS, allowed=302), method="post", data=_new_person),
    Case("people:detail", ONE_PERSON, kwargs=_own, note="own: the purpose form"),
    Case(
        "people:detail",
        ONE_PERSON,
        kwargs=_own,
        method="post",
        data=lambda w: {"purpose": "follow_up"},
        note="own: the record, logged",
    ),
    Case("people:detail", ONE_PERSON | OUT_OF_SCOPE, kwargs=_other, note="other hub"),
    Case(
        "people:detail",
        ONE_PERSON | OUT_OF_SCOPE,
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
    Case("people:break_glass", only(BREAK_GLASS)),
    Case(
        "people:break_glass",
        only(BREAK_GLASS),
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
    Case("people:notice_list", only([*READERS, "dpo"])),
    Case("people:notice_create", only(["dpo", "coordinator"])),
    # API: token authentication; anonymous is 401.
    # The DPO's list: the people of its open break-the-glass windows, none here.
    Case("api-1.0.0:person_list", only(READERS, anonymous=401) | {"dpo": 200}, api=True),
    Case(
        "api-1.0.0:person_detail",
        only(READERS, anonymous=401) | GLASS_ONLY,
        api=True,
        kwargs=lambda w: {"person_id": own_person(w).pk},
        data=lambda w: {"purpose": "follow_up"},
        note="own",
    ),
    Case(
        "api-1.0.0:person_detail",
        only(READERS, anonymous=401) | OUT_OF_SCOPE | GLASS_ONLY,
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

CASES += [
    Case(
        "api-1.0.0:person_eligibility",
        only(READERS, anonymous=401),
        api=True,
        kwargs=lambda w: {"person_id": own_person(w).pk},
        note="own",
    ),
    Case(
        "api-1.0.0:person_eligibility",
        only(READERS, anonymous=401) | OUT_OF_SCOPE,
        api=True,
        kwargs=lambda w: {"person_id": other_person(w).pk},
        note="other hub",
    ),
]

# Data-subject requests (people/privacy.py): the coordinator, and the DPO after breaking the
# glass for the person (here it has not: 404).
PRIVACY = only(["coordinator"]) | GLASS_ONLY
CASES += [
    Case("people:export_json", expect(405), kwargs=_own, note="GET is not allowed"),
    Case("people:export_json", PRIVACY, kwargs=_own, method="post"),
    Case("people:export_pdf", expect(405), kwargs=_own, note="GET is not allowed"),
    Case("people:export_pdf", PRIVACY, kwargs=_own, method="post"),
    Case("people:erase", PRIVACY, kwargs=_own, note="the confirmation, logged"),
    Case(
        "people:erase",
        PRIVACY,
        kwargs=_own,
        method="post",
        data=lambda w: {"reason": ""},
        note="without a reason: refused on the form, nothing changes",
    ),
]


# API: changes to a person, households, consents (issue 4, point 9).
API_READERS = only(READERS, anonymous=401)
API_WRITERS = only(WRITERS, anonymous=401)
API_CREATES = only(WRITERS, allowed=201, anonymous=401)


def _household_other(world):
    from trama.people.tests.factories import HouseholdFactory

    return once(world, "household_other", lambda: HouseholdFactory(label="Nucleo Bianchi"))


def _api_person_change(person):
    """A change with the version as it is now: every identity meets a fresh record."""
    return lambda w: {
        "version": Person.objects.get(pk=person(w).pk).version,
        "phone": "011 555 0101",
    }


def _api_new_member(world) -> dict:
    from trama.people.tests.factories import PersonFactory

    return {"person_id": PersonFactory(reference_hub=world.hub_own).pk, "relationship": "child"}


def _api_new_isee(world) -> dict:
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    return {
        "value": "8200.00",
        "issued_on": (today - datetime.timedelta(days=10)).isoformat(),
        "expires_on": (today + datetime.timedelta(days=300)).isoformat(),
    }


def _api_new_consent(world) -> dict:
    from trama.people.tests.factories import PrivacyNoticeFactory

    return {"notice_id": PrivacyNoticeFactory().pk, "purpose": "contact"}


def _api_active_consent(world) -> dict:
    """Each identity tries to withdraw the same consent: make it active again first."""
    Consent.objects.filter(pk=_consent(world).pk).update(withdrawn_at=None)
    return {}


def _own_and_other_api(url_name, expected, key, own, other, **case) -> list[Case]:
    return [
        Case(url_name, expected, api=True, kwargs=lambda w: {key: own(w).pk}, note="own", **case),
        Case(
            url_name,
            expected | OUT_OF_SCOPE,
            api=True,
            kwargs=lambda w: {key: other(w).pk},
            note="other hub",
            **case,
        ),
    ]


CASES += [
    *[
        Case(
            "api-1.0.0:person_update",
            API_WRITERS | extra,
            api=True,
            method="patch",
            kwargs=lambda w, person=person: {"person_id": person(w).pk},
            data=_api_person_change(person),
            note=note,
        )
        for person, extra, note in ((own_person, {}, "own"), (other_person, OUT_OF_SCOPE, "other"))
    ],
    *_own_and_other_api(
        "api-1.0.0:consent_list",
        API_READERS | GLASS_ONLY,
        "person_id",
        own_person,
        other_person,
        data=lambda w: {"purpose": "follow_up"},
    ),
    *_own_and_other_api(
        "api-1.0.0:consent_record",
        only(WRITERS, allowed=201, anonymous=401),
        "person_id",
        own_person,
        other_person,
        method="post",
        data=_api_new_consent,
    ),
    Case(
        "api-1.0.0:consent_withdraw",
        API_WRITERS,
        api=True,
        method="post",
        kwargs=lambda w: {"consent_id": _consent(w).pk},
        data=_api_active_consent,
    ),
    Case("api-1.0.0:household_list", API_READERS, api=True),
    Case(
        "api-1.0.0:household_create",
        API_CREATES,
        api=True,
        method="post",
        data=lambda w: {
            "label": "Famiglia Verdi",
            "housing": "atc_tenant",
            "reference_hub_id": w.hub_own.pk,
        },
    ),
    *_own_and_other_api(
        "api-1.0.0:household_detail", API_READERS, "household_id", _household, _household_other
    ),
    *_own_and_other_api(
        "api-1.0.0:household_member_add",
        API_CREATES,
        "household_id",
        _household,
        _household_other,
        method="post",
        data=_api_new_member,
    ),
    *_own_and_other_api(
        "api-1.0.0:isee_add",
        API_CREATES,
        "household_id",
        _household,
        _household_other,
        method="post",
        data=_api_new_isee,
    ),
]
