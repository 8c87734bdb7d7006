#!/usr/bin/env python3
"""`make run`: the web server, the task worker and the scheduler together.

Each runs in its own process group; Ctrl+C (SIGINT) or SIGTERM to this runner is passed to
all three, and when one of them stops the others are stopped too, so that Trama never runs
half-way (a web server without its worker, say). Exit status: that of the first process to
stop (1 when that was 0: none of them should stop on its own), or 0 after Ctrl+C or SIGTERM.

    python tools/run_all.py [--addr 127.0.0.1:8000]
    python tools/run_all.py --production   # `make serve`: gunicorn instead of runserver

With --production the web server is gunicorn with config/gunicorn.py (its address from
GUNICORN_BIND, or --addr when given); the settings module is then the environment's
DJANGO_SETTINGS_MODULE (config.settings.production under `make serve`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2


def trama_commands(addr: str, production: bool = False) -> dict[str, list[str]]:
    manage = [sys.executable, str(ROOT / "manage.py")]
    if production:
        web = [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "config" / "gunicorn.py")]
        if addr:
            web += ["--bind", addr]
    else:
        web = [*manage, "runserver", addr or "127.0.0.1:8000"]
    return {
        "web": web,
        "worker": [*manage, "db_worker"],
        "scheduler": [*manage, "run_scheduler"],
    }


def _signal_group(process: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)


def _stop_all(processes: dict[str, subprocess.Popen], sig: int) -> None:
    for process in processes.values():
        if process.poll() is None:
            _signal_group(process, sig)
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


def run(commands: dict[str, list[str]]) -> int:
    """Start every command, wait until one stops or a signal arrives, stop them all."""
    received: list[int] = []

    def on_signal(signum, _frame) -> None:
        received.append(signum)

    previous = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    processes: dict[str, subprocess.Popen] = {}
    try:
        for name, command in commands.items():
            # A group of its own: the terminal's Ctrl+C reaches only this runner, which then
            # stops each process with its children (runserver's autoreloader has one).
            processes[name] = subprocess.Popen(  # noqa: S603 (our own fixed commands)
                command, cwd=ROOT, start_new_session=True
            )
        status = 0
        while not received:
            stopped = [(n, p.returncode) for n, p in processes.items() if p.poll() is not None]
            if stopped:
                name, status = stopped[0]
                print(f"run_all: {name} stopped (status {status}); stopping the others.")
                break
            time.sleep(POLL_SECONDS)
        _stop_all(processes, received[0] if received else signal.SIGTERM)
        return 0 if received else (status or 1)
    finally:
        for process in processes.values():
            if process.poll() is None:
                _signal_group(process, signal.SIGKILL)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addr", default="", help="the web server's address")
    parser.add_argument(
        "--production", action="store_true", help="serve with gunicorn (config/gunicorn.py)"
    )
    args = parser.parse_args(argv)
    return run(trama_commands(args.addr, production=args.production))


if __name__ == "__main__":
    sys.exit(main())
