"""The kit's state machines: a table checked on the locked row, one UPDATE with the version,
one access-log entry per move, nothing changed by a refused move."""

import pytest
from django.db import transaction
from django.utils.translation import gettext_lazy

from trama.audit.models import AccessLogEntry
from trama.casework.models import Referral, ReferralState
from trama.casework.tests.factories import ReferralFactory
from trama.casework.workflows import REFERRAL_WORKFLOW
from trama.core.errors import DomainError
from trama.core.workflow import Workflow, lock, move, move_locked


def test_a_table_that_forgets_a_state_or_names_an_unknown_one_is_refused():
    refusal = gettext_lazy("From “%(current)s” a referral cannot move to “%(target)s”.")
    with pytest.raises(ValueError):
        Workflow(ReferralState, {ReferralState.SENT: frozenset()}, refusal)
    table = dict.fromkeys(ReferralState.values, frozenset())
    table[ReferralState.SENT] = frozenset({"lost"})
    with pytest.raises(ValueError):
        Workflow(ReferralState, table, refusal)


def test_final_states_and_labels_come_from_the_table():
    assert REFERRAL_WORKFLOW.final == {
        ReferralState.DECLINED,
        ReferralState.COMPLETED,
        ReferralState.DROPPED,
    }
    assert REFERRAL_WORKFLOW.can_move(ReferralState.SENT, ReferralState.ACCEPTED)
    assert not REFERRAL_WORKFLOW.can_move(ReferralState.COMPLETED, ReferralState.SENT)


def test_a_move_updates_state_and_version_and_logs_once(world):
    referral = ReferralFactory(to_organization=world.org_own)
    entries = AccessLogEntry.objects.count()
    moved = move_locked(
        REFERRAL_WORKFLOW,
        Referral,
        referral.pk,
        ReferralState.ACCEPTED,
        actor=world.users.ets_member,
        details={"from": "sent", "to": "accepted"},
    )
    assert (moved.state, moved.version) == (ReferralState.ACCEPTED, referral.version + 1)
    assert AccessLogEntry.objects.count() == entries + 1
    entry = AccessLogEntry.objects.order_by("-at", "-id").first()
    assert (entry.action, entry.object_id, entry.details) == (
        "update",
        str(referral.pk),
        {"from": "sent", "to": "accepted"},
    )


def test_a_refused_move_changes_nothing_and_logs_nothing(world):
    referral = ReferralFactory(to_organization=world.org_own, state=ReferralState.COMPLETED)
    entries = AccessLogEntry.objects.count()
    with pytest.raises(DomainError) as refused, transaction.atomic():
        move(REFERRAL_WORKFLOW, lock(Referral, referral.pk), ReferralState.SENT, actor=None)
    assert refused.value.code == "invalid_transition"
    referral.refresh_from_db()
    assert (referral.state, AccessLogEntry.objects.count()) == (ReferralState.COMPLETED, entries)


def test_a_move_outside_the_locking_transaction_is_a_programming_error(world, monkeypatch):
    from trama.core import workflow

    referral = ReferralFactory(to_organization=world.org_own)
    monkeypatch.setattr(workflow, "_in_transaction", lambda: False)  # as in autocommit
    with pytest.raises(RuntimeError):
        move(REFERRAL_WORKFLOW, referral, ReferralState.ACCEPTED, actor=None)


def test_many_moves_are_checked_first_then_written_and_logged_one_entry_each(world):
    from trama.audit.verification import verify_chain
    from trama.core.workflow import lock_many, move_many

    referrals = [ReferralFactory(to_organization=world.org_own) for _ in range(3)]
    done = ReferralFactory(to_organization=world.org_own, state=ReferralState.COMPLETED)
    pks = [r.pk for r in referrals]
    entries = AccessLogEntry.objects.count()

    # One refused move refuses them all.
    with pytest.raises(DomainError), transaction.atomic():
        rows = lock_many(Referral.objects.all(), [*pks, done.pk])
        move_many(REFERRAL_WORKFLOW, rows, dict.fromkeys([*pks, done.pk], "accepted"), actor=None)
    assert set(Referral.objects.filter(pk__in=pks).values_list("state", flat=True)) == {"sent"}
    assert AccessLogEntry.objects.count() == entries

    # Sent → accepted → in progress in one step, each referral with its own entry.
    with transaction.atomic():
        rows = lock_many(Referral.objects.all(), pks)
        move_many(
            REFERRAL_WORKFLOW,
            rows,
            dict.fromkeys(pks, ReferralState.IN_PROGRESS),
            actor=world.users.ets_member,
            through=ReferralState.ACCEPTED,
            details={pk: {"n": n} for n, pk in enumerate(pks)},
        )
    for n, referral in enumerate(referrals):
        before = referral.version
        referral.refresh_from_db()
        assert (referral.state, referral.version) == (ReferralState.IN_PROGRESS, before + 1)
        entry = AccessLogEntry.objects.get(object_id=str(referral.pk), details__n=n)
        assert entry.details == {
            "previous": "sent",
            "through": "accepted",
            "state": "in_progress",
            "n": n,
        }
    assert AccessLogEntry.objects.count() == entries + 3
    report = verify_chain()
    assert report.ok, report.reason
