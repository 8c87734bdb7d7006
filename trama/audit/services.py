"""The only way to write the access log."""

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from trama.audit import context
from trama.audit.chain import GENESIS_HASH, entry_hash, head_signature
from trama.audit.models import AccessLogEntry, Action, ChainHead


def _describe_actor(actor) -> tuple[int | None, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", ""
    roles = getattr(actor, "active_role_names", None)
    role = ",".join(roles()) if callable(roles) else ""
    return actor.pk, actor.get_username(), role


@transaction.atomic
def access_log_append(
    *,
    actor,
    action: Action | str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    purpose: str = "",
    role: str | None = None,
    details: dict[str, Any] | None = None,
) -> AccessLogEntry:
    """Append one entry to the chain. Called by every service that reads a protected record,
    changes data, exports or grants."""
    fields = _entry_fields(
        actor, action, obj, object_type, object_id, object_repr, purpose, role, details
    )
    return _chain([fields])[0]


@transaction.atomic
def access_log_append_many(
    *, actor, action: Action | str, objects: list[tuple[models.Model, dict[str, Any]]]
) -> list[AccessLogEntry]:
    """One entry per (object, details), chained in order, in a constant number of queries
    (one lock of the head, one insert, one head update): for steps that change many records
    at once, each of which must still have its own entry."""
    rows = [
        _entry_fields(actor, action, obj, "", "", "", "", None, details) for obj, details in objects
    ]
    return _chain(rows) if rows else []


def _entry_fields(
    actor, action, obj, object_type, object_id, object_repr, purpose, role, details
) -> dict[str, Any]:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    actor_id, actor_label, actor_roles = _describe_actor(actor)
    return {
        "at": timezone.now(),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "role": role if role is not None else actor_roles,
        "action": str(action),
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr[:300],
        "purpose": purpose[:300],
        "client_address": context.client_address.get(),
        "details": details or {},
    }


def _chain(rows: list[dict[str, Any]]) -> list[AccessLogEntry]:
    """Append `rows` after the head, each hashed with the one before, under the head's lock."""
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    entries = []
    previous, seq = head.last_hash, head.last_seq
    for fields in rows:
        seq += 1
        digest = entry_hash(previous, seq, fields)
        entries.append(AccessLogEntry(seq=seq, previous_hash=previous, entry_hash=digest, **fields))
        previous = digest
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AccessLogEntry.objects.bulk_create(entries)
    ChainHead.objects.filter(pk=1).update(
        last_hash=previous, last_seq=seq, signature=head_signature(seq, previous)
    )
    return entries
