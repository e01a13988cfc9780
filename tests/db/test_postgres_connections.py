"""fiit's PostgreSQL connections (fiit.db.config, fiit.db.backends.postgresql): the health check that asks the
socket before the server. Run by the PostgreSQL part (`make test-postgres`)."""

from __future__ import annotations

import time

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's connections")


def backend_query(pid: int) -> str | None:
    """The last statement the server received on that backend (pg_stat_activity), None when it is gone."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the test's transaction sees its first look
        cursor.execute("SELECT query FROM pg_stat_activity WHERE pid = %s", [pid])
        row = cursor.fetchone()
    return row[0] if row else None


@pytest.fixture
def own_connection():
    """A second connection to the test database, as a request thread of `fiit serve` keeps one."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@postgres_only
def test_a_healthy_kept_connection_is_checked_without_a_round_trip(own_connection):
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    assert "pg_backend_pid" in backend_query(pid)
    own_connection.health_check_done = False  # as at the start of each request
    own_connection.close_if_health_check_failed()
    assert own_connection.connection is not None  # kept
    # Django's own check would have sent "SELECT 1": the server saw nothing since.
    assert "pg_backend_pid" in backend_query(pid)


@postgres_only
def test_a_connection_the_server_closed_is_replaced_before_the_request_uses_it(own_connection):
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    deadline = time.monotonic() + 10
    while backend_query(pid) is not None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert backend_query(pid) is None, "the backend did not end"
    assert own_connection.is_usable() is False
    own_connection.health_check_done = False
    own_connection.close_if_health_check_failed()
    assert own_connection.connection is None  # closed: the next query opens a new one
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid


@postgres_only
def test_a_notice_waiting_on_the_socket_sends_the_server_check(own_connection):
    """Anything waiting that is not the end of the connection: asked of the server, and still usable."""
    with own_connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        cursor.execute("LISTEN fiit_test_channel")
    notifier = connections.create_connection("default")  # autocommit: the notice leaves at once
    try:
        with notifier.cursor() as cursor:
            cursor.execute("NOTIFY fiit_test_channel")
    finally:
        notifier.close()
    time.sleep(0.1)
    assert own_connection.is_usable() is True
    assert backend_query(pid) == "SELECT 1"  # the server was asked


def test_postgresql_urls_use_fiits_backend():
    from fiit.db.config import database_settings

    settings = database_settings("postgresql://fiit@127.0.0.1:5432/fiit")
    assert settings["ENGINE"] == "fiit.db.backends.postgresql"
    assert settings["CONN_HEALTH_CHECKS"] is True and settings["CONN_MAX_AGE"] > 0
