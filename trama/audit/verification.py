"""Checks the access log's hash chain from the first entry to the last."""

from dataclasses import dataclass

from trama.audit.chain import GENESIS_HASH, HASHED_FIELDS, entry_hash
from trama.audit.models import AccessLogEntry


@dataclass(frozen=True)
class ChainReport:
    checked: int
    first_broken_id: int | None
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.first_broken_id is None


def verify_chain(*, batch_size: int = 2000) -> ChainReport:
    previous = GENESIS_HASH
    checked = 0
    entries = AccessLogEntry.objects.order_by("id").values(
        "id", "previous_hash", "entry_hash", *HASHED_FIELDS
    )
    for row in entries.iterator(chunk_size=batch_size):
        if row["previous_hash"] != previous:
            return ChainReport(checked, row["id"], "previous hash does not match the entry before")
        if entry_hash(previous, row) != row["entry_hash"]:
            return ChainReport(checked, row["id"], "content does not match its hash")
        previous = row["entry_hash"]
        checked += 1
    return ChainReport(checked, None)
