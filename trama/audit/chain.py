"""The hash chain of the access log: how an entry's hash and the head's signature are computed.

Both are HMAC-SHA256 with the key `settings.TRAMA_AUDIT_KEY`, which lives outside the
database (docs/decisions/0015-keyed-access-log-chain.md): someone who can write the database
but does not hold the key cannot recompute the chain after changing, removing or adding an
entry, nor move the head to hide a cut at the tail.
"""

import hashlib
import hmac
import json

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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


def audit_key() -> bytes:
    key = getattr(settings, "TRAMA_AUDIT_KEY", "") or ""
    if not key:
        raise ImproperlyConfigured(
            "TRAMA_AUDIT_KEY is not set: the access log cannot be written or verified "
            "without its key (see docs/deploy.md)."
        )
    return key.encode("utf-8")


def _mac(message: str, key: bytes | None) -> str:
    return hmac.new(key or audit_key(), message.encode("utf-8"), hashlib.sha256).hexdigest()


def canonical_payload(fields: dict) -> str:
    """The entry's hashed fields as canonical JSON (sorted keys, time to the microsecond)."""
    canonical = {name: fields[name] for name in HASHED_FIELDS}
    canonical["at"] = fields["at"].isoformat(timespec="microseconds")
    return json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(previous_hash: str, seq: int, fields: dict, *, key: bytes | None = None) -> str:
    """HMAC of the entry's sequence number, the previous entry's hash and its fields."""
    return _mac(f"entry\n{seq}\n{previous_hash}\n{canonical_payload(fields)}", key)


def head_signature(last_seq: int, last_hash: str, *, key: bytes | None = None) -> str:
    """HMAC of what the head claims: the last sequence number and the last entry's hash."""
    return _mac(f"head\n{last_seq}\n{last_hash}", key)
