"""Background imports (decision 0017): the rows of a confirmed import wait in an
`ImportBatch` until the task worker runs them; the app that owns the data supplies the run."""

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone

from trama.core.models import ImportBatch, ImportStatus


@transaction.atomic
def import_batch_create(
    *,
    actor,
    kind: str,
    source: str,
    rows: Sequence[Mapping[str, str]],
    line_numbers: Sequence[int],
    labels: Mapping[str, str],
) -> ImportBatch:
    return ImportBatch.objects.create(
        kind=kind,
        source=source[:300],
        created_by=actor,
        total=len(rows),
        payload={"rows": list(rows), "line_numbers": list(line_numbers), "labels": dict(labels)},
    )


def import_batch_progress(*, batch: ImportBatch, processed: int) -> None:
    """Record how far the run is; committed at once so the status page sees it (the run
    itself holds no transaction open while it checks)."""
    batch.processed = processed
    ImportBatch.objects.filter(pk=batch.pk).update(status=ImportStatus.RUNNING, processed=processed)


def import_batch_finish(
    *,
    batch: ImportBatch,
    status: str,
    message: str,
    created_count: int = 0,
    errors: Sequence[Sequence[object]] = (),
) -> None:
    batch.status = status
    batch.message = message
    batch.created_count = created_count
    batch.errors = [list(e) for e in errors]
    batch.finished_at = timezone.now()
    batch.payload = {}
    if status == ImportStatus.DONE:
        batch.processed = batch.total
    batch.save()


def import_batch_recent(*, user, kind: str, limit: int = 5) -> list[ImportBatch]:
    """`user`'s latest batches of `kind`, so the import page can lead back to them."""
    return list(ImportBatch.objects.filter(kind=kind, created_by=user).defer("payload")[:limit])
