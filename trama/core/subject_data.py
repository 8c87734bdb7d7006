"""Who else holds data about a person: the registry behind the data-subject rights.

`people` exports and erases a person, but the sessions, referrals, plans… of higher apps
hold free text about them too, and `people` may not import those apps. Each of them
registers a `Provider` here from its AppConfig.ready(); `people.privacy` asks every provider
for its part of an export, for an erasure, and for the person's last activity (retention).

Most providers only need to say which rows are about the person, which fields to export,
which to blank and which dates count as activity: `ModelData` + `model_provider` turn that
description into a provider. See docs/decisions/0005-subject-data-registry.md.
"""

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import Max
from django.utils import timezone

Row = dict[str, Any]
# A section's key → (title, {field: label}), for the human-readable (PDF) export.
Labels = dict[str, tuple[str, dict[str, str]]]


def _no_activity(person_ids: Sequence[int]) -> dict[int, datetime.date]:
    return {}


def _no_labels() -> Labels:
    return {}


@dataclass(frozen=True)
class Provider:
    """One app's part of a person's data.

    - `export(person_id)`: the app's sections of the export, `{section: [row, …]}`, JSON-safe.
    - `erase(person_id)`: blank the free text and identifying fields, keep the rows (so every
      count stays the same). Runs inside the erasure's transaction.
    - `last_activity(person_ids)`: the latest date something happened to each person in the
      app (people without activity there are left out).
    - `labels()`: each section's title and field labels, for the readable export.
    """

    key: str
    export: Callable[[int], dict[str, list[Row]]]
    erase: Callable[[int], None]
    last_activity: Callable[[Sequence[int]], dict[int, datetime.date]] = _no_activity
    labels: Callable[[], Labels] = _no_labels


_providers: dict[str, Provider] = {}


def register(provider: Provider) -> None:
    """Add (or replace, same key) a provider; call it from AppConfig.ready()."""
    _providers[provider.key] = provider


def providers() -> tuple[Provider, ...]:
    return tuple(_providers[key] for key in sorted(_providers))


def export_all(person_id: int) -> dict[str, dict[str, list[Row]]]:
    return {provider.key: provider.export(person_id) for provider in providers()}


def erase_all(person_id: int) -> None:
    for provider in providers():
        provider.erase(person_id)


def labels_all() -> Labels:
    merged: Labels = {}
    for provider in providers():
        merged.update(provider.labels())
    return merged


def latest(*dates: datetime.date | datetime.datetime | None) -> datetime.date | None:
    """The latest of some dates or datetimes, as a local date (None when there is none)."""
    days = [
        timezone.localdate(d) if isinstance(d, datetime.datetime) else d
        for d in dates
        if d is not None
    ]
    return max(days) if days else None


def last_activity_all(person_ids: Sequence[int]) -> dict[int, datetime.date]:
    """The latest activity date per person over every provider."""
    merged: dict[int, datetime.date] = {}
    for provider in providers():
        for person_id, day in provider.last_activity(person_ids).items():
            merged[person_id] = latest(merged.get(person_id), day)
    return merged


# Building a provider from a description of the models ------------------------------------


@dataclass(frozen=True)
class ModelData:
    """The rows of `model` about a person and what to do with them.

    `person` is the lookup from the model to the person (`"person"`, `"referral__person"`);
    `export` the fields exported (the id always is); `erase` the value each field takes on
    erasure (a constant or a query expression); `activity` the date fields that count as the
    person's activity; `key` the export section's name (default: the model's name)."""

    model: type[models.Model]
    person: str
    export: tuple[str, ...]
    erase: Mapping[str, Any] = field(default_factory=dict)
    activity: tuple[str, ...] = ()
    key: str = ""

    @property
    def section(self) -> str:
        return self.key or self.model._meta.model_name

    def rows_of(self, person_ids: Iterable[int]):
        return self.model._default_manager.filter(**{f"{self.person}__in": list(person_ids)})


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def exported_value(obj: models.Model, name: str) -> Any:
    model_field = obj._meta.get_field(name)
    if model_field.many_to_many:
        return sorted(str(related) for related in getattr(obj, name).all())
    if model_field.is_relation:
        related = getattr(obj, name)
        return str(related) if related is not None else None
    if model_field.choices:
        value = getattr(obj, name)
        return str(getattr(obj, f"get_{name}_display")()) if value not in ("", None) else value
    return _plain(getattr(obj, name))


def model_rows(part: ModelData, person_id: int) -> list[Row]:
    fields = [part.model._meta.get_field(name) for name in part.export]
    related = [f.name for f in fields if f.is_relation and not f.many_to_many]
    many = [f.name for f in fields if f.many_to_many]
    queryset = part.rows_of([person_id]).select_related(*related).prefetch_related(*many)
    return [
        {"id": obj.pk, **{name: exported_value(obj, name) for name in part.export}}
        for obj in queryset.order_by("pk")
    ]


def model_labels(part: ModelData) -> tuple[str, dict[str, str]]:
    meta = part.model._meta
    labels = {"id": str(meta.pk.verbose_name)}
    labels.update({name: str(meta.get_field(name).verbose_name) for name in part.export})
    return str(meta.verbose_name_plural), labels


def model_provider(key: str, parts: Sequence[ModelData]) -> Provider:
    """A provider exporting, erasing and dating the rows that `parts` describe."""

    def export(person_id: int) -> dict[str, list[Row]]:
        return {part.section: model_rows(part, person_id) for part in parts}

    def erase(person_id: int) -> None:
        for part in parts:
            if part.erase:
                # update(): the rows stay (counts unchanged), only the text goes.
                part.rows_of([person_id]).update(**part.erase)

    def last_activity(person_ids: Sequence[int]) -> dict[int, datetime.date]:
        found: dict[int, datetime.date] = {}
        for part in parts:
            if not part.activity:
                continue
            latest_by_field = {f"last_{name}": Max(name) for name in part.activity}
            rows = part.rows_of(person_ids).values(part.person).annotate(**latest_by_field)
            for row in rows.order_by():
                person_id = row[part.person]
                dates = (row[f"last_{name}"] for name in part.activity)
                found[person_id] = latest(found.get(person_id), *dates)
        return found

    def labels() -> Labels:
        return {part.section: model_labels(part) for part in parts}

    return Provider(key=key, export=export, erase=erase, last_activity=last_activity, labels=labels)
