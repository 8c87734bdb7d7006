"""Checks the access log from the first entry to the last, and the last against the head.

Entries are walked by sequence number: each must carry the next number (a gap names the
first missing entry), the previous entry's hash and its own keyed hash; then the head,
itself signed, must name the last entry found (entries cut from the tail, or all of them,
leave the head pointing past the end).
"""

from dataclasses import dataclass

from trama.audit.chain import GENESIS_HASH, HASHED_FIELDS, audit_key, entry_hash, head_signature
from trama.audit.models import AccessLogEntry, ChainHead


@dataclass(frozen=True)
class ChainReport:
    checked: int
    # The sequence number of the first entry found broken or missing; None when the problem
    # is the head itself (or when there is none).
    first_broken_seq: int | None = None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return not self.reason


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    key = audit_key()
    previous = GENESIS_HASH
    expected_seq = 1
    checked = 0
    entries = AccessLogEntry.objects.order_by("seq").values(
        "seq", "previous_hash", "entry_hash", *HASHED_FIELDS
    )
    for row in entries.iterator(chunk_size=batch_size):
        seq = row["seq"]
        if seq != expected_seq:
            if seq < expected_seq:
                return ChainReport(checked, seq, "sequence number out of order")
            return ChainReport(checked, expected_seq, "entry missing")
        if row["previous_hash"] != previous:
            return ChainReport(checked, seq, "previous hash does not match the entry before")
        if entry_hash(previous, seq, row, key=key) != row["entry_hash"]:
            return ChainReport(checked, seq, "content does not match its keyed hash")
        previous = row["entry_hash"]
        expected_seq += 1
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
