"""The access log's background work, run by the task worker (`manage.py db_worker`) and
enqueued by the scheduler (`config/schedule.py`)."""

from django_tasks import task

from trama.audit import services


@task()
def seal_pending() -> int:
    """Every minute: chain the entries that no sealer after a commit took (it found the head
    busy at a quiet moment, or its process stopped); how many."""
    return services.access_log_seal()
