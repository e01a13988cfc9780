"""Django's SQLite backend, whose write transactions queue in turn for the write lock (issue 13).

fiit's SQLite transactions are IMMEDIATE (:mod:`fiit.db.config`): each takes
the database's one write lock when it begins. A transaction that finds the
lock taken waits in SQLite's busy handler, which does not queue: it sleeps
1, 2, 5, 10 … then 100 ms between tries, and whoever tries when the lock is
free takes it. Twenty interviewers autosaving at once: a writer that had
backed off to 100 ms sleeps lost the lock again and again to newcomers still
at 1 ms, and one save in twenty waited seconds (bench_capture: p50 64 ms,
p95 2.7 s, max 7-21 s).

Here the writers of one process first queue in a :class:`WriteGate`, first
come first served, and are woken the moment the one before them ends its
transaction; only the writer at the head of the queue then asks SQLite. The
gate does not replace SQLite's lock, it only orders the asking: SQLite still
decides, so a writer of another process (a second ``fiit serve`` worker, the
CLI) is serialised exactly as before, and if the gate is not granted within
the busy timeout the writer asks SQLite anyway (which then gives its usual
"database is locked"). PostgreSQL queues its lock waiters itself.
"""

from __future__ import annotations

import collections
import threading
from pathlib import Path

from django.db.backends.sqlite3 import base


class WriteGate:
    """A first-come, first-served lock with a timeout (one per database file and process)."""

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._waiting: collections.deque[threading.Lock] = collections.deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._mutex:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True  # handed over by release()
        with self._mutex:
            try:
                self._waiting.remove(turn)
            except ValueError:
                return True  # handed over just as the wait ran out: ours now
            return False

    def release(self) -> None:
        with self._mutex:
            if self._waiting:
                self._waiting.popleft().release()  # to the next in line; the gate stays held
            else:
                self._held = False


_gates: dict[str, WriteGate] = {}
_gates_lock = threading.Lock()


_by_name: dict[str, WriteGate] = {}


def gate_for(name: str) -> WriteGate:
    """The gate of a database file in this process (one per file, however its path is written).

    Asked at every write transaction: an absolute name is resolved once and its gate kept by the name
    as given (resolving it was a third of the autosave's transaction start, issue 16); a relative one
    is resolved each time, since it names a file by the working folder."""
    gate = _by_name.get(name)
    if gate is not None:
        return gate
    key = str(Path(name).resolve()) if name and name != ":memory:" and not str(name).startswith("file:") else str(name)
    with _gates_lock:
        gate = _gates.setdefault(key, WriteGate())
        if name and Path(str(name)).is_absolute():
            _by_name[name] = gate
    return gate


class DatabaseWrapper(base.DatabaseWrapper):
    _fiit_gate: WriteGate | None = None

    def _start_transaction_under_autocommit(self):
        gate = gate_for(self.settings_dict["NAME"])
        if gate.acquire(timeout=float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))):
            self._fiit_gate = gate
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._leave_gate()
            raise

    def _leave_gate(self) -> None:
        gate, self._fiit_gate = self._fiit_gate, None
        if gate is not None:
            gate.release()

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._leave_gate()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._leave_gate()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._leave_gate()
