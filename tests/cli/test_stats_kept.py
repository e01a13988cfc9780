"""`fiit stats --json` is kept by data version (issue 16): asked again over the same data it is read, not
computed; a withdrawal (any change) makes a new version, so the kept figures are never printed again."""

from __future__ import annotations

import json
import sqlite3

from .conftest import as_json, run_fiit


def _final_victims(db) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM fiit_interview i JOIN fiit_instrumentversion v"
                            " ON i.instrument_id = v.id WHERE v.instrument_id = 'victim'"
                            " AND i.status = 'final'").fetchone()[0]


def _victims_counted(doc) -> int:
    return next(c["n"] for c in doc["counts"]
                if c["instrument"] == "victim" and c["country"] is None and c["group"] is None)


def test_stats_json_is_kept_by_data_version_and_a_withdrawal_makes_a_new_one(tmp_path):
    db, home = tmp_path / "x.sqlite3", tmp_path / "config"
    made = run_fiit("--db", str(db), "demo", "--no-serve", "--no-reports", home=home)
    assert made.returncode == 0, made.stderr

    first = run_fiit("--db", str(db), "stats", "--json", home=home)
    doc = as_json(first)
    assert _victims_counted(doc) == _final_victims(db)
    kept = list(db.with_name(db.name + ".reports").rglob("stats-k5-all.json"))
    assert len(kept) == 1 and kept[0].read_text(encoding="utf-8") + "\n" == first.stdout

    # Asked again: the kept text is printed (a marker written into it shows it is read, not recomputed).
    kept[0].write_text(json.dumps({**doc, "kept": True}), encoding="utf-8")
    assert as_json(run_fiit("--db", str(db), "stats", "--json", home=home)) == {**doc, "kept": True}
    assert "kept" not in as_json(run_fiit("--db", str(db), "stats", "--json", "--k", "6", home=home))

    with sqlite3.connect(db) as conn:
        uid = conn.execute("SELECT i.uid FROM fiit_interview i JOIN fiit_instrumentversion v"
                           " ON i.instrument_id = v.id WHERE v.instrument_id = 'victim'"
                           " AND i.status = 'final' ORDER BY i.id LIMIT 1").fetchone()[0]
    gone = run_fiit("--db", str(db), "withdraw", uid, "--yes", home=home)
    assert gone.returncode == 0, gone.stderr

    after = as_json(run_fiit("--db", str(db), "stats", "--json", home=home))
    assert "kept" not in after and after != doc
    assert _victims_counted(after) == _final_victims(db) == _victims_counted(doc) - 1
    assert not kept[0].exists()  # the old version's folder went with the withdrawal
