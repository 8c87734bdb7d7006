"""On PostgreSQL, with real commits and connections of their own: writers never wait for the
head, the sealer skips a head another holds, and concurrent writers end in one gap-free chain.
A thread that holds the head gives it back after HOLD_SECONDS at the latest, so a sealer or
writer that waited for it (the bug these tests catch) fails the assertion instead of hanging."""

import threading

import pytest
from django.db import connections, transaction
from django.test import override_settings

from trama.audit.models import AccessLogEntry, ChainHead
from trama.audit.services import access_log_seal
from trama.audit.tests.tampering import append
from trama.audit.verification import verify_chain

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

HOLD_SECONDS = 30


class HeadHolder(threading.Thread):
    """Another sealer at work: holds the head's row lock until released."""

    def __init__(self):
        super().__init__(daemon=True)
        self.holding = threading.Event()
        self.release = threading.Event()

    def run(self) -> None:
        try:
            with transaction.atomic():
                ChainHead.objects.select_for_update().get(pk=1)
                self.holding.set()
                self.release.wait(HOLD_SECONDS)
        finally:
            connections.close_all()

    def __enter__(self):
        self.start()
        assert self.holding.wait(HOLD_SECONDS)
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.join()


def _unsealed() -> int:
    return AccessLogEntry.objects.filter(chain_position__isnull=True).count()


def test_the_commit_of_an_appending_transaction_seals_its_entries():
    with transaction.atomic():
        entries = append(3)
        assert _unsealed() == 3  # nothing chained inside the writer's transaction
    assert _unsealed() == 0
    positions = sorted(
        AccessLogEntry.objects.filter(pk__in=[e.pk for e in entries]).values_list(
            "chain_position", flat=True
        )
    )
    assert positions == [1, 2, 3]
    assert verify_chain(seal_first=False).ok


def test_writers_and_the_sealer_skip_a_head_another_sealer_holds():
    append(1)  # creates and signs the head
    with HeadHolder():
        with transaction.atomic():
            (entry,) = append(1)
        # The append committed and its sealer returned without waiting for the head.
        entry.refresh_from_db()
        assert entry.chain_position is None
        assert access_log_seal() == 0
        with override_settings(TRAMA_AUDIT_SEAL_BOUND_SECONDS=0):
            report = verify_chain()  # its sealing skips too
        assert (report.entry_id, report.reason) == (
            entry.pk,
            "unsealed entry: not sealed within 0 seconds",
        )
    assert access_log_seal() == 1
    entry.refresh_from_db()
    assert entry.chain_position == 2
    assert verify_chain(seal_first=False).ok


def test_concurrent_writers_end_in_one_gap_free_verified_chain():
    writers, each = 6, 15
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write() -> None:
        try:
            start.wait()
            for _ in range(each):
                with transaction.atomic():
                    append(1)
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    access_log_seal()  # what a commit's sealer found busy, the minute's sealer takes
    positions = list(
        AccessLogEntry.objects.order_by("chain_position").values_list("chain_position", flat=True)
    )
    assert positions == list(range(1, writers * each + 1))
    report = verify_chain(seal_first=False)
    assert report.ok and report.checked == writers * each
