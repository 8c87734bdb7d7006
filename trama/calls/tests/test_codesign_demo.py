"""The demo calls: the Cittadella del Welfare's co-design and an open call (issue 5, point 10)."""

import pytest

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.calls.demo import OPEN_CALL_TITLE, PAST_CALL_TITLE
from trama.calls.models import (
    Call,
    CallState,
    CodesignParticipant,
    CodesignSession,
    DocumentVersion,
    Proposal,
    ProposalState,
    Score,
)
from trama.calls.requirements import is_eligible
from trama.calls.selectors import codesign as selectors
from trama.demo.loader import DEMO_PASSWORD, load_demo
from trama.organizations.models import Organization

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Call,
            Proposal,
            Score,
            CodesignSession,
            CodesignParticipant,
            DocumentVersion,
            RoleGrant,
            User,
        )
    }


def test_the_demo_calls_load_twice_to_the_same_data():
    logins = load_demo()
    first = _counts()
    assert load_demo() == logins
    assert _counts() == first
    assert any(login.username == "valutatore" for login in logins)


def test_the_past_call_is_the_cittadella_co_design_and_one_call_is_open():
    load_demo()
    past = Call.objects.get(title=PAST_CALL_TITLE)
    assert past.state == CallState.CO_DESIGN
    ranked = list(past.proposals.order_by("rank").values_list("lead__name", "state"))
    assert ranked == [
        ("Auser Grugliasco", ProposalState.IN_CODESIGN),
        ("Gruppo Arco", ProposalState.IN_CODESIGN),
        ("Donne in Rete Grugliasco APS", ProposalState.NOT_SELECTED),
    ]
    assert all(p.fingerprint and p.submitted_at for p in past.proposals.all())
    assert Score.objects.filter(proposal__call=past).count() == 9
    assert past.codesign_sessions.count() == 4
    assert past.document_versions.count() == 3

    # The demo ETS member (Auser Grugliasco) sits at the table and may apply to the open call.
    member = User.objects.get(username="ets")
    assert list(selectors.codesign_table_list(user=member)) == [past]
    assert selectors.may_write_document(member, past)
    open_call = Call.objects.get(title=OPEN_CALL_TITLE, state=CallState.PUBLISHED)
    assert is_eligible(open_call, Organization.objects.get(name="Auser Grugliasco"))

    evaluator = User.objects.get(username="valutatore")
    assert evaluator.check_password(DEMO_PASSWORD)
    assert evaluator.scope_ids(Role.EVALUATOR, ScopeKind.CALL) == {past.pk, open_call.pk}
    assert set(open_call.committee.values_list("user__username", flat=True)) == {"valutatore"}
