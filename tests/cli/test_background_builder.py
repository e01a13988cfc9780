"""Under `fiit serve` the report builder is a low-priority process of its own (issue 16), not a thread of a
server worker: it runs at nice +10, one at a time, and ends when the worker that started it is gone."""

import os
import signal
import subprocess
import time
from pathlib import Path

from .conftest import FIIT, run_fiit, wait_for_listener

BUILDER = "fiit.db.report_store.background"


def _processes() -> dict[int, tuple[int, int, str]]:
    """pid -> (parent pid, nice value, command line) of every process, read from /proc."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        out[int(entry.name)] = (int(fields[1]), int(fields[16]), cmdline)
    return out


def _descendants(root: int, table: dict) -> set[int]:
    found, frontier = set(), {root}
    while frontier:
        frontier = {pid for pid, (ppid, _, _) in table.items() if ppid in frontier} - found
        found |= frontier
    return found


def _wait_for(predicate, seconds: float):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    return predicate()


def test_the_server_builds_reports_in_a_low_priority_process_that_ends_with_its_worker(tmp_path):
    db, home = tmp_path / "d.sqlite3", tmp_path / "config"
    built = run_fiit("--db", str(db), "demo", "--no-serve", "--no-reports", home=home)
    assert built.returncode == 0, built.stderr
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    env["XDG_CONFIG_HOME"] = str(home)
    out_path, err_path = tmp_path / "server.out", tmp_path / "server.err"
    with out_path.open("w") as out, err_path.open("w") as err:
        server = subprocess.Popen([FIIT, "--db", str(db), "serve", "--demo", "--port", "0", "--workers", "2"],
                                  stdout=out, stderr=err, env=env)
    try:
        wait_for_listener(server, out_path, err_path)

        def builders():
            table = _processes()
            mine = _descendants(server.pid, table)
            return [pid for pid in mine if BUILDER in table[pid][2]], table

        # No report was built with the demo: the server starts building at once, in a process of its own.
        found = _wait_for(lambda: builders()[0], 60)
        assert len(found) == 1, f"expected one builder process, found {found}"
        table = builders()[1]
        child = found[0]
        worker = table[child][0]
        assert worker != server.pid and table[worker][0] == server.pid  # started by a worker, not the master
        def niceness(pid):
            return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[16])

        # nice +10 against the worker serving pages (set by the builder itself, first thing once it runs)
        assert _wait_for(lambda: niceness(child) == niceness(worker) + 10, 30), (niceness(child), niceness(worker))
        assert "--db" not in table[child][2]  # database and key come through the environment, not argv
        # The reports it builds are the server's: its progress is written to the database's store.
        assert _wait_for(lambda: (Path(str(db) + ".reports") / "progress.json").is_file(), 60)

        # It holds the store's build lock (taken by the worker and handed over): no second builder can start.
        import fcntl

        with open(Path(str(db) + ".reports") / "build.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = False
            except OSError:
                held = True
        assert held, "the builder runs without the build lock"

        # A worker killed outright (no clean exit): its builder notices and ends on its own.
        os.kill(worker, signal.SIGKILL)
        assert _wait_for(lambda: not Path(f"/proc/{child}").exists() or
                         Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z", 30), \
            "the builder outlived the worker that started it"
    finally:
        server.terminate()
        server.wait(timeout=60)

    def builders_left():  # a server stopped cleanly leaves no builder of its database behind
        left = []
        for pid, (_, _, cmd) in _processes().items():
            try:
                environ = Path(f"/proc/{pid}/environ").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if BUILDER in cmd and str(db) in environ:
                left.append(pid)
        return left

    assert _wait_for(lambda: not builders_left(), 15), f"builders left running: {builders_left()}"
