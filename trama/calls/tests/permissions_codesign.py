"""Permission rows of the co-design table and the agreement (area codesign).

Readers: the coordinator and the administrator (every table), the ETS member whose
organisation takes part (lead or confirmed partner of a selected proposal). Writers: the
coordinator; the participating ETS member also writes versions of the project document."""

import datetime
from decimal import Decimal

from tests.permissions import LOGIN, Case, expect, once, only
from trama.calls.models import Agreement, AgreementPartner, CallState
from trama.calls.tests.factories import (
    CodesignSessionFactory,
    DocumentVersionFactory,
    codesign_call,
)
from trama.projects.tests.factories import ProjectFactory

READERS = ["coordinator", "admin", "ets_member"]
CHAIR = ["coordinator"]


def _table(world):
    """A call in co-design where `org_own` leads the selected proposal: two versions of the
    document and one session."""

    def make():
        call = codesign_call(lead=world.org_own, partners=[world.org_other])
        coordinator = world.users.coordinator
        CodesignSessionFactory(call=call, created_by=coordinator)
        DocumentVersionFactory(call=call, number=1, author=coordinator)
        DocumentVersionFactory(
            call=call, number=2, body="Obiettivi rivisti.", note="Obiettivi", author=coordinator
        )
        return call

    return once(world, "codesign_table", make)


def _session(world):
    return _table(world).codesign_sessions.get()


def _other_table(world):
    """A call in co-design in which `org_own` takes no part."""

    def make():
        call = codesign_call(lead=world.org_other)
        DocumentVersionFactory(call=call, number=1, author=world.users.coordinator)
        return call

    return once(world, "codesign_other_table", make)


def _ranked(world):
    return once(
        world,
        "codesign_ranked",
        lambda: codesign_call(lead=world.org_own, state=CallState.RANKED),
    )


def _concluded(world):
    """A concluded call with its agreement, `org_own` the lead."""

    def make():
        call = codesign_call(lead=world.org_own, state=CallState.CONCLUDED)
        agreement = Agreement.objects.create(
            call=call,
            project=ProjectFactory(),
            signed_on=datetime.date(2026, 1, 15),
            budget=Decimal("50000.00"),
            summary="Convenzione di prova.",
            created_by=world.users.coordinator,
        )
        AgreementPartner.objects.create(
            agreement=agreement, organization=world.org_own, role="lead", budget_share=Decimal("1")
        )
        return call

    return once(world, "codesign_concluded", make)


def _call_kwargs(make):
    return lambda w: {"call_pk": make(w).pk}


API_READERS = only(READERS, others=403, anonymous=401)

CASES = [
    Case("calls:codesign_list", only(READERS)),
    Case("calls:codesign_table", only(READERS), kwargs=_call_kwargs(_table)),
    Case(
        "calls:codesign_table",
        only(READERS, others=403) | {"ets_member": 404},
        kwargs=_call_kwargs(_other_table),
        note="organisation not at the table",
    ),
    Case(
        "calls:codesign_table",
        only(["coordinator", "admin"]) | {"ets_member": 404},
        kwargs=_call_kwargs(_ranked),
        note="ranked: only the chair and the administrator see it",
    ),
    Case(
        "calls:codesign_open",
        expect(403, anonymous=LOGIN, coordinator=302),
        kwargs=_call_kwargs(_ranked),
        method="post",
    ),
    Case("calls:codesign_session_create", only(CHAIR), kwargs=_call_kwargs(_table)),
    Case(
        "calls:codesign_session_create",
        expect(403, anonymous=LOGIN, coordinator=302),
        kwargs=_call_kwargs(_table),
        method="post",
        data=lambda w: {
            "held_at": "2026-03-10T17:30",
            "place": "Sede",
            "agenda": "Budget",
            "invited_organizations": [w.org_own.pk],
        },
    ),
    Case("calls:codesign_session_detail", only(READERS), kwargs=lambda w: {"pk": _session(w).pk}),
    Case(
        "calls:codesign_session_detail",
        only(READERS) | {"ets_member": 404},
        kwargs=lambda w: {
            "pk": CodesignSessionFactory(call=_other_table(w), created_by=w.users.coordinator).pk
        },
        note="organisation not at the table",
    ),
    Case("calls:codesign_session_update", only(CHAIR), kwargs=lambda w: {"pk": _session(w).pk}),
    Case("calls:codesign_document", only(READERS), kwargs=_call_kwargs(_table)),
    Case(
        "calls:codesign_version_create",
        only(["coordinator", "ets_member"]),
        kwargs=_call_kwargs(_table),
        note="the administrator reads but does not write",
    ),
    Case(
        "calls:codesign_version",
        only(READERS),
        kwargs=lambda w: {"call_pk": _table(w).pk, "number": 2},
    ),
    Case(
        "calls:codesign_version",
        only(READERS, others=403) | {"ets_member": 404},
        kwargs=lambda w: {"call_pk": _other_table(w).pk, "number": 1},
        note="organisation not at the table",
    ),
    Case(
        "calls:codesign_compare",
        only(READERS),
        kwargs=_call_kwargs(_table),
        data=lambda w: {"a": 1, "b": 2, "mode": "words"},
    ),
    Case("calls:agreement_create", only(CHAIR), kwargs=_call_kwargs(_table)),
    Case("calls:agreement_detail", only(READERS), kwargs=_call_kwargs(_concluded)),
    Case(
        "calls:agreement_detail",
        only(READERS, others=403, allowed=404),
        kwargs=_call_kwargs(_table),
        note="no agreement yet",
    ),
    # API: the same readers with their tokens.
    Case(
        "api-1.0.0:codesign_session_list",
        API_READERS,
        kwargs=lambda w: {"call_id": _table(w).pk},
        api=True,
    ),
    Case(
        "api-1.0.0:codesign_session_list",
        API_READERS | {"ets_member": 404},
        kwargs=lambda w: {"call_id": _other_table(w).pk},
        api=True,
        note="organisation not at the table",
    ),
    Case(
        "api-1.0.0:codesign_version_list",
        API_READERS,
        kwargs=lambda w: {"call_id": _table(w).pk},
        api=True,
    ),
    Case(
        "api-1.0.0:codesign_version_detail",
        API_READERS,
        kwargs=lambda w: {"call_id": _table(w).pk, "number": 1},
        api=True,
    ),
    Case(
        "api-1.0.0:codesign_agreement_detail",
        API_READERS,
        kwargs=lambda w: {"call_id": _concluded(w).pk},
        api=True,
    ),
]
