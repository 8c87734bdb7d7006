"""The keys of the access log: an entry's own MAC, its chain hash and the head's signature.

All are HMAC-SHA256 with the key `settings.TRAMA_AUDIT_KEY`, which lives outside the
database (docs/decisions/0015-keyed-access-log-chain.md): someone who can write the database
but does not hold the key cannot forge or change an entry (its MAC, written at insert), nor
recompute the chain after changing, removing or adding a sealed entry, nor move the head to
hide a cut at the tail (docs/decisions/0024-audit-without-a-global-lock.md).
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


def entry_mac(nonce: str, fields: dict, *, key: bytes | None = None) -> str:
    """The entry's own MAC, written at insert: its random nonce and its fields. The nonce makes
    two honest entries differ even when written in the same microsecond, so two entries with
    one MAC can only be a copy."""
    return _mac(f"entry-mac\n{nonce}\n{canonical_payload(fields)}", key)


def entry_hash(previous_hash: str, position: int, fields: dict, *, key: bytes | None = None) -> str:
    """The chain hash given at sealing: HMAC of the entry's position in the chain, the previous
    entry's hash and its fields (0015's formula, so entries sealed before 0024 stay valid)."""
    return _mac(f"entry\n{position}\n{previous_hash}\n{canonical_payload(fields)}", key)


def head_signature(last_seq: int, last_hash: str, *, key: bytes | None = None) -> str:
    """HMAC of what the head claims: the last sequence number and the last entry's hash."""
    return _mac(f"head\n{last_seq}\n{last_hash}", key)
