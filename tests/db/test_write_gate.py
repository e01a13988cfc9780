"""SQLite writers of one process queue in turn for the write lock (issue 13, fiit.db.backends.sqlite3).

SQLite's own busy handler lets whoever retries at the right moment take the
lock; the gate hands it to the writers in the order they asked.
"""

from __future__ import annotations

import threading
import time

import pytest

from fiit.db.backends.sqlite3.base import WriteGate


def _wait_until(condition, seconds=10.0):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_waiting_writers_get_the_gate_in_the_order_they_asked():
    gate = WriteGate()
    assert gate.acquire(timeout=1)
    order: list[int] = []

    def writer(n: int) -> None:
        assert gate.acquire(timeout=10)
        order.append(n)
        gate.release()

    threads = []
    for n in range(8):  # each asks only once the one before it is queued
        threads.append(threading.Thread(target=writer, args=(n,)))
        threads[-1].start()
        _wait_until(lambda: len(gate._waiting) == n + 1)
    gate.release()
    for t in threads:
        t.join()
    assert order == list(range(8))
    assert gate.acquire(timeout=0)  # free again once the last one left
    gate.release()


def test_a_writer_that_waited_too_long_leaves_the_queue_and_is_not_granted():
    gate = WriteGate()
    assert gate.acquire(timeout=1)
    started = time.monotonic()
    assert gate.acquire(timeout=0.05) is False
    assert time.monotonic() - started >= 0.05
    assert len(gate._waiting) == 0
    gate.release()
    assert gate.acquire(timeout=0)  # the timed-out writer holds nothing


def test_the_gate_is_handed_over_without_ever_being_free():
    gate = WriteGate()
    assert gate.acquire(timeout=1)
    got = threading.Event()
    t = threading.Thread(target=lambda: gate.acquire(timeout=10) and got.set())
    t.start()
    _wait_until(lambda: len(gate._waiting) == 1)
    gate.release()  # to the waiter: a newcomer must not slip in between
    assert gate.acquire(timeout=0.05) is False
    t.join()
    assert got.is_set()


@pytest.mark.django_db(transaction=True)
def test_sqlite_write_transactions_pass_the_gate_and_leave_it():
    from django.db import connection, transaction

    from fiit.db.backends.sqlite3.base import gate_for
    from fiit.db.models import Study

    if connection.vendor != "sqlite":
        pytest.skip("the gate is SQLite's")
    gate = gate_for(connection.settings_dict["NAME"])
    with transaction.atomic():
        Study.objects.create(name="Gate study (synthetic)", synthetic=True)
        assert gate.acquire(timeout=0) is False  # held by this transaction
    assert gate.acquire(timeout=0)  # left at commit
    gate.release()
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            Study.objects.create(name="Gate study 2 (synthetic)", synthetic=True)
            raise RuntimeError
    assert gate.acquire(timeout=0)  # left at rollback
    gate.release()
    assert Study.objects.filter(name__startswith="Gate study").count() == 1


def test_one_gate_per_file_however_its_path_is_written(tmp_path, monkeypatch):
    from fiit.db.backends.sqlite3.base import gate_for

    (tmp_path / "sub").mkdir()
    plain = str(tmp_path / "one.sqlite3")
    monkeypatch.chdir(tmp_path / "sub")
    spellings = [plain, str(tmp_path / "sub" / ".." / "one.sqlite3"), "../one.sqlite3", plain]
    gates = [gate_for(name) for name in spellings]
    assert all(gate is gates[0] for gate in gates)
    assert gate_for(str(tmp_path / "two.sqlite3")) is not gates[0]
    monkeypatch.chdir(tmp_path)  # a relative name follows the working folder
    assert gate_for("../one.sqlite3") is not gates[0] and gate_for("one.sqlite3") is gates[0]
