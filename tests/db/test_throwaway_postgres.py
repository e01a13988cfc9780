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


def test_a_run_killed_outright_leaves_no_server_behind():
    """SIGKILL to the run (the out-of-memory killer, a job runner's hard timeout) gives it no chance to stop
    its server, which lives on (its parent is ``runuser``, not the run): the watchdog stops it and removes
    the cluster."""
    import os
    import signal
    import subprocess
    import sys

    from tests.support.with_postgres import postgres_bin

    try:
        postgres_bin()
    except (FileNotFoundError, SystemExit):
        pytest.skip("PostgreSQL's server binaries are not installed (make test installs them)")
    script = Path(__file__).resolve().parents[1] / "support" / "with_postgres.py"
    show = "import os, time; print(os.environ['FIIT_TEST_POSTGRES_DATA'], flush=True); time.sleep(300)"
    run = subprocess.Popen([sys.executable, str(script), sys.executable, "-c", show], stdout=subprocess.PIPE,
                           text=True, start_new_session=True)
    try:
        assert run.stdout.readline().startswith("with_postgres: throwaway PostgreSQL")
        data = Path(run.stdout.readline().strip())
        server = int((data / "postmaster.pid").read_text().split()[0])
        assert running(server)
        os.kill(run.pid, signal.SIGKILL)  # the run alone: its command and the server go on
        run.wait(10)
        # Stopped, not left to die: a server whose cluster was deleted under it ends by itself, 15 s later.
        deadline = time.monotonic() + 10
        while (running(server) or data.parent.exists()) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not running(server)
        assert not data.parent.exists()
    finally:
        try:
            os.killpg(run.pid, signal.SIGKILL)  # its command, still sleeping in the run's process group
        except ProcessLookupError:
            pass
