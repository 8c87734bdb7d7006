"""The periodic jobs of Trama, in one place (DESIGN.md §4, "background work").

`manage.py run_scheduler` reads this list (through the setting TRAMA_SCHEDULE) and, at each
cron time, only *enqueues* the task: the worker (`manage.py db_worker`) runs it. Cron fields
are APScheduler's `CronTrigger` keywords (minute, hour, day, month, day_of_week …), read in
the consortium's time zone, SCHEDULE_TIMEZONE.
"""

from typing import NamedTuple

SCHEDULE_TIMEZONE = "Europe/Rome"


class ScheduledTask(NamedTuple):
    task: str  # dotted path of a django-tasks Task
    cron: dict[str, str]  # CronTrigger fields
    description: str


SCHEDULE: list[ScheduledTask] = [
    ScheduledTask(
        "trama.audit.tasks.seal_pending",
        {"minute": "*"},
        "Every minute: seal into the access log's chain the entries no commit has sealed yet.",
    ),
    ScheduledTask(
        "trama.casework.tasks.overdue_alerts",
        {"hour": "7", "minute": "30"},
        "Every day at 07:30: e-mail both sides about referrals that became overdue.",
    ),
    ScheduledTask(
        "trama.volunteering.tasks.visits_overdue_alert",
        {"hour": "8", "minute": "0"},
        "Every day at 08:00: e-mail the supervisors the active pairings without a recent visit.",
    ),
    ScheduledTask(
        "trama.volunteering.tasks.weekly_digest",
        {"day_of_week": "mon", "hour": "8", "minute": "15"},
        "On Mondays at 08:15: e-mail the supervisors the week of the active pairings.",
    ),
    ScheduledTask(
        "trama.housing.tasks.overdue_digest",
        {"day_of_week": "mon-fri", "hour": "7", "minute": "45"},
        "On working days at 07:45: e-mail each partner body the housing issues past a due date.",
    ),
    ScheduledTask(
        "trama.people.tasks.retention_run",
        {"day": "1", "hour": "3", "minute": "0"},
        "On the 1st of each month at 03:00: apply the retention periods to people's data.",
    ),
]
