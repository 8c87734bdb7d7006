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
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)[:300]
    actor_id, actor_label, actor_roles = _describe_actor(actor)
    head, _created = ChainHead.objects.select_for_update().get_or_create(
        pk=1, defaults={"last_hash": GENESIS_HASH}
    )
    fields = {
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
    seq = head.last_seq + 1
    digest = entry_hash(head.last_hash, seq, fields)
    entry = AccessLogEntry.objects.create(
        seq=seq, previous_hash=head.last_hash, entry_hash=digest, **fields
    )
    ChainHead.objects.filter(pk=1).update(
        last_hash=digest, last_seq=seq, signature=head_signature(seq, digest)
    )
    return entry
