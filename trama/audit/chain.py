"""The hash chain of the access log: how an entry's hash is computed."""

import hashlib
import json

GENESIS_HASH = "0" * 64

HASHED_FIELDS = (
    "at",
    "actor_id",
    "actor_label",
    "role",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "purpose",
    "client_address",
    "details",
)


def entry_hash(previous_hash: str, fields: dict) -> str:
    """SHA-256 of the previous hash and a canonical JSON of the entry's fields."""
    canonical = {name: fields[name] for name in HASHED_FIELDS}
    canonical["at"] = fields["at"].isoformat(timespec="microseconds")
    payload = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((previous_hash + payload).encode("utf-8")).hexdigest()
