"""Entries carry their own MAC from insert; the sealer chains them afterwards, oldest first, and
verification catches any change, sealed or not, and an entry left unsealed too long (decision
0024). `deferred_sealing` makes SQLite leave entries unsealed, as PostgreSQL always does."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from trama.audit import services
from trama.audit.chain import HASHED_FIELDS, entry_mac
from trama.audit.models import AccessLogEntry, ChainHead
from trama.audit.services import access_log_seal
from trama.audit.tests.tampering import append, append_sealed, triggers_off
from trama.audit.verification import verify_chain

pytestmark = pytest.mark.django_db

ALTERED = {
    "at": timezone.now() - timedelta(days=1),
    "actor_id": 999,
    "actor_label": "intruso",
    "role": "admin",
    "action": "export",
    "object_type": "people.person",
    "object_id": "42",
    "object_repr": "altered",
    "purpose": "altered",
    "client_address": "10.9.9.9",
    "details": {"altered": True},
    "nonce": "f" * 32,
    "entry_mac": "e" * 64,
}
assert set(ALTERED) == {*HASHED_FIELDS, "nonce", "entry_mac"}


def _tamper(entry: AccessLogEntry, **changes) -> None:
    with triggers_off():
        AccessLogEntry.objects.filter(pk=entry.pk).update(**changes)


def _unsealed_count() -> int:
    return AccessLogEntry.objects.filter(chain_position__isnull=True).count()


def test_an_append_writes_the_entry_with_its_mac_and_no_chain(deferred_sealing):
    (entry,) = append(1)
    entry.refresh_from_db()
    assert (entry.chain_position, entry.previous_hash, entry.entry_hash) == (None, None, None)
    fields = {name: getattr(entry, name) for name in HASHED_FIELDS}
    assert len(entry.nonce) == 32
    assert entry.entry_mac == entry_mac(entry.nonce, fields)
    assert not ChainHead.objects.exists()  # nothing shared was touched
    report = verify_chain(seal_first=False)
    assert report.ok and report.checked == 1


def test_two_identical_entries_differ_by_their_nonce(deferred_sealing):
    first, second = append(2)
    assert first.nonce != second.nonce and first.entry_mac != second.entry_mac


def test_the_sealer_chains_by_time_then_id_not_by_insert_order(deferred_sealing, monkeypatch):
    """Ids are handed out at insert, commits come in any order: `at` decides."""
    start = timezone.now()
    times = iter([start + timedelta(seconds=2), start, start + timedelta(seconds=1)])
    monkeypatch.setattr(services.timezone, "now", lambda: next(times))
    late, early, middle = append(3)
    monkeypatch.undo()
    assert access_log_seal() == 3
    chained = AccessLogEntry.objects.order_by("chain_position")
    assert [e.pk for e in chained] == [early.pk, middle.pk, late.pk]
    assert [e.chain_position for e in chained] == [1, 2, 3]
    assert chained[0].previous_hash == "0" * 64
    assert chained[1].previous_hash == chained[0].entry_hash
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (3, chained[2].entry_hash)
    assert verify_chain(seal_first=False).ok


def test_sealing_again_chains_only_the_new_entries(deferred_sealing):
    append(2)
    assert access_log_seal() == 2
    before = list(AccessLogEntry.objects.values_list("pk", "chain_position", "entry_hash"))
    assert access_log_seal() == 0
    (third,) = append(1)
    assert access_log_seal() == 1
    assert set(before) < set(
        AccessLogEntry.objects.values_list("pk", "chain_position", "entry_hash")
    )
    third.refresh_from_db()
    assert third.chain_position == 3
    assert verify_chain().ok


def test_a_backlog_is_sealed_in_short_batches_without_gaps(deferred_sealing, monkeypatch):
    monkeypatch.setattr(services, "SEAL_BATCH", 2)
    append(5)
    assert access_log_seal() == 5
    positions = AccessLogEntry.objects.order_by("chain_position")
    assert [e.chain_position for e in positions] == [1, 2, 3, 4, 5]
    assert verify_chain(seal_first=False).ok


def test_one_sealer_runs_after_the_commit_of_an_appending_transaction(
    deferred_sealing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        append(3)
    assert [c for c in callbacks if c is services._seal_now] == [services._seal_now]
    assert _unsealed_count() == 3
    for callback in callbacks:
        callback()
    assert _unsealed_count() == 0
    assert verify_chain(seal_first=False).ok


def test_sqlite_seals_inline_and_postgresql_after_commit():
    """A test's transaction never commits: on PostgreSQL the entry waits for its sealer."""
    (entry,) = append(1)
    entry.refresh_from_db()
    if connection.vendor == "sqlite":
        assert (entry.chain_position, ChainHead.objects.get().last_seq) == (1, 1)
    else:
        assert entry.chain_position is None and not ChainHead.objects.exists()


def test_the_sealer_does_not_build_on_a_head_that_fails_its_signature(deferred_sealing):
    append_sealed(2)
    ChainHead.objects.filter(pk=1).update(last_seq=1)
    append(1)
    assert access_log_seal() == 0
    assert _unsealed_count() == 1
    assert verify_chain().reason == "the chain head does not match its signature"


def test_the_sealer_does_not_start_a_new_chain_when_the_head_was_deleted(deferred_sealing):
    append_sealed(2)
    with triggers_off():
        ChainHead.objects.all().delete()
    append(1)
    assert access_log_seal() == 0
    assert not ChainHead.objects.exists()
    assert verify_chain().reason == "the chain head is missing"


def test_an_entry_left_unsealed_beyond_the_bound_fails_verification(deferred_sealing):
    append_sealed(1)
    (waiting,) = append(1)
    assert verify_chain(seal_first=False).ok  # younger than the bound
    with override_settings(TRAMA_AUDIT_SEAL_BOUND_SECONDS=0):
        report = verify_chain(seal_first=False)
        assert (report.entry_id, report.reason) == (
            waiting.pk,
            "unsealed entry: not sealed within 0 seconds",
        )
        with pytest.raises(CommandError, match=f"entry with id {waiting.pk}: unsealed entry"):
            call_command("audit_verify", "--no-seal")
        call_command("audit_verify")  # which seals first
    assert _unsealed_count() == 0


@pytest.mark.parametrize("field", sorted(ALTERED))
def test_changing_any_field_of_an_unsealed_entry_is_detected(deferred_sealing, field):
    entries = append(3)
    _tamper(entries[1], **{field: ALTERED[field]})
    report = verify_chain(seal_first=False)
    assert (report.entry_id, report.reason) == (
        entries[1].pk,
        "unsealed entry: content does not match its MAC",
    )
    # Sealing does not launder it: the sealed entry still fails its MAC.
    assert not verify_chain().ok


@pytest.mark.parametrize("field", [*sorted(ALTERED), "previous_hash", "entry_hash"])
def test_changing_any_field_of_a_sealed_entry_is_detected(field):
    entries = append_sealed(3)
    value = ALTERED.get(field, "d" * 64)
    _tamper(entries[1], **{field: value})
    report = verify_chain()
    assert not report.ok
    assert report.first_broken_seq == 2


def test_filling_the_chain_columns_of_an_unsealed_entry_by_hand_is_detected(deferred_sealing):
    append_sealed(1)
    (entry,) = append(1)
    _tamper(entry, chain_position=2, previous_hash="a" * 64, entry_hash="b" * 64)
    report = verify_chain(seal_first=False)
    assert (report.first_broken_seq, report.reason) == (
        2,
        "previous hash does not match the entry before",
    )


def test_partly_filled_chain_columns_are_detected(deferred_sealing):
    (entry,) = append(1)
    _tamper(entry, previous_hash="a" * 64)
    report = verify_chain(seal_first=False)
    assert report.reason == "unsealed entry: chain columns filled without a position"


def test_reordering_sealed_entries_is_detected():
    entries = append_sealed(3)
    _tamper(entries[0], chain_position=99)
    _tamper(entries[1], chain_position=1)
    _tamper(entries[0], chain_position=2)
    report = verify_chain()
    assert (report.first_broken_seq, report.checked) == (1, 0)


def test_swapping_the_times_of_unsealed_entries_is_detected(deferred_sealing):
    first, second = append(2)
    _tamper(first, at=second.at)
    _tamper(second, at=first.at)
    assert verify_chain(seal_first=False).entry_id in {first.pk, second.pk}


def test_the_database_refuses_a_copy_of_an_entry(deferred_sealing):
    (entry,) = append(1)
    copy = {name: getattr(entry, name) for name in (*HASHED_FIELDS, "nonce", "entry_mac")}
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLogEntry.objects.create(**copy)


@pytest.mark.postgres
def test_a_copy_is_detected_even_without_the_unique_constraint():
    """The table's owner can drop the constraint (on SQLite it is part of the table): then
    the copy is sealed like any entry, and verification refuses it."""
    (entry,) = append(1)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_accesslogentry DROP CONSTRAINT audit_entry_mac_unique")
    copy = {name: getattr(entry, name) for name in (*HASHED_FIELDS, "nonce", "entry_mac")}
    replayed = AccessLogEntry.objects.create(**copy)
    report = verify_chain()
    assert (report.entry_id, report.first_broken_seq, report.reason) == (
        replayed.pk,
        2,
        "a copy of another entry (the same MAC)",
    )


def test_the_database_lets_the_sealer_fill_the_three_columns_once(deferred_sealing):
    (entry,) = append(1)
    rows = AccessLogEntry.objects.filter(pk=entry.pk)
    for refused in (
        {"chain_position": 1, "previous_hash": "a" * 64},  # not all three
        {"chain_position": 1, "previous_hash": "a" * 64, "entry_hash": "b" * 64, "purpose": "x"},
        {"purpose": "changed"},
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(**refused)
    rows.update(chain_position=1, previous_hash="a" * 64, entry_hash="b" * 64)
    for refused in (
        {"chain_position": 2, "previous_hash": "c" * 64, "entry_hash": "d" * 64},  # re-seal
        {"chain_position": None, "previous_hash": None, "entry_hash": None},  # unseal
        {"purpose": "changed"},
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows.update(**refused)
    assert rows.values_list("chain_position", "purpose").get() == (1, "")


def test_the_database_refuses_to_delete_an_unsealed_entry(deferred_sealing):
    (entry,) = append(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entry.pk).delete()
    assert AccessLogEntry.objects.filter(pk=entry.pk).exists()
