"""Write throughput with and without the access log: 16 concurrent writers, small transactions.

Each writer runs in its own thread with its own database connection and, for a fixed time,
commits one small write per transaction (a session row, a table every deployment has and no
service reads). The audited run does the same writes and appends one access-log entry in the
same transaction, as every service does. The ratio audited ÷ plain says how much the log
serialises writers; the chain is verified after the run.
"""

import secrets
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.contrib.sessions.models import Session
from django.db import connection, connections, transaction
from django.utils import timezone

from bench.report import Entry, entry
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.audit.verification import verify_chain

WRITERS = 16
SECONDS = 5.0
RATIO_GOAL = 0.5
KEY_PREFIX = "benchaudit"


def _plain_write() -> Session:
    return Session.objects.create(
        session_key=f"{KEY_PREFIX}{secrets.token_hex(12)}",
        session_data="bench",
        expire_date=timezone.now() + timedelta(minutes=5),
    )


def _audited_write() -> None:
    session = _plain_write()
    access_log_append(
        actor=None, action=Action.CREATE, obj=session, object_repr="bench", purpose="bench"
    )


def _throughput(write: Callable[[], object]) -> float:
    """Committed transactions per second across WRITERS threads over SECONDS."""
    counts = [0] * WRITERS
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS + 1)
    deadline: list[float] = []

    def writer(index: int) -> None:
        try:
            start.wait()
            while time.perf_counter() < deadline[0]:
                with transaction.atomic():
                    write()
                counts[index] += 1
        except BaseException as error:  # reported after the run, not swallowed
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    deadline.append(began + SECONDS)
    start.wait()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def audit_entries() -> tuple[dict[str, Entry], str]:
    if connection.vendor != "postgresql":
        note = "audit_append: skipped, it needs PostgreSQL (BENCH_DATABASE_URL)"
        return {}, note
    plain = _throughput(_plain_write)
    audited = _throughput(_audited_write)
    Session.objects.filter(session_key__startswith=KEY_PREFIX).delete()
    ratio = audited / plain if plain else 0.0
    verified = verify_chain().ok
    results = {
        "audit_plain_write_rps": entry(plain, "count", "baseline: the same writes without the log"),
        "audit_append_rps": entry(
            audited, "count", f"{WRITERS} writers, one entry per transaction", baseline=plain
        ),
        "audit_append_ratio_to_plain": entry(
            ratio, "ratio", f"≥ {RATIO_GOAL:g} (issue 10)", ratio >= RATIO_GOAL
        ),
        "audit_chain_verified_after_run": entry(
            1.0 if verified else 0.0, "count", "chain verified after the run: true", verified
        ),
    }
    note = (
        f"audit_append: {WRITERS} threads, {SECONDS:g} s each run, one session row per "
        f"transaction; chain verified after the run: {'true' if verified else 'false'}"
    )
    return results, note
