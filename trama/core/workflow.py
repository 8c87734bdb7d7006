"""State machines, one way for every app (DESIGN.md §3, decision 0007): each workflow is a
table of allowed moves with the states' labels, and every move goes through `move`, which
checks the table on the locked row, updates state and version, and announces the step with
`state_changed` — the access log records it (trama/audit/receivers.py), so no move can
forget its entry.

The core does not import the audit app: the signal is how a move reaches the log.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone
from django.utils.functional import Promise

from trama.core.errors import DomainError

# Sent inside the transaction of every move: sender is the model; kwargs `instance` (the
# refreshed row), `actor`, `previous`, `target`, `details` (what the log entry records),
# `object_repr` (how the entry names the row, or None for its str()).
state_changed = Signal()
# Sent by `move_many`: sender is the model; kwargs `actor`, `moves` (a list of (instance,
# details), one access-log entry each).
states_changed = Signal()

Row = TypeVar("Row", bound=models.Model)


@dataclass(frozen=True)
class Workflow:
    """The allowed moves between the states of one model's `state` field."""

    states: type[models.TextChoices]
    transitions: Mapping[str, frozenset[str]]
    # "From “%(current)s” a … cannot move to “%(target)s”.", lazily translated.
    refusal: Promise
    final: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        unknown = (set(self.transitions) | set().union(*self.transitions.values())) - set(
            self.states.values
        )
        if unknown or set(self.transitions) != set(self.states.values):
            raise ValueError(f"transition table and states disagree: {sorted(unknown)}")
        final = frozenset(state for state, following in self.transitions.items() if not following)
        object.__setattr__(self, "final", final)

    def label(self, state: str) -> str:
        return str(dict(self.states.choices).get(state, state))

    def allowed_next(self, state: str) -> frozenset[str]:
        return self.transitions.get(state, frozenset())

    def can_move(self, current: str, target: str) -> bool:
        return target in self.allowed_next(current)

    def check(self, current: str, target: str) -> None:
        """DomainError, in the user's language, when `target` cannot follow `current`."""
        if not self.can_move(current, target):
            raise DomainError(
                str(self.refusal) % {"current": self.label(current), "target": self.label(target)},
                code="invalid_transition",
            )


def _in_transaction() -> bool:
    return connection.in_atomic_block


def lock(queryset: models.QuerySet[Row] | type[Row], pk: Any) -> Row:
    """The row, locked until the transaction ends (the caller's checks then read a state
    nobody else can change under them)."""
    manager = queryset.objects if isinstance(queryset, type) else queryset
    return manager.select_for_update().get(pk=pk)


def move(
    workflow: Workflow,
    current: Row,
    target: str,
    *,
    actor: Any,
    changes: Mapping[str, Any] | None = None,
    details: Mapping[str, Any] | None = None,
    object_repr: str | None = None,
) -> Row:
    """Move a row locked by `lock` in this transaction to `target`: checked against the
    table (nothing changes when refused), state, version (when the model has one),
    `updated_at` (when it has one) and `changes` written in one UPDATE, the row refreshed,
    the step announced for the access log. Returns the refreshed row."""
    if not _in_transaction():
        raise RuntimeError("move() needs the transaction that locked the row")
    previous = current.state
    workflow.check(previous, target)
    model = type(current)
    names = {f.name for f in model._meta.concrete_fields}
    values: dict[str, Any] = {"state": target, **(changes or {})}
    if "version" in names:
        values["version"] = F("version") + 1
    if "updated_at" in names and "updated_at" not in values:
        values["updated_at"] = timezone.now()
    model._default_manager.filter(pk=current.pk).update(**values)
    current.refresh_from_db()
    state_changed.send(
        sender=model,
        instance=current,
        actor=actor,
        previous=previous,
        target=target,
        details=dict(details or {}),
        object_repr=object_repr,
    )
    return current


def move_many(
    workflow: Workflow,
    rows: list[Row],
    targets: Mapping[Any, str],
    *,
    actor: Any,
    changes: Mapping[Any, Mapping[str, Any]] | None = None,
    details: Mapping[Any, Mapping[str, Any]] | None = None,
    through: str | None = None,
) -> list[Row]:
    """`move` for many rows locked by `lock_many`, in a constant number of queries: every
    move is checked first (one refused, none is made), the rows are written in one bulk
    UPDATE, and each gets its own access-log entry. `through` names a state each row passes
    on its way (checked both ways: previous → through → target), for a step that makes two
    moves at once. `targets`, `changes` and `details` are keyed by primary key."""
    if not _in_transaction():
        raise RuntimeError("move_many() needs the transaction that locked the rows")
    for row in rows:
        if through is None:
            workflow.check(row.state, targets[row.pk])
        else:
            workflow.check(row.state, through)
            workflow.check(through, targets[row.pk])
    if not rows:
        return rows
    model = type(rows[0])
    names = {f.name for f in model._meta.concrete_fields}
    fields = {"state"}
    now = timezone.now()
    previous = {row.pk: row.state for row in rows}
    for row in rows:
        row.state = targets[row.pk]
        for name, value in ((changes or {}).get(row.pk) or {}).items():
            setattr(row, name, value)
            fields.add(name)
        if "version" in names:
            row.version += 1
            fields.add("version")
        if "updated_at" in names:
            row.updated_at = now
            fields.add("updated_at")
    model._default_manager.bulk_update(rows, sorted(fields), batch_size=500)
    states_changed.send(
        sender=model,
        actor=actor,
        moves=[
            (
                row,
                {
                    "previous": previous[row.pk],
                    **({"through": through} if through else {}),
                    "state": row.state,
                    **((details or {}).get(row.pk) or {}),
                },
            )
            for row in rows
        ],
    )
    return rows


def lock_many(queryset: models.QuerySet[Row], pks: list[Any]) -> list[Row]:
    """The rows, locked in primary-key order (two steps locking the same rows never
    deadlock), until the transaction ends."""
    return list(queryset.select_for_update().filter(pk__in=pks).order_by("pk"))


@transaction.atomic
def move_locked(
    workflow: Workflow,
    queryset: models.QuerySet[Row] | type[Row],
    pk: Any,
    target: str,
    **kwargs: Any,
) -> Row:
    """`lock` and `move` in one transaction, for steps with no check of their own."""
    return move(workflow, lock(queryset, pk), target, **kwargs)
