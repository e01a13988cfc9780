"""Concurrent writers append to the audit chain one after the other (PostgreSQL: an advisory lock).

Run on PostgreSQL with ``tests/support/with_postgres.py`` (FIIT_TEST_DATABASE_URL); on SQLite
IMMEDIATE transactions serialise the writers. Before the lock, concurrent sign-ins on PostgreSQL
failed with a duplicate ``seq`` (bench/bench_load.py at 10 clients).
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_entries_get_consecutive_numbers_and_verify(keyfile):
    from fiit.db.audit import record, verify
    from fiit.db.models import AuditEvent

    record("login", actor="first", keyfile=keyfile)  # the chain's first entry
    writers, each = 6, 5
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def write(i: int) -> None:
        try:
            start.wait()
            for n in range(each):
                record("login", actor=f"writer{i}", record_id=n, keyfile=keyfile)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(1, writers * each + 2))
    assert verify(keyfile).ok
