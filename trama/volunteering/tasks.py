"""Mi affido a te's background work, run by the task worker and enqueued by the scheduler
(`config/schedule.py`)."""

from django_tasks import task

from trama.volunteering import services


@task()
def visits_overdue_alert() -> int:
    """Daily: the supervisors hear of the active pairings without a recent visit."""
    return services.visits_overdue_alert_send()


@task()
def weekly_digest() -> int:
    """Mondays: each supervisor gets the week of the active pairings."""
    return services.weekly_digest_send()
