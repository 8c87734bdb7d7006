"""The scheduler process: enqueues the periodic tasks of the schedule at their cron times.

It runs nothing itself (the worker, `manage.py db_worker`, does), so it stays small and a
slow job never delays the next one. The schedule is the list named by the setting
TRAMA_SCHEDULE (config/schedule.py); the core names tasks by dotted path only, so it imports
none of the apps above it."""

import logging
import signal
from zoneinfo import ZoneInfo

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils.module_loading import import_string

logger = logging.getLogger("trama.scheduler")

# A job missed while the scheduler was down still runs if it restarts within this many seconds.
MISFIRE_GRACE_SECONDS = 3600


def load_schedule() -> tuple[list, ZoneInfo]:
    """The schedule's entries and its time zone, from the setting TRAMA_SCHEDULE."""
    module_path = settings.TRAMA_SCHEDULE
    entries = import_string(f"{module_path}.SCHEDULE")
    zone = ZoneInfo(import_string(f"{module_path}.SCHEDULE_TIMEZONE"))
    return list(entries), zone


def build_triggers(entries, zone: ZoneInfo) -> list[tuple[object, CronTrigger]]:
    """Each entry's task (imported: a wrong path fails at start, not at 07:30) and trigger."""
    built = []
    for entry in entries:
        task = import_string(entry.task)
        if not callable(getattr(task, "enqueue", None)):
            raise CommandError(f"{entry.task} is not a task (decorate it with @task()).")
        built.append((task, CronTrigger(timezone=zone, **entry.cron)))
    return built


def enqueue(task_path: str) -> None:
    close_old_connections()
    try:
        result = import_string(task_path).enqueue()
        logger.info("enqueued %s (%s)", task_path, result.id)
    finally:
        close_old_connections()


class Command(BaseCommand):
    help = "Enqueue Trama's periodic tasks at their times (the schedule is config/schedule.py)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--list", action="store_true", help="print the schedule with the next run times"
        )

    def handle(self, *args, **options):
        entries, zone = load_schedule()
        triggers = build_triggers(entries, zone)
        if options["list"]:
            for entry, (_task, trigger) in zip(entries, triggers, strict=True):
                self.stdout.write(f"{entry.task}  {trigger}  — {entry.description}")
            return
        scheduler = BlockingScheduler(timezone=zone)
        for entry, (_task, trigger) in zip(entries, triggers, strict=True):
            scheduler.add_job(
                enqueue,
                trigger,
                args=[entry.task],
                id=entry.task,
                name=entry.description,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=MISFIRE_GRACE_SECONDS,
            )
        # SIGTERM (from tools/run_all.py or a service manager) stops it as Ctrl+C does.
        signal.signal(signal.SIGTERM, lambda *_args: scheduler.shutdown(wait=False))
        self.stdout.write(f"Scheduler started ({len(entries)} jobs, {zone}). Ctrl+C stops it.")
        self.stdout.flush()
        try:
            scheduler.start()
        except (KeyboardInterrupt, SystemExit):
            if scheduler.running:
                scheduler.shutdown(wait=False)
