"""Benchmark: the CPU one page costs in process, beside a signed-in /ping/ (load-independent).

    python bench/bench_pages.py [--repeat 40] [--profile PAGE] [--postgres URL]

Builds the synthetic demo study into a fresh database (as bench_load does), signs
in a demo interviewer with a draft victim interview of their own and requests,
through Django's test client in this one process, each page of the load run:
home ``/``, the list ``/interviews/``, the detail, the form and an autosave,
beside ``/ping/``. For each it prints the median CPU time of the process
(``time.process_time``, so other processes on the machine do not inflate it),
the median wall time, and the number of SQL queries; on PostgreSQL also the CPU
its backend spent on the page (the server's half of a page's cost there). The load run
(bench_load.py) measures what users see under concurrency; this one says where
a page's own cost is, and ``--profile PAGE`` (home, list, detail, form, save,
ping) prints the cProfile top of that page.

Target (issue 16): a page within a few times a signed-in ping's CPU, so that the
load run's throughput at 10 clients reaches 25% of the trivial view's.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def setup(work: Path, postgres: str | None):
    from fiit.vault import create_key_file

    create_key_file(work / "keys.json", purpose="demo")
    os.environ.update(FIIT_DATABASE_URL=postgres or f"sqlite:///{work / 'pages.sqlite3'}",
                      FIIT_KEY_FILE=str(work / "keys.json"), FIIT_MODE="demo",
                      DJANGO_SETTINGS_MODULE="fiit.web.settings", HOME=str(work / "home"),
                      XDG_CONFIG_HOME=str(work / "home"))
    os.environ.pop("FIIT_REPORT_BACKGROUND", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from django.contrib.auth import get_user_model

    from fiit.db.capture import record_consent, start_interview
    from fiit.db.demo import build_demo
    from fiit.vault import load_key_file

    keyfile = load_key_file(work / "keys.json")
    result = build_demo(keyfile, work / "logins.json")
    user = get_user_model().objects.get(username="interviewer_be")
    interview = start_interview(study=result.study, instrument_id="victim", country="BE", language="en",
                                user=user, keyfile=keyfile)
    record_consent(interview, user=user, research_use=True, quotes=False, follow_up=False)
    return user, str(interview.uid), result.logins[user.username]


def signed_in_pages(user, uid: str, password: str) -> dict:
    """The measured pages, by name, each a call that fetches it as ``user`` signed in (a Django test client)."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    signed_in = client.post("/login/", {"username": user.username, "password": password})
    if signed_in.status_code != 302 or "/login/" in signed_in["Location"]:
        raise SystemExit("could not sign in")
    counter = [0]

    def save():
        counter[0] += 1
        return client.post(f"/interviews/{uid}/save/",
                           data=json.dumps({"answers": {"a_scale": counter[0] % 10 + 1}}),
                           content_type="application/json", HTTP_ACCEPT="application/json")

    return {
        "ping": lambda: client.get("/ping/"),
        "home": lambda: client.get("/"),
        "list": lambda: client.get("/interviews/"),
        "detail": lambda: client.get(f"/interviews/{uid}/"),
        "form": lambda: client.get(f"/interviews/{uid}/edit/"),
        "save": save,
    }


def _backend_cpu(connection):
    """A clock of the CPU time the PostgreSQL backend serving ``connection`` has used, in seconds: its
    scheduler's count in nanoseconds (/proc/PID/schedstat), where /proc/PID/stat counts in 10 ms ticks; NaN
    when the backend is not on this machine (the bench's own server, tests/support/with_postgres.py, is)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    path = Path(f"/proc/{pid}/schedstat")
    if not path.exists():  # a kernel without scheduler statistics, or a server on another machine
        return lambda: float("nan")

    def clock() -> float:
        return int(path.read_text().split()[0]) / 1e9

    return clock


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("FIIT_BENCH_PAGES_REPEAT", 40)))
    parser.add_argument("--profile", default=None, help="home, list, detail, form, save or ping")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key for --profile")
    parser.add_argument("--pyinstrument", action="store_true",
                        help="profile with pyinstrument (pip-install it first) instead of cProfile")
    parser.add_argument("--lines", type=int, default=45)
    parser.add_argument("--queries", action="store_true",
                        help="print each page's SQL statements with their wall time, then stop")
    parser.add_argument("--postgres", default=(os.environ.get("FIIT_TEST_DATABASE_URL")
                                               if os.environ.get("FIIT_BENCH_POSTGRES") == "1" else None))
    args, _ = parser.parse_known_args()
    work = Path(tempfile.mkdtemp(prefix="fiit-pages-"))
    try:
        user, uid, password = setup(work, args.postgres)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        pages = signed_in_pages(user, uid, password)
        for name, fetch in pages.items():  # warm every cache once; each must answer 200
            status = fetch().status_code
            if status != 200:
                raise SystemExit(f"{name} answered {status}")
        try:
            from fiit.web.server import freeze_loaded_objects
        except ImportError:  # a fiit from before issue 16's freeze: measured as it served
            pass
        else:
            freeze_loaded_objects()  # as `fiit serve` does before forking its workers
        gc_time = [0.0, 0.0]

        def on_gc(phase, _info):
            if phase == "start":
                gc_time[1] = time.process_time()
            else:
                gc_time[0] += time.process_time() - gc_time[1]

        gc.callbacks.append(on_gc)
        if args.profile:
            fetch = pages[args.profile]
            if args.pyinstrument:
                from pyinstrument import Profiler

                sampler = Profiler(interval=0.0005)
                sampler.start()
                for _ in range(args.repeat):
                    fetch()
                sampler.stop()
                print(sampler.output_text(show_all=False))
                return 0
            profiler = cProfile.Profile(time.process_time)  # CPU, not waits on a loaded machine
            profiler.enable()
            for _ in range(args.repeat):
                fetch()
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.lines)
            print(out.getvalue())
            return 0
        if args.queries:
            for name, fetch in pages.items():
                with CaptureQueriesContext(connection) as queries:
                    fetch()
                print(f"--- {name}: {len(queries)} statements")
                for query in queries.captured_queries:
                    print(f"{float(query['time']) * 1000:6.2f} ms  {query['sql'][:160]}")
            return 0
        backend_cpu = _backend_cpu(connection) if args.postgres else (lambda: 0.0)
        rows = []
        for name, fetch in pages.items():
            cpu, wall, db_cpu = [], [], []
            with CaptureQueriesContext(connection) as queries:
                fetch()
            count = len(queries)  # now: the next request clears the connection's log
            gc_time[0] = 0.0
            for _ in range(args.repeat):
                c0, w0, d0 = time.process_time(), time.perf_counter(), backend_cpu()
                fetch()
                cpu.append(time.process_time() - c0)
                wall.append(time.perf_counter() - w0)
                db_cpu.append(backend_cpu() - d0)
            rows.append((name, statistics.median(cpu) * 1000, statistics.median(wall) * 1000, count,
                         gc_time[0] / args.repeat * 1000, statistics.median(db_cpu) * 1000))
        ping_cpu = rows[0][1]
        backend = "PostgreSQL" if args.postgres else "SQLite"
        print(f"in-process CPU per page on {backend}, demo study, signed-in interviewer, median of "
              f"{args.repeat} (load average {os.getloadavg()[0]:.1f}; gc {'on' if gc.isenabled() else 'off'})")
        db = f" {'db CPU ms':>9}" if args.postgres else ""
        print(f"{'page':<8} {'CPU ms':>7} {'wall ms':>8} {'x ping':>7} {'queries':>8} {'gc ms':>6}{db}")
        for name, cpu_ms, wall_ms, n, gc_ms, db_ms in rows:
            db = f" {db_ms:>9.2f}" if args.postgres else ""
            print(f"{name:<8} {cpu_ms:>7.1f} {wall_ms:>8.1f} {cpu_ms / ping_cpu:>7.1f} {n:>8} {gc_ms:>6.2f}{db}")
        return 0
    finally:
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
