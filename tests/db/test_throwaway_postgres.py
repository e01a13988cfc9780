"""The tests' throwaway PostgreSQL (tests/support/with_postgres.py) leaves nothing running when it stops,
even a backend in the middle of a query (as when a run is interrupted during a long statistics query)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest


def running(pid: int) -> bool:
    return Path(f"/proc/{pid}").exists()


def test_stopping_ends_the_server_and_a_backend_still_running_a_query():
    from tests.support.with_postgres import postgres_bin, throwaway_postgres

    try:
        postgres_bin()
    except (FileNotFoundError, SystemExit):
        pytest.skip("PostgreSQL's server binaries are not installed (make test installs them)")
    psycopg = pytest.importorskip("psycopg")
    started = threading.Event()
    backend = []
    with throwaway_postgres() as pg:
        server = int((Path(pg["data_dir"]) / "postmaster.pid").read_text().split()[0])

        def long_query():
            try:
                with psycopg.connect(pg["url"]) as conn:
                    backend.append(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
                    started.set()
                    conn.execute("SELECT pg_sleep(120)")
            except psycopg.Error:
                pass  # ended by the shutdown, as it should be

        worker = threading.Thread(target=long_query, daemon=True)
        worker.start()
        assert started.wait(20)
        time.sleep(0.5)
        assert running(server) and running(backend[0])  # the server runs, with the sleeping backend
        began = time.monotonic()
    assert time.monotonic() - began < 30  # not waiting for the query to finish
    worker.join(10)
    assert not worker.is_alive()
    assert not running(server) and not running(backend[0])
