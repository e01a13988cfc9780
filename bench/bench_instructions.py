"""Benchmark: the instructions one page costs, counted by valgrind (callgrind), the same on any host.

    python bench/bench_instructions.py [--repeat 10] [--compare OTHER_CHECKOUT] [--postgres URL]

The host these benchmarks ran on changed speed by up to 2x within an hour, so a
change worth a few per cent of a page's CPU cannot be seen in timings (see
docs/performance.md). Instructions executed can: the same code on the same data
executes (nearly) the same number of instructions however busy the machine is.
This builds the same demo study as ``bench_pages.py``, signs in as a demo
interviewer, warms every page, then runs each page ``--repeat`` times under
callgrind with instrumentation switched on only around that page, and prints
the instructions per page (in thousands) beside a signed-in ``/ping/``.

``--compare DIR`` runs the same in another checkout of fiit (its own ``src``
and this script's copy there, or this one if it has none) and prints both with
their ratio. Counts leave out the kernel (system calls, SQLite's file reads) and
PostgreSQL's own processes, and valgrind does not measure cache misses: use the
ratios to compare versions of Python code, not as times.

Needs valgrind (``apt-get install valgrind``); without it the benchmark says so
and stops, which ``make bench`` reports and goes on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ("ping", "home", "list", "detail", "form", "save")


def worker(postgres: str | None, src: Path) -> None:
    """Runs under callgrind: reads ``PAGE N`` lines, runs that page N times, answers ``done``. fiit comes from
    ``src``, whatever checkout this script and ``bench_pages`` are in (bench_pages puts its own first)."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_pages

    sys.path.insert(0, str(src))
    import fiit

    if not Path(fiit.__file__).resolve().is_relative_to(src.resolve()):
        raise SystemExit(f"fiit came from {fiit.__file__}, not {src}")
    work = Path(tempfile.mkdtemp(prefix="fiit-instructions-"))
    try:
        user, uid, password = bench_pages.setup(work, postgres)
        pages = bench_pages.signed_in_pages(user, uid, password)
        for _ in range(3):  # every cache warm; each page must answer 200
            for name, fetch in pages.items():
                status = fetch().status_code
                if status != 200:
                    raise SystemExit(f"{name} answered {status}")
        from fiit.web.server import freeze_loaded_objects

        freeze_loaded_objects()  # as `fiit serve` does before forking its workers
        print("ready", flush=True)
        for line in sys.stdin:
            name, repeat = line.split()
            for _ in range(int(repeat)):
                pages[name]()
            print("done", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the demo database and its key file


def _total(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def count(checkout: Path, repeat: int, postgres: str | None) -> dict[str, float]:
    """Instructions per page (thousands) of ``checkout``'s fiit."""
    script = checkout / "bench" / "bench_instructions.py"
    if not script.exists():
        script = Path(__file__).resolve()
    out = Path(tempfile.mkdtemp(prefix="fiit-callgrind-"))
    env = dict(os.environ, PYTHONPATH=str(checkout / "src"))
    command = ["valgrind", "--tool=callgrind", "--instr-atstart=no", f"--callgrind-out-file={out / 'cg.out'}",
               sys.executable, str(script), "--worker", "--src", str(checkout / "src")]
    command += ["--postgres", postgres] if postgres else []
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               text=True, env=env)
    result = {}
    try:
        if process.stdout.readline().strip() != "ready":
            raise SystemExit(f"the worker in {checkout} did not start (run bench_pages.py there to see why)")

        def control(*args: str) -> None:
            subprocess.run(["callgrind_control", *args, str(process.pid)], check=True, capture_output=True)

        control("-i", "on")
        for page in PAGES:
            control("-z")
            process.stdin.write(f"{page} {repeat}\n")
            process.stdin.flush()
            if process.stdout.readline().strip() != "done":
                raise SystemExit(f"the worker stopped during {page}")
            before = set(out.glob("cg.out.*"))
            control("-d")
            deadline = time.monotonic() + 60
            while not (set(out.glob("cg.out.*")) - before) and time.monotonic() < deadline:
                time.sleep(0.1)
            (dump,) = set(out.glob("cg.out.*")) - before
            result[page] = _total(dump) / repeat / 1000
        control("-i", "off")
    finally:
        process.stdin.close()
        process.wait(timeout=120)
        shutil.rmtree(out, ignore_errors=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("FIIT_BENCH_INSTRUCTIONS_REPEAT", 10)))
    parser.add_argument("--compare", type=Path, default=None, help="another checkout of fiit to count beside this one")
    parser.add_argument("--postgres", default=(os.environ.get("FIIT_TEST_DATABASE_URL")
                                               if os.environ.get("FIIT_BENCH_POSTGRES") == "1" else None))
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--src", type=Path, default=ROOT / "src", help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args()
    if args.worker:
        worker(args.postgres, args.src)
        return 0
    if not (shutil.which("valgrind") and shutil.which("callgrind_control")):
        print("bench_instructions: valgrind is not installed (apt-get install valgrind); skipped")
        return 0
    if args.postgres and args.compare:
        raise SystemExit("--compare on PostgreSQL needs a database per checkout: run each on its own server")
    database = "PostgreSQL" if args.postgres else "SQLite"
    counted = {"this": count(ROOT, args.repeat, args.postgres)}
    if args.compare:
        counted["other"] = count(args.compare.resolve(), args.repeat, args.postgres)
    print(f"instructions per page (thousands; callgrind, {args.repeat} runs of each page after warming) on {database}, "
          "demo study, signed-in interviewer")
    if args.compare:
        print(f"this: {ROOT}\nother: {args.compare.resolve()}")
        print(f"{'page':8}{'this':>10}{'other':>10}{'this/other':>12}")
        for page in PAGES:
            this, other = counted["this"][page], counted["other"][page]
            print(f"{page:8}{this:10.0f}{other:10.0f}{this / other:12.3f}")
        this_sum = sum(counted["this"][p] for p in PAGES[1:])
        other_sum = sum(counted["other"][p] for p in PAGES[1:])
        print(f"{'5 pages':8}{this_sum:10.0f}{other_sum:10.0f}{this_sum / other_sum:12.3f}")
    else:
        ping = counted["this"]["ping"]
        print(f"{'page':8}{'k instr':>10}{'x ping':>8}")
        for page in PAGES:
            print(f"{page:8}{counted['this'][page]:10.0f}{counted['this'][page] / ping:8.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
