"""Casework's background work, run by the task worker (`manage.py db_worker`) and enqueued
by the scheduler (`config/schedule.py`)."""

from django_tasks import task

from trama.casework import services


@task()
def overdue_alerts() -> int:
    """Daily: tell both sides about the referrals that became overdue since the last run."""
    return services.overdue_alerts_send()
