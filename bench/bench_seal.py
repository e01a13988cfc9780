"""Benchmark: the cost of the seal over an interview's clear fields (issue 14, L9).

    python bench/bench_seal.py [--interviews N]

Imports N synthetic victim interviews (made up) into a fresh SQLite database,
then times :func:`fiit.db.interview_seal.reseal` of one interview in its own
committed transaction (what every autosave adds), the same without the
commit, a committed one-row update as the floor, and ``check`` (what ``fiit
audit verify`` adds) over all of them. Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(1, str(ROOT))  # the synthetic exports come from tests/interop/samples.py (not shipped)


def _median_ms(times: list[float]) -> str:
    ordered = sorted(times)
    return f"median {statistics.median(ordered) * 1000:.2f} ms, p95 {ordered[int(len(ordered) * 0.95)] * 1000:.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interviews", type=int, default=2000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fiit-bench-seal-"))
    os.environ["FIIT_DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["FIIT_MODE"] = "cli"
    os.environ["DJANGO_SETTINGS_MODULE"] = "fiit.web.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0, interactive=False)
    from fiit.db.imports import choose_study, run_import
    from fiit.db.interview_seal import check, reseal
    from fiit.db.keys import use_keyfile
    from fiit.db.models import Interview
    from fiit.instruments import get_instrument
    from fiit.vault import create_key_file
    from tests.interop.samples import sample_submissions, write_kobo_csv

    keyfile = create_key_file(work / "keys" / "bench-keys.json", purpose="test")
    use_keyfile(keyfile)
    victim = get_instrument("victim")
    export = write_kobo_csv(work / "victim.csv", victim, sample_submissions(victim, args.interviews, seed=5))
    study, _ = choose_study("Seal bench (synthetic)", create=True)
    run_import(export, victim, "kobo", keyfile=keyfile, study=study)
    pks = list(Interview.objects.order_by("pk").values_list("pk", flat=True))
    sample = pks[:: max(1, len(pks) // 200)][:200]

    committed, inside, floor = [], [], []
    for pk in sample:
        start = time.perf_counter()
        with transaction.atomic():
            reseal([pk], keyfile)
        committed.append(time.perf_counter() - start)
    with transaction.atomic():
        for pk in sample:
            start = time.perf_counter()
            reseal([pk], keyfile)
            inside.append(time.perf_counter() - start)
    for pk in sample:
        start = time.perf_counter()
        with transaction.atomic():
            Interview.objects.filter(pk=pk).update(language="xx")
        floor.append(time.perf_counter() - start)
    start = time.perf_counter()
    result = check(keyfile)
    whole = time.perf_counter() - start
    print(f"reseal one interview, committed: {_median_ms(committed)} ({len(sample)} interviews)")
    print(f"reseal one interview, no commit: {_median_ms(inside)}")
    print(f"floor, a committed one-row update: {_median_ms(floor)}")
    print(f"check {result.checked} interviews: {whole:.2f} s ({whole / max(result.checked, 1) * 1000:.2f} ms each); "
          f"{len(result.changed)} changed (the floor's updates changed 'language' outside the writers)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
