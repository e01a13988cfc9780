"""Run a command against a throwaway PostgreSQL server on loopback.

    python tests/support/with_postgres.py pytest tests/db -q

Creates a cluster in a temporary folder (as the ``postgres`` user when run as
root, since initdb refuses root), starts it on 127.0.0.1 on a free port, sets
FIIT_TEST_DATABASE_URL for the command, and removes everything afterwards.
The command's exit code is returned.

A run killed outright (SIGKILL: a CI job cancelled, a stuck test killed with its
process group) cannot stop its server, and the server does not die with it. A
watchdog in a session of its own waits for this process to end; when it finds
the server still there, it stops it and removes the cluster.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    if not candidates:
        found = shutil.which("initdb")
        if not found:
            raise SystemExit("PostgreSQL is not installed (no initdb); run 'make system-deps' as root.")
        return Path(found).parent
    return Path(candidates[0]).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def throwaway_postgres():
    bindir = postgres_bin()
    base = Path(tempfile.mkdtemp(prefix="fiit-pg-"))
    data, sock = base / "data", base / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    proc = watchdog = None
    try:
        subprocess.run(
            _as_owner([str(bindir / "initdb"), "-D", str(data), "-U", "fiit", "--auth=trust",
                       "--encoding=UTF8", "--locale=C.UTF-8"]),
            check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        log = open(base / "server.log", "wb")
        proc = subprocess.Popen(
            _as_owner([str(bindir / "postgres"), "-D", str(data), "-h", "127.0.0.1", "-p", str(port),
                       "-k", str(sock), "-c", "fsync=off", "-c", "full_page_writes=off"]),
            stdout=log, stderr=subprocess.STDOUT,
        )
        watchdog = subprocess.Popen([sys.executable, __file__, WATCH, str(os.getpid()), str(bindir), str(base)],
                                    start_new_session=True, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"postgresql://fiit@127.0.0.1:{port}/postgres"
        deadline = time.monotonic() + 30
        while True:
            ready = subprocess.run([str(bindir / "pg_isready"), "-h", "127.0.0.1", "-p", str(port)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if ready.returncode == 0:
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("PostgreSQL did not start:\n" + (base / "server.log").read_text(errors="replace"))
            time.sleep(0.2)
        yield {"url": url, "data_dir": data, "port": port}
    finally:
        if proc is not None:
            stop(bindir, data, proc)
        shutil.rmtree(base, ignore_errors=True)
        if watchdog is not None:
            watchdog.kill()
            watchdog.wait()


def stop(bindir: Path, data: Path, proc: subprocess.Popen | None) -> None:
    """Stop the server and every backend it started: a fast shutdown ends the sessions still running a
    query (the SIGTERM sent before asked for a smart one, which waits for them; and it went to runuser,
    so when the wait timed out the kill left the server and a backend of an interrupted run behind)."""
    for mode in ("fast", "immediate"):
        done = subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "stop", "-m", mode, "-w",
                                         "-t", "20"]), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if done.returncode == 0:
            break
    if proc is None:
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


#: The first argument that runs this file as the watchdog of another run (see the module's docstring).
WATCH = "--watch-for-exit-of"


def watch(parent: int, bindir: Path, base: Path) -> None:
    """Wait until process ``parent`` ends (this process is then given another parent), then stop the server
    of the cluster in ``base`` if it still runs, and remove the cluster."""
    while os.getppid() == parent:
        time.sleep(0.5)
    data = base / "data"
    if (data / "postmaster.pid").exists():
        stop(bindir, data, None)
    shutil.rmtree(base, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == WATCH:
        watch(int(argv[1]), Path(argv[2]), Path(argv[3]))
        return 0
    with throwaway_postgres() as pg:
        env = dict(os.environ, FIIT_TEST_DATABASE_URL=pg["url"], FIIT_TEST_POSTGRES_DATA=str(pg["data_dir"]))
        print(f"with_postgres: throwaway PostgreSQL on 127.0.0.1:{pg['port']}", flush=True)
        return subprocess.run(argv, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
