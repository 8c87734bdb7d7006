"""Checks the access log: the chain from the first entry to the last, the last against the
head, every entry's own MAC, and that no committed entry has waited too long to be sealed.

Sealed entries are walked by position: each must carry the next number (a gap names the first
missing entry), the previous entry's hash, its own chain hash and its MAC; then the head,
itself signed, must name the last entry found (entries cut from the tail, or all of them,
leave the head pointing past the end). Entries not yet sealed must match their MAC and be
younger than `TRAMA_AUDIT_SEAL_BOUND_SECONDS`; no two entries may carry the same MAC (a copy
would be sealed like an original). Decisions 0015 and 0024.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from trama.audit.chain import (
    GENESIS_HASH,
    HASHED_FIELDS,
    audit_key,
    entry_hash,
    entry_mac,
    head_signature,
)
from trama.audit.models import AccessLogEntry, ChainHead
from trama.audit.services import access_log_seal

_COLUMNS = ("id", "chain_position", "previous_hash", "entry_hash", "nonce", "entry_mac")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    # The position of the first entry found broken or missing; None when the problem is the
    # head itself, an unsealed entry (then `entry_id` names it), or when there is none.
    first_broken_seq: int | None = None
    reason: str = ""
    entry_id: int | None = None

    @property
    def ok(self) -> bool:
        return not self.reason


def verify_chain(*, batch_size: int = 2000, seal_first: bool = True) -> ChainReport:
    """`seal_first=False` checks the log as it stands, writing nothing (a read-only copy)."""
    if seal_first:
        access_log_seal()
    with _one_snapshot():
        key = audit_key()
        report = _walk_chain(key, batch_size)
        if report.ok:
            report = _check_unsealed(report.checked, key)
        if report.ok:
            report = _check_copies(report.checked)
        return report


@contextmanager
def _one_snapshot() -> Iterator[None]:
    """On PostgreSQL every query of the check sees the same committed state, whatever sealers
    commit meanwhile; inside a caller's transaction, that transaction's view is used."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _walk_chain(key: bytes, batch_size: int) -> ChainReport:
    previous = GENESIS_HASH
    expected = 1
    checked = 0
    sealed = (
        AccessLogEntry.objects.filter(chain_position__isnull=False)
        .order_by("chain_position")
        .values(*_COLUMNS, *HASHED_FIELDS)
    )
    for row in sealed.iterator(chunk_size=batch_size):
        position = row["chain_position"]
        if position != expected:
            if position < expected:
                return ChainReport(checked, position, "sequence number out of order")
            return ChainReport(checked, expected, "entry missing")
        if row["previous_hash"] != previous:
            return ChainReport(checked, position, "previous hash does not match the entry before")
        if entry_hash(previous, position, row, key=key) != row["entry_hash"]:
            return ChainReport(checked, position, "content does not match its keyed hash")
        if entry_mac(row["nonce"], row, key=key) != row["entry_mac"]:
            return ChainReport(checked, position, "content does not match its MAC")
        previous = row["entry_hash"]
        expected += 1
        checked += 1
    return _check_head(checked, previous, key)


def _check_head(checked: int, last_hash: str, key: bytes) -> ChainReport:
    head = ChainHead.objects.filter(pk=1).values("last_seq", "last_hash", "signature").first()
    if head is None:
        if checked:
            return ChainReport(checked, None, "the chain head is missing")
        return ChainReport(0)
    if head_signature(head["last_seq"], head["last_hash"], key=key) != head["signature"]:
        return ChainReport(checked, None, "the chain head does not match its signature")
    if head["last_seq"] > checked:
        return ChainReport(
            checked,
            checked + 1,
            f"entry missing: the head names entry #{head['last_seq']} as the last",
        )
    if head["last_seq"] < checked:
        return ChainReport(
            checked, head["last_seq"] + 1, "entry after the one the head names as the last"
        )
    if head["last_hash"] != last_hash:
        return ChainReport(checked, checked, "the last entry does not match the chain head")
    return ChainReport(checked)


def _check_unsealed(checked: int, key: bytes) -> ChainReport:
    bound = settings.TRAMA_AUDIT_SEAL_BOUND_SECONDS
    oldest_allowed = timezone.now() - timedelta(seconds=bound)
    unsealed = (
        AccessLogEntry.objects.filter(chain_position__isnull=True)
        .order_by("at", "id")
        .values(*_COLUMNS, *HASHED_FIELDS)
    )
    for row in unsealed.iterator(chunk_size=2000):
        if row["previous_hash"] is not None or row["entry_hash"] is not None:
            return _unsealed(checked, row, "chain columns filled without a position")
        if entry_mac(row["nonce"], row, key=key) != row["entry_mac"]:
            return _unsealed(checked, row, "content does not match its MAC")
        if row["at"] < oldest_allowed:
            return _unsealed(checked, row, f"not sealed within {bound} seconds")
        checked += 1
    return ChainReport(checked)


def _unsealed(checked: int, row: dict, reason: str) -> ChainReport:
    return ChainReport(checked, None, f"unsealed entry: {reason}", entry_id=row["id"])


def _check_copies(checked: int) -> ChainReport:
    copied = (
        AccessLogEntry.objects.values("entry_mac")
        .annotate(copies=Count("id"))
        .filter(copies__gt=1)
        .order_by("entry_mac")
        .values_list("entry_mac", flat=True)
        .first()
    )
    if copied is None:
        return ChainReport(checked)
    _original, copy = (
        AccessLogEntry.objects.filter(entry_mac=copied)
        .order_by("id")
        .values("id", "chain_position")[:2]
    )
    return ChainReport(
        checked, copy["chain_position"], "a copy of another entry (the same MAC)", copy["id"]
    )
