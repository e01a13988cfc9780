"""Benchmark: pages under concurrent use, beside a trivial Django view on the same server.

    python bench/bench_load.py [--levels 1,10,20] [--seconds 30] [--postgres URL]

Builds the synthetic demo study into a fresh database, gives every simulated
user a draft victim interview of their own, starts ``fiit serve --demo``
(gunicorn, its default processes) on loopback, then for each level of
concurrency runs that many clients for ``--seconds``:

* fiit: each client, signed in as a demo interviewer, cycles home, interview
  list, interview detail, interview form and an autosave of its own interview
  (a new value each time);
* floor: the same number of clients fetching ``/ping/`` (the smallest Django
  view) from the same server.

``--runs N`` runs each level N times, the floor and fiit alternately, and gives
the ratios of each run with their median: the host's speed drifts between runs,
and one pair of runs can land on either side of a target.

It prints requests/s, median and p95 latency, errors (any status other than
200/302, or a failed connection), and checks every autosave: the value stored
at the end must be the last one the server acknowledged (no lost save) and
the number of acknowledged saves must equal the number sent (none doubled or
dropped). The server's report builder is off: on a server in use the stored
reports are built already, and a draft autosave does not change them;
``--with-builder`` leaves it on, so the demo's 60 reports are built during the
run (in a low-priority process of their own, fiit.db.report_store.background)
and shows what a build costs the pages. Loopback only; every run is bounded by ``--seconds``. Targets (issue
16): p95 within 5x the trivial view's at 1 and 10 clients; throughput at 10
clients at least 25% of the view's; 0 errors, 0 lost or doubled saves.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

SETUP = r"""
import json, os, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0, interactive=False)
from pathlib import Path
from fiit.db.demo import build_demo
from fiit.db.capture import record_consent, start_interview
from fiit.vault import load_key_file
from django.contrib.auth import get_user_model
work = Path(sys.argv[1]); clients = int(sys.argv[2])
keyfile = load_key_file(work / "keys.json")
result = build_demo(keyfile, work / "logins.json")
countries = ["BE", "FR", "HU", "IT", "GB"]
own = []
for i in range(clients):
    c = countries[i % len(countries)]
    user = get_user_model().objects.get(username=f"interviewer_{c.lower()}")
    interview = start_interview(study=result.study, instrument_id="victim", country=c, language="en",
                                user=user, keyfile=keyfile)
    record_consent(interview, user=user, research_use=True, quotes=False, follow_up=False)
    own.append({"user": user.username, "uid": str(interview.uid)})
(work / "clients.json").write_text(json.dumps({"logins": result.logins, "clients": own}))
"""

CHECK = r"""
import json, sys
import django
django.setup()
from fiit.db.models import Answer, Interview
out = {}
for uid in json.loads(sys.argv[1]):
    row = Answer.objects.filter(interview__uid=uid, question_id="a_scale").values_list("value", flat=True).first()
    out[uid] = row
print(json.dumps(out))
"""


#: Seconds of unmeasured requests (the floor's, then fiit's) before the first level.
WARM_UP_SECONDS = 3.0


def tree_cpu(root: int) -> float:
    """CPU seconds (user + system) used so far by ``root`` and its live descendants, from /proc (Linux)."""
    table = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            table[int(entry.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    tree, frontier = {root}, {root}
    while frontier:
        frontier = {pid for pid, (ppid, _) in table.items() if ppid in frontier} - tree
        tree |= frontier
    return sum(table[pid][1] for pid in tree if pid in table) / os.sysconf("SC_CLK_TCK")


def database_cpu() -> float:
    """CPU seconds used so far by the live PostgreSQL processes (named ``postgres``): the database's share
    of each request, which ``tree_cpu`` of the server does not see."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                head, tail = (entry / "stat").read_text().rsplit(")", 1)
            except OSError:
                continue
            if head.split("(", 1)[1] == "postgres":
                fields = tail.split()
                total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Client:
    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str]:
        with self.opener.open(self.base + path, timeout=60) as response:
            return response.status, response.read().decode("utf-8", "replace")

    def csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def login(self, username: str, password: str) -> None:
        _, page = self.get("/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                       "password": password}).encode()
        request = urllib.request.Request(self.base + "/login/", data=form,
                                         headers={"Referer": self.base + "/login/"})
        with self.opener.open(request, timeout=60) as response:
            if "/login/" in response.url:
                raise SystemExit(f"could not sign in as {username}")

    def save(self, uid: str, value: int) -> int:
        body = json.dumps({"answers": {"a_scale": value}}).encode()
        request = urllib.request.Request(
            f"{self.base}/interviews/{uid}/save/", data=body, method="POST",
            headers={"Content-Type": "application/json", "Accept": "application/json",
                     "X-CSRFToken": self.csrf(), "Referer": self.base + "/"})
        with self.opener.open(request, timeout=60) as response:
            response.read()
            return response.status


def run_level(base: str, clients: list[dict], logins: dict, count: int, seconds: float, floor: bool,
              report: bool = True):
    """(latencies, errors, saves sent, saves acknowledged, last acknowledged value per uid)."""
    latencies: list[float] = []
    by_step: dict[str, list[float]] = {}
    errors = [0]
    sent = [0]
    acked: dict[str, tuple[int, int]] = {}
    lock = threading.Lock()
    deadline = [0.0]  # set when every client has signed in (signing in is not timed)

    def start() -> None:
        deadline[0] = time.perf_counter() + seconds

    ready = threading.Barrier(count, action=start)

    def work(i: int) -> None:
        me = clients[i]
        client = Client(base)
        try:
            if not floor:
                client.login(me["user"], logins[me["user"]])
            ready.wait()
        except (urllib.error.URLError, OSError, threading.BrokenBarrierError):
            ready.abort()  # a failed sign-in ends the level (counted as an error), never hangs the others
            with lock:
                errors[0] += 1
            return
        n, ack = 0, 0
        while time.perf_counter() < deadline[0]:
            steps = (["/ping/"] if floor else
                     ["/", "/interviews/", f"/interviews/{me['uid']}/", f"/interviews/{me['uid']}/edit/", "save"])
            for step in steps:
                started = time.perf_counter()
                try:
                    if step == "save":
                        n += 1
                        value = n % 10 + 1
                        with lock:
                            sent[0] += 1
                        status = client.save(me["uid"], value)
                        ack += 1
                        with lock:
                            acked[me["uid"]] = (value, acked.get(me["uid"], (0, 0))[1] + 1)
                    else:
                        status, _ = client.get(step)
                    ok = status in (200, 302)
                except (urllib.error.URLError, OSError, TimeoutError):
                    ok = False
                elapsed = time.perf_counter() - started
                with lock:
                    latencies.append(elapsed)
                    by_step.setdefault(re.sub(r"[0-9a-f-]{36}", "<uid>", step), []).append(elapsed)
                    errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if report and not floor and by_step:
        print("    median ms by page: " + ", ".join(f"{k} {statistics.median(v) * 1000:.0f}"
                                                  for k, v in by_step.items()), flush=True)
    return latencies, errors[0], sent[0], acked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--levels", default=os.environ.get("FIIT_BENCH_LOAD_LEVELS", "1,10,20"))
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("FIIT_BENCH_LOAD_SECONDS", 30)))
    parser.add_argument("--workers", type=int, default=None, help="fiit serve --workers (default: fiit's)")
    parser.add_argument("--threads", type=int, default=None, help="fiit serve --threads (default: fiit's)")
    parser.add_argument("--runs", type=int, default=int(os.environ.get("FIIT_BENCH_LOAD_RUNS", 1)),
                        help="run each level this many times, the floor and fiit alternately; the ratios are "
                             "given for each run and their median (the host's speed drifts between runs)")
    parser.add_argument("--with-builder", action="store_true",
                        help="keep the background report builder on (it builds the demo's reports during the run)")
    parser.add_argument("--postgres", default=(os.environ.get("FIIT_TEST_DATABASE_URL")
                                               if os.environ.get("FIIT_BENCH_POSTGRES") == "1" else None))
    args, _ = parser.parse_known_args()
    levels = [int(x) for x in args.levels.split(",") if x]
    work = Path(tempfile.mkdtemp(prefix="fiit-load-"))
    from fiit.vault import create_key_file

    create_key_file(work / "keys.json", purpose="demo")
    url = args.postgres or f"sqlite:///{work / 'load.sqlite3'}"
    env = dict(os.environ, FIIT_DATABASE_URL=url, FIIT_KEY_FILE=str(work / "keys.json"), FIIT_MODE="demo",
               DJANGO_SETTINGS_MODULE="fiit.web.settings", PYTHONPATH=str(ROOT / "src"),
               HOME=str(work / "home"), XDG_CONFIG_HOME=str(work / "home"))
    subprocess.run([sys.executable, "-c", SETUP, str(work), str(max(levels))], check=True, env=env)
    setup = json.loads((work / "clients.json").read_text())
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([sys.executable, "-c", "from fiit.cli import main; main()", "--db", url,
                               "serve", "--demo", "--port", str(port),
                               *(["--workers", str(args.workers)] if args.workers else []),
                               *(["--threads", str(args.threads)] if args.threads else [])],
                              env={**{k: v for k, v in env.items() if k != "DJANGO_SETTINGS_MODULE"},
                                   "FIIT_REPORT_BACKGROUND": "1" if args.with_builder else "0"},
                              stdout=subprocess.PIPE, stderr=open(work / "server.log", "w"), text=True)
    try:
        print(server.stdout.readline().strip(), flush=True)
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/ping/", timeout=5).read()
                break
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        # Every worker's first requests load what it loads lazily (about 1 s of CPU each): not measured, for
        # either side. Without this the first level's floor ran on cold workers.
        for floor in (True, False):
            run_level(base, setup["clients"], setup["logins"], max(levels), WARM_UP_SECONDS, floor, report=False)
        backend = "PostgreSQL" if args.postgres else "SQLite"
        rows = []
        total_lost = total_doubled = 0
        runs = range(1, args.runs + 1)
        for count, run, floor in ((c, r, f) for c in levels for r in runs for f in (True, False)):
            cpu_before, db_before = tree_cpu(server.pid), database_cpu()
            latencies, errors, sent, acked = run_level(base, setup["clients"], setup["logins"], count,
                                                       args.seconds, floor)
            server_ms = (tree_cpu(server.pid) - cpu_before) * 1000 / max(1, len(latencies))
            db_ms = (database_cpu() - db_before) * 1000 / max(1, len(latencies))
            lost = doubled = 0
            if not floor:
                stored = json.loads(subprocess.run(
                    [sys.executable, "-c", CHECK, json.dumps(list(acked))], env=env, check=True,
                    capture_output=True, text=True).stdout.strip().splitlines()[-1])
                lost = sum(1 for uid, (value, _) in acked.items() if stored.get(uid) != value)
                doubled = abs(sent - sum(n for _, n in acked.values()))
                total_lost += lost
                total_doubled += doubled
            p = sorted(latencies)
            p95 = p[int(0.95 * (len(p) - 1))] if p else float("nan")
            rows.append((count, "ping (floor)" if floor else "fiit pages", len(p) / args.seconds,
                         statistics.median(p) * 1000 if p else float("nan"), p95 * 1000, errors,
                         sent, lost, doubled, server_ms, db_ms, run))
            print(f"  {rows[-1][1]:<13} {count:>2} clients: {rows[-1][2]:.1f} req/s, p95 {p95 * 1000:.0f} ms, "
                  f"{errors} errors, server CPU {server_ms:.1f} ms/request"
                  + (f", PostgreSQL CPU {db_ms:.1f} ms/request" if args.postgres else ""), flush=True)
        print(f"\nload run on {backend}, {os.cpu_count()} CPUs, {args.seconds:.0f} s per level"
              + (f", {args.runs} runs each (floor and fiit alternately)" if args.runs > 1 else "") + " "
              f"(load average {os.getloadavg()[0]:.1f}); report builder "
              f"{'on: building the demo reports meanwhile' if args.with_builder else 'off (as on a server whose reports are built)'}")
        run_column = (lambda value: f" {value:>3}") if args.runs > 1 else (lambda value: "")
        print(f"{'clients':>7}{run_column('run')} {'what':<13} {'req/s':>7} {'median ms':>10} {'p95 ms':>7} "
              f"{'errors':>6} {'saves':>6} {'lost':>5} {'doubled':>7} {'server CPU ms/req':>18}"
              + (f" {'PostgreSQL CPU ms/req':>22}" if args.postgres else ""))
        for count, what, rate, median, p95, errors, sent, lost, doubled, server_ms, db_ms, run in rows:
            print(f"{count:>7}{run_column(run)} {what:<13} {rate:>7.1f} {median:>10.0f} {p95:>7.0f} {errors:>6} "
                  f"{sent if what == 'fiit pages' else '':>6} {lost if what == 'fiit pages' else '':>5} "
                  f"{doubled if what == 'fiit pages' else '':>7} {server_ms:>18.1f}"
                  + (f" {db_ms:>22.1f}" if args.postgres else ""))
        for count in levels:
            p95s, shares = [], []
            for run in runs:
                floor_row = next(r for r in rows if r[0] == count and r[11] == run and r[1] == "ping (floor)")
                fiit_row = next(r for r in rows if r[0] == count and r[11] == run and r[1] == "fiit pages")
                p95s.append(fiit_row[4] / floor_row[4])
                shares.append(100 * fiit_row[2] / floor_row[2])
            each = (lambda values, fmt: "" if args.runs == 1 else
                    f" (runs: {', '.join(format(v, fmt) for v in values)}; median)")
            print(f"{count:>2} clients: p95 {statistics.median(p95s):.1f}x the floor's{each(p95s, '.1f')} "
                  f"(target <= 5x at 1 and 10); throughput {statistics.median(shares):.0f}% of the floor's"
                  f"{each(shares, '.0f')} (target >= 25% at 10)")
        failed = total_lost or total_doubled or any(r[5] for r in rows)
        if failed:
            print("server log (last lines):\n" + "\n".join(
                (work / "server.log").read_text(errors="replace").splitlines()[-20:]))
        return 1 if failed else 0
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        import shutil

        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
