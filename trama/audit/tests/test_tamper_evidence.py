"""The access log cannot be cut, forged or re-pointed without `audit_verify` noticing, and the
database itself refuses deletions (SQLite and PostgreSQL: this module runs on both)."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction
from django.test import override_settings
from django.utils import timezone

from trama.audit.chain import entry_hash, entry_mac, head_signature
from trama.audit.models import AccessLogEntry, ChainHead
from trama.audit.tests.tampering import append_sealed, execute_behind_the_apps_back
from trama.audit.verification import verify_chain

OTHER_KEY = b"not-the-key-of-this-installation-0123456789"

# The tests below cut the chain by position, filled by the sealer: `append_sealed` seals first.
_append = append_sealed


def _delete_seqs(*seqs: int) -> None:
    placeholders = ",".join(["%s"] * len(seqs))
    execute_behind_the_apps_back(
        f"DELETE FROM audit_accesslogentry WHERE chain_position IN ({placeholders})", list(seqs)
    )


@pytest.mark.django_db
def test_entries_are_numbered_without_gaps_and_the_head_names_the_last():
    entries = _append(4)
    assert [entry.chain_position for entry in entries] == [1, 2, 3, 4]
    head = ChainHead.objects.get()
    assert (head.last_seq, head.last_hash) == (4, entries[-1].entry_hash)
    assert head.signature == head_signature(4, entries[-1].entry_hash)
    assert verify_chain().ok


@pytest.mark.django_db
def test_entries_cut_from_the_tail_are_detected():
    _append(5)
    _delete_seqs(4, 5)
    report = verify_chain()
    assert not report.ok
    assert (report.first_broken_seq, report.checked) == (4, 3)
    with pytest.raises(CommandError, match="entry #4: entry missing"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_deleting_every_entry_is_detected():
    _append(3)
    execute_behind_the_apps_back("DELETE FROM audit_accesslogentry")
    report = verify_chain()
    assert not report.ok
    assert (report.first_broken_seq, report.checked) == (1, 0)
    with pytest.raises(CommandError, match="entry #1"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_middle_deletion_names_the_first_missing_entry():
    _append(6)
    _delete_seqs(3, 4)
    report = verify_chain()
    assert (report.first_broken_seq, report.checked, report.reason) == (3, 2, "entry missing")


@pytest.mark.django_db
def test_an_entry_forged_without_the_key_is_detected():
    """An attacker appends an entry and moves the head, computing both with a key of their
    own: the entry fails its keyed hash (and the head its signature)."""
    entries = _append(3)
    fields = {
        "at": timezone.now(),
        "actor_id": None,
        "actor_label": "intruso",
        "role": "",
        "action": "read",
        "object_type": "people.person",
        "object_id": "1",
        "object_repr": "",
        "purpose": "",
        "client_address": "",
        "details": {},
    }
    previous = entries[-1].entry_hash
    forged = entry_hash(previous, 4, fields, key=OTHER_KEY)
    AccessLogEntry.objects.create(
        chain_position=4,
        previous_hash=previous,
        entry_hash=forged,
        nonce="0" * 32,
        entry_mac=entry_mac("0" * 32, fields, key=OTHER_KEY),
        **fields,
    )
    ChainHead.objects.filter(pk=1).update(
        last_seq=4, last_hash=forged, signature=head_signature(4, forged, key=OTHER_KEY)
    )
    report = verify_chain()
    assert (report.first_broken_seq, report.reason) == (4, "content does not match its keyed hash")


@pytest.mark.django_db
def test_a_chain_verified_with_another_key_is_broken_from_the_first_entry():
    _append(2)
    with override_settings(TRAMA_AUDIT_KEY=OTHER_KEY.decode()):
        report = verify_chain()
    assert (report.first_broken_seq, report.checked) == (1, 0)


@pytest.mark.django_db
def test_a_tampered_head_is_detected():
    """Moving the head back to hide a cut at the tail needs its signature."""
    entries = _append(4)
    _delete_seqs(4)
    ChainHead.objects.filter(pk=1).update(last_seq=3, last_hash=entries[2].entry_hash)
    report = verify_chain()
    assert not report.ok
    assert report.reason == "the chain head does not match its signature"
    with pytest.raises(CommandError, match="chain head does not match its signature"):
        call_command("audit_verify")


@pytest.mark.django_db
def test_a_deleted_head_is_detected():
    _append(2)
    execute_behind_the_apps_back("DELETE FROM audit_chainhead")
    assert verify_chain().reason == "the chain head is missing"


@pytest.mark.django_db
def test_the_database_refuses_to_delete_entries_and_the_head():
    entries = _append(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.filter(pk=entries[0].pk).delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AccessLogEntry.objects.all().delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        ChainHead.objects.all().delete()
    assert AccessLogEntry.objects.count() == 2
    assert ChainHead.objects.filter(pk=1).exists()
    assert verify_chain().ok


@pytest.mark.django_db
def test_flush_still_empties_the_database():
    """The test runner's `flush` (TRUNCATE on PostgreSQL) is the one deletion let through."""
    _append(2)
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    assert not AccessLogEntry.objects.exists()
    assert not ChainHead.objects.exists()
    report = verify_chain()
    assert report.ok and report.checked == 0
