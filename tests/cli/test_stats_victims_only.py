"""`fiit stats --json` over a study of victims only (as the scale benchmark's, issue 16): the professionals,
without interviews, are counted without building their frames, so the command never imports pandas; and the
published figures still name them (counts of 0, rankings without raters)."""

from __future__ import annotations

import json
import subprocess
import sys

from fiit.instruments import get_instrument
from tests.interop.samples import sample_submissions, write_kobo_csv

from .conftest import run_fiit

#: `fiit` run in a Python that says, on stderr, which of these modules the command imported.
WATCHED = ("pandas", "django", "scipy")
FIIT_SAYING_MODULES = ("import atexit, sys; "
                       f"atexit.register(lambda: print(sorted(m for m in {WATCHED!r} if m in sys.modules), file=sys.stderr)); "
                       "from fiit.cli import main; main()")


def test_stats_over_victims_only_imports_no_pandas(tmp_path):
    keys, db = tmp_path / "keys.json", tmp_path / "x.sqlite3"
    base = ("--db", str(db), "--key-file", str(keys))
    assert run_fiit("keys", "init", "--path", str(keys)).returncode == 0
    victim = get_instrument("victim")
    export = write_kobo_csv(tmp_path / "victims.csv", victim, sample_submissions(victim, 30, seed=3))
    imported = run_fiit(*base, "import", "kobo", "--instrument", "victim", str(export), "--json")
    assert json.loads(imported.stdout)["imported"] == 30, imported.stderr

    run = subprocess.run([sys.executable, "-c", FIIT_SAYING_MODULES, *base, "stats", "--json"],
                         capture_output=True, text=True, env={**_env(), "FIIT_REPORTS_DIR": str(tmp_path / "out")})
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip().splitlines()[-1] == str(["django", "scipy"])  # the analysis ran, pandas never came
    doc = json.loads(run.stdout)
    counted = {(c["instrument"], c["country"]): c["n"] for c in doc["counts"] if c["group"] is None}
    assert counted[("victim", None)] == 30 and counted[("policymaker", None)] == 0
    assert counted[("service_provider", None)] == 0
    assert doc["rankings"] and all(r["n_raters"] == 0 and r["items"] == [] for r in doc["rankings"])


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
