"""`fiit stats --json` on the demo (the installed command): answer states per question, told apart and
consistent with the published interview counts (issue 13 item 5)."""

from __future__ import annotations

import sqlite3

from .conftest import as_json, run_fiit

STATES = ("answered", "declined", "not_applicable", "unanswered", "not_asked")


def test_stats_json_tells_the_answer_states_apart(demo_db):
    doc = as_json(run_fiit("--db", str(demo_db["db"]), "stats", "--json", home=demo_db["home"]))
    rows = doc["answer_states"]
    assert rows and all(set(STATES) <= set(r) for r in rows)
    assert all(s["statistics_over"] == "answered" for s in doc["scales"])
    counts = {(c["instrument"], c["country"]): c["n"] for c in doc["counts"] if c["group"] is None}
    complete = 0
    for r in rows:
        values = [r[s] for s in STATES]
        assert all(v is None or v == 0 or v >= 5 for v in values)
        if None not in values and counts.get((r["instrument"], r["country"])) is not None:
            assert sum(values) == counts[r["instrument"], r["country"]]  # every interview in one state
            complete += 1
    assert complete > 10
    # The demo routes: some questions do not apply to everyone; the answered count of a scale is its n.
    assert any(r["not_applicable"] for r in rows)
    scale_n = {(s["question_id"], s["country"]): s["n"] for s in doc["scales"] if s["group"] is None}
    for r in rows:
        if (r["question_id"], r["country"]) in scale_n and r["answered"] is not None:
            assert r["answered"] == scale_n[r["question_id"], r["country"]]

    # Independently: the demo's stored victim scale answers, counted in SQL.
    with sqlite3.connect(demo_db["db"]) as db:
        stored = dict(db.execute(
            "SELECT a.question_id, COUNT(*) FROM fiit_answer a JOIN fiit_interview i ON a.interview_id = i.id "
            "JOIN fiit_instrumentversion v ON i.instrument_id = v.id WHERE v.instrument_id = 'victim' "
            "AND i.status = 'final' AND a.question_id LIKE '%_scale' AND a.value != '\"declined\"' "
            "GROUP BY a.question_id").fetchall())
    for r in rows:
        if r["instrument"] == "victim" and r["country"] is None and r["question_id"] in stored:
            assert r["answered"] in (None, stored[r["question_id"]])
