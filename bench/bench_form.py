"""Benchmark: CPU per render of the interview form page (``/interviews/<uid>/edit/``), in process.

    python bench/bench_form.py [--renders 200] [--profile] [--lang en]

On a fresh SQLite file (test settings, a throwaway key file) with the synthetic
demo study: a demo interviewer's own draft victim interview with every closed
question answered, one open answer and one declined. Renders the form through
Django's test client (the whole request: middleware, view, template) and
prints the process CPU milliseconds per render beside wall time, the CPU of
``/ping/`` (the smallest view) requested by the same client in between, and
the load average (other engineers' work inflates wall time, less so CPU time).
``--profile FILE`` prints the top of a cProfile of the same renders and keeps it in FILE.

Target (issue 16, the form page): at most 8 ms CPU per render on an idle machine.
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
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fiit.web.test_settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

ANSWERS = {"a_scale": 6, "a1": "Synthetic bench answer <with> \"quotes\".", "b_scale": 7, "c_scale": 8, "d1": "no",
           "d_scale": 5, "e_scale": 4, "f_location": "abroad", "f1": "no", "sd_gender": "female",
           "sd_citizenship": "third_country", "sd_exploitation": "sexual"}


def setup(lang: str):
    from django.contrib.auth import get_user_model

    from fiit.db.capture import record_consent, save_answers, start_interview
    from fiit.db.demo import build_demo
    from fiit.db.keys import current_keyfile
    from fiit.db.store import instrument_of
    from fiit.instruments import DECLINED

    call_command("migrate", verbosity=0, interactive=False)
    keyfile = current_keyfile()
    result = build_demo(keyfile, Path(tempfile.mkdtemp(prefix="fiit-bench-form-")) / "logins.json")
    user = get_user_model().objects.get(username="interviewer_be")
    interview = start_interview(study=result.study, instrument_id="victim", country="BE", language=lang,
                                user=user, keyfile=keyfile)
    record_consent(interview, user=user, research_use=True, quotes=False, follow_up=False)
    instrument = instrument_of(interview)
    answers = {q: v for q, v in ANSWERS.items() if q in {x.id for x in instrument.questions()}}
    declinable = [q.id for q in instrument.questions() if q.declinable and q.id not in answers]
    if declinable:
        answers[declinable[0]] = DECLINED
    save_answers(interview, answers, user=user, keyfile=keyfile)
    return user, interview


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--lang", default="en")
    parser.add_argument("--profile", metavar="FILE", help="profile the renders (cProfile), keep the profile in FILE")
    args = parser.parse_args()
    from django.conf import settings

    # Not setup_test_environment(): its instrumented template rendering would be timed too.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    from tests.support.otp import verified_login

    user, interview = setup(args.lang)
    client = Client()
    verified_login(client, user)
    url = f"/interviews/{interview.uid}/edit/"
    for _ in range(5):  # warm: templates compiled, instrument parsed, translations loaded
        assert client.get(url).status_code == 200
    if os.environ.get("BENCH_FORM_QUERIES"):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        for q in queries.captured_queries:
            print(q["time"], q["sql"][:300])
    cpu, wall = [], []
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    floor = []
    for _ in range(args.renders):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(url)
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
        assert response.status_code == 200
        if profiler is None:
            c0 = time.process_time()
            assert client.get("/ping/").status_code == 200
            floor.append((time.process_time() - c0) * 1000)
    if profiler is not None:
        import pstats

        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.dump_stats(args.profile)
        stats.sort_stats("cumulative").print_stats(30)
    load = os.getloadavg()
    print(f"form page ({args.lang}, {len(response.content)} bytes), {args.renders} renders:")
    print(f"  CPU  ms/render: median {statistics.median(cpu):.1f}  mean {statistics.mean(cpu):.1f}"
          f"  (target <= 8)")
    print(f"  wall ms/render: median {statistics.median(wall):.1f}  mean {statistics.mean(wall):.1f}")
    if floor:
        print(f"  floor: /ping/ by the same signed-in client, CPU ms median {statistics.median(floor):.1f}")
    print(f"  load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
