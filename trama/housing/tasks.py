"""Housing's background work, run by the task worker and enqueued by the scheduler
(`config/schedule.py`)."""

from django_tasks import task

from trama.housing import services


@task()
def overdue_digest() -> int:
    """Daily: each partner body's members get the list of their overdue issues."""
    return services.overdue_digest_send()
