"""The periodic jobs (config/schedule.py), the scheduler that enqueues them and the runner
that `make run` uses to start web server, worker and scheduler together."""

import datetime
import importlib.util
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks.base import Task

from trama.core.management.commands import run_scheduler

ROOT = Path(__file__).resolve().parents[3]


def test_every_entry_names_a_task_with_valid_cron_fields():
    entries, zone = run_scheduler.load_schedule()
    assert zone == ZoneInfo("Europe/Rome")
    assert {entry.task for entry in entries} >= {
        "trama.casework.tasks.overdue_alerts",
        "trama.people.tasks.retention_run",
    }
    now = datetime.datetime(2026, 1, 15, 12, tzinfo=zone)
    for entry in entries:
        assert isinstance(import_string(entry.task), Task), entry.task
        trigger = CronTrigger(timezone=zone, **entry.cron)
        assert trigger.get_next_fire_time(None, now) is not None, entry.task
        assert entry.description.strip(), entry.task
    assert len({entry.task for entry in entries}) == len(entries)


def test_the_overdue_alerts_run_every_morning_at_half_past_seven_rome_time():
    entries, zone = run_scheduler.load_schedule()
    (alerts,) = [e for e in entries if e.task.endswith("overdue_alerts")]
    trigger = CronTrigger(timezone=zone, **alerts.cron)
    fire = trigger.get_next_fire_time(None, datetime.datetime(2026, 7, 1, 8, tzinfo=zone))
    assert fire == datetime.datetime(2026, 7, 2, 7, 30, tzinfo=zone)


def test_a_wrong_cron_field_or_task_path_fails_at_start():
    from django.core.management.base import CommandError

    zone = ZoneInfo("Europe/Rome")
    with pytest.raises(ValueError):
        CronTrigger(timezone=zone, hour="25")
    entry = run_scheduler.load_schedule()[0][0]
    with pytest.raises(CommandError):
        run_scheduler.build_triggers([entry._replace(task="django.utils.timezone.now")], zone)


@pytest.mark.django_db
def test_the_scheduler_enqueues_the_task(monkeypatch):
    calls = []
    task = import_string("trama.casework.tasks.overdue_alerts")
    monkeypatch.setattr(type(task), "enqueue", lambda self: calls.append(self.name) or _Result())
    run_scheduler.enqueue("trama.casework.tasks.overdue_alerts")
    assert calls == ["overdue_alerts"]


class _Result:
    id = "test"


def test_the_list_option_prints_the_schedule(capsys):
    call_command("run_scheduler", "--list")
    out = capsys.readouterr().out
    assert "trama.casework.tasks.overdue_alerts" in out and "hour='7'" in out


def _runner():
    spec = importlib.util.spec_from_file_location("run_all", ROOT / "tools" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_runner_stops_everything_when_one_process_stops():
    runner = _runner()
    started = time.monotonic()
    status = runner.run(
        {
            "long": [sys.executable, "-c", "import time; time.sleep(60)"],
            "short": [sys.executable, "-c", "import sys, time; time.sleep(0.5); sys.exit(3)"],
        }
    )
    assert status == 3
    assert time.monotonic() - started < 15  # the long one was stopped, not waited for


def test_make_run_uses_the_runner_and_it_starts_the_three_processes():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    run_target = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "tools/run_all.py" in run_target
    commands = _runner().trama_commands("127.0.0.1:8000")
    assert [command[2] for command in commands.values()] == [
        "runserver",
        "db_worker",
        "run_scheduler",
    ]
