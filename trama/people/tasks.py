"""People's background work, run by the task worker (`manage.py db_worker`) and enqueued by
the scheduler (`config/schedule.py`)."""

from django_tasks import task

from trama.people import privacy


@task()
def retention_run() -> int:
    """Anonymise the people with no activity for `settings.TRAMA_RETENTION_YEARS`; the count."""
    return privacy.retention_anonymise_inactive()
