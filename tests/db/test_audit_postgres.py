"""On PostgreSQL an audit entry that is a transaction of its own is written in two round trips (issue 16):
``BEGIN; lock; head`` and ``INSERT; COMMIT``, the connection left in autocommit. Run on PostgreSQL with
``tests/support/with_postgres.py``; the other path (inside a caller's transaction, and on SQLite) is
tests/db/test_audit.py's."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, connections
from django.test.utils import CaptureQueriesContext

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's path (make test-postgres runs it)")


def _idle() -> bool:
    from psycopg.pq import TransactionStatus

    return connection.connection.info.transaction_status == TransactionStatus.IDLE


def _lock_is_free() -> bool:
    """Whether another connection can take the append lock at once (it is held until a transaction ends)."""
    from fiit.db.audit import AUDIT_LOCK

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [AUDIT_LOCK])
            return cursor.fetchone()[0]
    finally:
        other.close()


def test_an_entry_of_its_own_is_two_statements_and_the_chain_verifies(keyfile):
    from fiit.db.audit import record, verify
    from fiit.db.models import AuditEvent

    record("login", actor="first", keyfile=keyfile)
    with CaptureQueriesContext(connection) as queries:
        event = record("view_interview", actor="someone", record_type="interview", record_id=7,
                       details={"what": "answers"}, keyfile=keyfile)
    sent = [q["sql"] for q in queries.captured_queries]
    assert len(sent) == 2
    assert sent[0].startswith("BEGIN; SELECT pg_advisory_xact_lock(") and sent[1].endswith("; COMMIT")
    stored = AuditEvent.objects.get(seq=2)
    assert (event.pk, event.seq, event.hash, event.prev_hash) == (stored.pk, stored.seq, stored.hash,
                                                                  stored.prev_hash)
    assert stored.prev_hash == AuditEvent.objects.get(seq=1).hash
    assert connection.get_autocommit() and _idle() and _lock_is_free()
    assert verify(keyfile).ok


def test_a_failed_insert_rolls_back_and_the_next_entry_is_written(keyfile, monkeypatch):
    from fiit.db import audit
    from fiit.db.models import AuditEvent

    audit.record("login", actor="first", keyfile=keyfile)
    real = audit._next_entry

    def taken_number(*args, **kwargs):  # the number of an entry already stored: the INSERT fails
        chain, entry = real(*args, **kwargs)
        return chain, {**entry, "seq": 1}

    monkeypatch.setattr(audit, "_next_entry", taken_number)
    with pytest.raises(IntegrityError):
        audit.record("login", actor="second", keyfile=keyfile)
    assert _idle() and _lock_is_free()
    assert list(AuditEvent.objects.values_list("actor", flat=True)) == ["first"]
    monkeypatch.setattr(audit, "_next_entry", real)
    audit.record("login", actor="third", keyfile=keyfile)
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", "actor")) == [(1, "first"), (2, "third")]
    assert audit.verify(keyfile).ok


def test_a_failure_between_the_two_round_trips_ends_the_transaction(keyfile, monkeypatch):
    from fiit.db import audit
    from fiit.db.models import AuditEvent

    audit.record("login", actor="first", keyfile=keyfile)

    def broken(*args, **kwargs):
        raise RuntimeError("the key file could not be read")

    monkeypatch.setattr(audit, "entry_hash", broken)
    with pytest.raises(RuntimeError):
        audit.record("login", actor="second", keyfile=keyfile)
    assert _idle() and _lock_is_free()  # not left holding the append lock in an open transaction
    assert AuditEvent.objects.count() == 1
