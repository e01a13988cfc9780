"""Benchmark: the coding workbench and the qualitative analysis.

    python bench/bench_coding.py [--interviews N]

Targets (issue 11), printed beside the figures, never asserted:
* opening one question's answers across 1,000 interviews (decrypt and render the page): within 1.5 s;
* applying a code: within 150 ms server time at p95;
* agreement over 20,000 codings: within 1 s;
* suggestions for 5,000 answers: within 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

WORDS = ("opvang regels werk vergunning taal psycholoog huis veilig papieren hulp school dokter geld familie "
         "terug wachten cursus baan advocaat politie kamer buren vrienden toekomst").split()


def setup(work: Path, n: int):
    os.environ["FIIT_DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
    os.environ["FIIT_MODE"] = "demo"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fiit.web.settings")
    from fiit.vault import create_key_file

    keyfile = create_key_file(work / "keys.json", purpose="demo")
    os.environ["FIIT_KEY_FILE"] = str(keyfile.path)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from fiit.db.models import Study
    from fiit.db.store import create_interview, sync_frameworks, sync_instruments
    from fiit.db.users import create_user
    from fiit.instruments import get_instrument

    sync_instruments()
    sync_frameworks()
    study = Study.objects.create(name="Coding bench (synthetic)", synthetic=True)
    rng = random.Random(5)
    victim = get_instrument("victim")
    for i in range(n):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 60))) + "."
        create_interview(study=study, instrument=victim, country="BE", language="nl",
                         respondent_code=f"B-{i:05d}", interview_date=dt.date(2013, 3, 1), answers={"a1": text},
                         keyfile=keyfile, interviewer=None, status="final", synthetic=True,
                         consent={"research_use": True, "quotes": False, "text_version": "bench"})
    user = create_user("bench_coordinator", "coordinator", "a-bench-password-of-length")
    return study, keyfile, user


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--interviews", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        started = time.perf_counter()
        study, keyfile, user = setup(work, args.interviews)
        print(f"setup: {args.interviews} interviews in {time.perf_counter() - started:.1f} s")
        from django.test import Client

        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = f"/coding/question/?study={study.pk}&instrument=victim&question=a1"
        client.get(url)  # warm
        times = []
        for _ in range(3):
            t = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t)
            assert response.status_code == 200, (response.status_code, response.get("Location"))
        print(f"open one question across {args.interviews} interviews (decrypt + render): best {min(times):.2f} s, "
              f"median {statistics.median(times):.2f} s  (target 1.5 s)")

        from fiit.db.coding import apply_code
        from fiit.db.models import Interview

        uids = list(Interview.objects.values_list("uid", flat=True)[:200])
        timings = []
        for i, uid in enumerate(uids):
            t = time.perf_counter()
            apply_code(user, str(uid), "a1", "shelter_rules" if i % 2 else "work_permit", 0, 5, keyfile)
            timings.append(time.perf_counter() - t)
        timings.sort()
        p95 = timings[int(0.95 * len(timings)) - 1]
        print(f"apply a code (db call, {len(timings)} codings): median {statistics.median(timings) * 1000:.1f} ms, "
              f"p95 {p95 * 1000:.1f} ms  (target 150 ms)")

    from fiit.coding.agreement import agreement
    from fiit.coding.codings import AnswerRef, Coding

    rng = random.Random(3)
    codes = [f"c{i}" for i in range(30)]
    codings = []
    while len(codings) < 20_000:
        answer = AnswerRef(f"i{rng.randrange(4000)}", "a1")
        code = rng.choice(codes)
        for coder in ("ann", "bob", "cara"):
            if rng.random() < 0.8:
                codings.append(Coding(answer, coder, code, 0, 10))
    codings = codings[:20_000]
    t = time.perf_counter()
    result = agreement(codings)
    print(f"agreement over {len(codings)} codings ({result.units} units, {len(result.codes)} codes): "
          f"{time.perf_counter() - t:.2f} s  (target 1 s)")

    from fiit.coding.suggestions import Example, Suggester

    def example(key, coded):
        chosen = rng.sample(codes[:8], 2)
        text = " ".join([rng.choice(WORDS) for _ in range(10)] + [f"w{c}" for c in chosen])
        return Example(key, "nl", text, frozenset(chosen) if coded else frozenset())

    train = [example(i, True) for i in range(1000)]
    todo = [example(i, False) for i in range(5000)]
    t = time.perf_counter()
    suggester = Suggester(train)
    out = suggester.suggest(todo)
    print(f"suggestions for {len(todo)} answers (training on {len(train)} included): "
          f"{time.perf_counter() - t:.2f} s, {sum(len(v) for v in out.values())} suggestions  (target 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
