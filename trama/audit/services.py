"""The only way to write the access log: appending entries, and sealing them into the chain.

An append inserts the entry with its own keyed MAC and its chain columns empty: it reads and
locks nothing shared, so writers of unrelated records never queue behind one another. The
sealer chains committed entries afterwards, under the head's lock, in one short transaction
(docs/decisions/0024-audit-without-a-global-lock.md). On a database without SKIP LOCKED
(SQLite, which has one writer anyway) the append seals inline, in its own transaction.
"""

import logging
import secrets
import threading
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from trama.audit import context
from trama.audit.chain import GENESIS_HASH, HASHED_FIELDS, entry_hash, entry_mac, head_signature
from trama.audit.models import AccessLogEntry, Action, ChainHead

logger = logging.getLogger("trama.audit")

# Entries chained per sealing transaction: the head stays locked for milliseconds, not for
# as long as a backlog takes.
SEAL_BATCH = 500

# One sealer at a time per process is enough: another thread would only find the head taken.
_sealing_here = threading.Lock()


def _describe_actor(actor) -> tuple[int | None, str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None, "", ""
    roles = getattr(actor, "active_role_names", None)
    role = ",".join(roles()) if callable(roles) else ""
    return actor.pk, actor.get_username(), role


@transaction.atomic(savepoint=False)
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
    """Append one entry to the log. Called by every service that reads a protected record,
    changes data, exports or grants."""
    fields = _entry_fields(
        actor, action, obj, object_type, object_id, object_repr, purpose, role, details
    )
    return _record([fields])[0]


@transaction.atomic(savepoint=False)
def access_log_append_many(
    *, actor, action: Action | str, objects: list[tuple[models.Model, dict[str, Any]]]
) -> list[AccessLogEntry]:
    """One entry per (object, details), in a constant number of queries (one insert; on
    SQLite also the head's read and update): for steps that change many records at once, each
    of which must still have its own entry."""
    rows = [
        _entry_fields(actor, action, obj, "", "", "", "", None, details) for obj, details in objects
    ]
    return _record(rows) if rows else []


def access_log_seal() -> int:
    """Chain the committed entries not yet sealed, oldest first (`at`, then id); how many.

    Returns at once when another sealer holds the head: that one, or the next, will take
    these entries too. Runs after every transaction that appended, every minute from the
    scheduler and before `audit_verify`."""
    sealed = 0
    while True:
        with transaction.atomic():
            head = _take_head()
            if head is None:
                return sealed
            pending = list(
                AccessLogEntry.objects.filter(chain_position__isnull=True)
                .order_by("at", "id")
                .values("id", *HASHED_FIELDS)[:SEAL_BATCH]
            )
            if not pending:
                return sealed
            links = _link(head, pending)
            _fill_chain_columns(pending, links)
            _move_head(links[-1])
        sealed += len(pending)


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


def _record(rows: list[dict[str, Any]]) -> list[AccessLogEntry]:
    entries = []
    for fields in rows:
        nonce = secrets.token_hex(16)
        entries.append(AccessLogEntry(nonce=nonce, entry_mac=entry_mac(nonce, fields), **fields))
    if not _seals_inline():
        _insert(entries)
        _seal_after_commit()
        return entries
    head = _take_head()
    if head is None:  # left unsealed; verification reports the head, then these entries
        _insert(entries)
        return entries
    links = _link(head, rows)
    for entry, link in zip(entries, links, strict=True):
        for column, value in link.items():
            setattr(entry, column, value)
    _insert(entries)
    _move_head(links[-1])
    return entries


def _seals_inline() -> bool:
    """Without SKIP LOCKED (SQLite, one writer at a time anyway) the append chains its entries
    itself, in its own transaction, as before decision 0024."""
    return not connection.features.has_select_for_update_skip_locked


def _insert(entries: list[AccessLogEntry]) -> None:
    if len(entries) == 1:
        entries[0].save(force_insert=True)
    else:
        AccessLogEntry.objects.bulk_create(entries)


def _seal_after_commit() -> None:
    """Seal once after the commit of this transaction, however many entries it appended.
    Robust: the user's transaction has committed by then, and a sealer that fails leaves its
    entries to the next one (verification reports them if none does within the bound)."""
    if not any(callback is _seal_now for _ids, callback, _robust in connection.run_on_commit):
        transaction.on_commit(_seal_now, robust=True)


def _seal_now() -> None:
    if not _sealing_here.acquire(blocking=False):
        return  # a thread of this process is sealing: it takes these entries too, or the next
    try:
        access_log_seal()
    finally:
        _sealing_here.release()


def _take_head() -> ChainHead | None:
    """The head, locked until the end of the transaction; None when another sealer holds it,
    or when it cannot be built on (missing with sealed entries, or its signature broken:
    chaining after it would launder the damage, so the entries wait and `audit_verify` says
    why)."""
    locked = ChainHead.objects.select_for_update(skip_locked=True).filter(pk=1)
    head = locked.first()
    if head is None:
        if (
            connection.features.has_select_for_update_skip_locked
            and ChainHead.objects.filter(pk=1).exists()
        ):
            return None  # another sealer holds it
        if AccessLogEntry.objects.filter(chain_position__isnull=False).exists():
            logger.error("The access log's chain head is missing: nothing sealed (audit_verify).")
            return None
        ChainHead.objects.bulk_create(
            [ChainHead(pk=1, **_head_columns(0, GENESIS_HASH))], ignore_conflicts=True
        )
        head = locked.first()
        if head is None:
            return None  # created meanwhile by another sealer, which holds it
    if head.signature != head_signature(head.last_seq, head.last_hash):
        logger.error("The access log's chain head fails its signature: nothing sealed.")
        return None
    return head


def _link(head: ChainHead, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The chain columns of `rows`, in order, after the head: position, previous, hash."""
    links = []
    previous, position = head.last_hash, head.last_seq
    for fields in rows:
        position += 1
        digest = entry_hash(previous, position, fields)
        links.append({"chain_position": position, "previous_hash": previous, "entry_hash": digest})
        previous = digest
    return links


def _fill_chain_columns(rows: list[dict[str, Any]], links: list[dict[str, Any]]) -> None:
    """One UPDATE per entry, sent as one batch: cheaper to build than a CASE per column."""
    sql = (
        f"UPDATE {AccessLogEntry._meta.db_table} "  # noqa: S608 (the table's own name)
        "SET chain_position = %s, previous_hash = %s, entry_hash = %s WHERE id = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                (link["chain_position"], link["previous_hash"], link["entry_hash"], row["id"])
                for row, link in zip(rows, links, strict=True)
            ],
        )


def _head_columns(position: int, last_hash: str) -> dict[str, Any]:
    return {
        "last_seq": position,
        "last_hash": last_hash,
        "signature": head_signature(position, last_hash),
    }


def _move_head(last: dict[str, Any]) -> None:
    ChainHead.objects.filter(pk=1).update(
        **_head_columns(last["chain_position"], last["entry_hash"])
    )
