"""Benchmark: import 100,000 synthetic KoboToolbox rows into SQLite (or PostgreSQL).

    python bench/bench_import.py [--rows N] [--instrument victim] [--keep DIR] [--postgres URL]

Writes a synthetic KoboToolbox CSV export (every answer made up) into a
temporary folder, imports it with the same code as ``fiit import kobo`` into a
fresh SQLite database (``--postgres URL``, or ``FIIT_BENCH_POSTGRES=1`` under
``tests/support/with_postgres.py``: a new database on that server), and prints rows per second and the peak memory of the
two processes (a file this large is read, checked and sealed in a second
process while the first one stores it). Targets (issue 4): at least 2,000 rows/s and under 500 MB. The
figures are printed, never asserted: speed belongs to benchmarks, not tests.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # the synthetic exports come from tests/interop/samples.py (not shipped)


def peak_rss_mb(who: int = resource.RUSAGE_SELF) -> float:
    # ru_maxrss is in kilobytes on Linux; for RUSAGE_CHILDREN, that of the largest finished child.
    return resource.getrusage(who).ru_maxrss / 1024


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def new_postgres_database(base_url: str) -> str:
    import psycopg

    with psycopg.connect(base_url.replace("postgresql://", "postgres://", 1), autocommit=True) as con:
        con.execute("DROP DATABASE IF EXISTS fiit_import_bench")
        con.execute("CREATE DATABASE fiit_import_bench")
    return base_url.rsplit("/", 1)[0] + "/fiit_import_bench"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--instrument", default="victim")
    parser.add_argument("--keep", help="Keep the export, database and key file in this folder.")
    parser.add_argument("--postgres", default=(os.environ.get("FIIT_TEST_DATABASE_URL")
                                               if os.environ.get("FIIT_BENCH_POSTGRES") == "1" else None))
    args, _ = parser.parse_known_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="fiit-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ["FIIT_DATABASE_URL"] = (new_postgres_database(args.postgres) if args.postgres
                                       else f"sqlite:///{work / 'bench.sqlite3'}")
    backend = "PostgreSQL" if args.postgres else "SQLite"
    os.environ["FIIT_MODE"] = "cli"
    os.environ["DJANGO_SETTINGS_MODULE"] = "fiit.web.settings"

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)

    from fiit.db.imports import choose_study, run_import
    from fiit.instruments import get_instrument
    from tests.interop.samples import sample_submissions, write_kobo_csv
    from fiit.vault import create_key_file

    keyfile = create_key_file(work / "keys" / "bench-keys.json", purpose="test")
    os.environ["FIIT_KEY_FILE"] = str(keyfile.path)
    instrument = get_instrument(args.instrument)

    started = time.perf_counter()
    export = write_kobo_csv(work / "kobo-export.csv", instrument, sample_submissions(instrument, args.rows, seed=7))
    written = time.perf_counter() - started
    size_mb = export.stat().st_size / (1 << 20)
    print(f"wrote {args.rows} synthetic KoboToolbox rows ({size_mb:.1f} MB) in {written:.1f} s; "
          f"peak memory so far {peak_rss_mb():.0f} MB")

    study, _ = choose_study("Benchmark study (synthetic)", create=True)
    started, cpu, reader_cpu = time.perf_counter(), time.process_time(), children_cpu()
    report = run_import(export, instrument, "kobo", keyfile=keyfile, study=study, actor="bench", synthetic=True)
    elapsed, cpu, reader_cpu = time.perf_counter() - started, time.process_time() - cpu, children_cpu() - reader_cpu
    print(f"{backend}: imported {report.imported} of {report.rows} rows ({report.rejected_rows} rejected, "
          f"{report.duplicates} duplicates) in {elapsed:.1f} s")
    print(f"throughput: {report.rows / elapsed:,.0f} rows/s (target >= 2,000); CPU time {cpu:.1f} s storing, "
          f"{reader_cpu:.1f} s reading, checking and sealing (load average now {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs)")
    main_mb, reader_mb = peak_rss_mb(), peak_rss_mb(resource.RUSAGE_CHILDREN)
    print(f"peak memory: {main_mb + reader_mb:.0f} MB (target < 500 MB): {main_mb:.0f} MB in the importing process, "
          f"{reader_mb:.0f} MB in the process reading and sealing the rows beside it")

    started = time.perf_counter()
    again = run_import(export, instrument, "kobo", keyfile=keyfile, study=study, actor="bench", synthetic=True)
    print(f"second import of the same file: {again.imported} imported, {again.duplicates} duplicates "
          f"in {time.perf_counter() - started:.1f} s")
    if not args.keep:
        import shutil

        shutil.rmtree(work, ignore_errors=True)
    return 0 if report.imported == args.rows else 1


if __name__ == "__main__":
    sys.exit(main())
