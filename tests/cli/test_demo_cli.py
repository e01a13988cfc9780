"""`fiit demo` then `fiit summary --json`: the FIIT design and the seed's Annex 2 totals."""

import sqlite3

from .conftest import as_json, run_fiit


def test_summary_json_has_the_fiit_counts_and_annex_2_totals(demo_db):
    data = as_json(run_fiit("--db", str(demo_db["db"]), "summary", "--json", home=demo_db["home"]))
    assert data["synthetic"] is True
    assert data["interviews"] == {
        "policymaker": {"BE": 4, "FR": 4, "HU": 4, "IT": 4, "GB": 3},
        "service_provider": {"BE": 7, "FR": 7, "HU": 5, "IT": 7, "GB": 5},
        "victim": {"BE": 11, "FR": 23, "HU": 9, "IT": 13, "GB": 6},
    }
    assert sum(data["interviews"]["victim"].values()) == 62
    fw = data["frameworks"]
    # Totals printed in Annex 2 of the FIIT report.
    assert sorted(fw["BE"]["permits_total"].values()) == [577, 1025, 3986]
    assert sorted(fw["FR"]["permits_total"].values()) == [607, 749]
    assert 5911 in fw["IT"]["permits_total"].values()
    assert sorted(fw["GB"]["permits_total"].values()) == [48, 162]
    assert fw["HU"]["identified_victims_total"] == 181
    assert fw["BE"]["identified_victims_total"] is None


def test_demo_is_reused_when_run_again_and_prints_logins(demo_db):
    assert "demo logins" in demo_db["output"] and "interviewer_be: demo-" in demo_db["output"]
    again = run_fiit("--db", str(demo_db["db"]), "demo", "--no-serve", "--no-reports", home=demo_db["home"])
    assert again.returncode == 0 and "reusing demo study" in again.stdout
    # The same passwords as the first time: logins are created once.
    first = [l for l in demo_db["output"].splitlines() if l.startswith("  coordinator:")]
    assert first and first[0] in again.stdout


def test_summary_text_is_a_readable_table(demo_db):
    result = run_fiit("--db", str(demo_db["db"]), "summary", home=demo_db["home"])
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    victim = next(l for l in lines if l.startswith("victim"))
    assert victim.split() == ["victim", "11", "23", "9", "13", "6", "62"]
    assert "[SYNTHETIC DATA]" in result.stdout


def test_open_answers_are_not_in_the_database_file_in_the_clear(demo_db):
    raw = demo_db["db"].read_bytes()
    wal = demo_db["db"].with_name(demo_db["db"].name + "-wal")
    raw += wal.read_bytes() if wal.exists() else b""
    assert b"[synthetic]" not in raw  # every open answer starts with this marker
    assert b"Synthetic Policymaker" not in raw  # policymakers' names are identifying fields
    with sqlite3.connect(demo_db["db"]) as conn:
        sealed = conn.execute("SELECT count(*) FROM fiit_answer WHERE sealed IS NOT NULL").fetchone()[0]
    assert sealed > 500


def test_audit_chain_of_the_demo_verifies_and_detects_a_change(demo_db, tmp_path):
    import shutil

    ok = run_fiit("--db", str(demo_db["db"]), "audit", "verify", home=demo_db["home"])
    assert ok.returncode == 0 and ok.stdout.startswith("audit chain intact")
    copy = tmp_path / "copy.sqlite3"
    with sqlite3.connect(demo_db["db"]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE fiit_auditevent SET actor = 'nobody' WHERE seq = 40")
    bad = run_fiit("--db", str(copy), "audit", "verify", home=demo_db["home"])
    assert bad.returncode == 1
    assert "audit chain broken at entry 40" in bad.stdout


def test_demo_writes_the_comparative_report_in_three_formats(demo_db):
    names = sorted(p.name for p in demo_db["out"].iterdir())
    suffixes = {p.rsplit(".", 1)[1] for p in names}
    assert {"html", "pdf", "docx"} <= suffixes, names
    pdf = next(p for p in demo_db["out"].iterdir() if p.suffix == ".pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_migrate_brings_the_shipped_frameworks_up_to_date(demo_db, tmp_path):
    import json
    import shutil

    db = tmp_path / "old.sqlite3"
    shutil.copy(demo_db["db"], db)
    with sqlite3.connect(db) as conn:  # a framework stored by an older fiit: English and Dutch only
        data = json.loads(conn.execute("SELECT data FROM fiit_framework WHERE country_id = 'FR'").fetchone()[0])
        data["name"] = {"en": "France", "nl": "Frankrijk"}
        conn.execute("UPDATE fiit_framework SET data = ? WHERE country_id = 'FR'", (json.dumps(data),))
    result = run_fiit("--db", str(db), "migrate", home=demo_db["home"])
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        data = json.loads(conn.execute("SELECT data FROM fiit_framework WHERE country_id = 'FR'").fetchone()[0])
    assert data["name"]["hu"] == "Franciaország"


def test_audit_verify_names_an_interview_whose_consent_was_changed_with_sqlite3(demo_db, tmp_path):
    """Issue 14 L9: a refusing respondent made quotable with a SQLite editor is detected."""
    copy = tmp_path / "edited.sqlite3"
    with sqlite3.connect(demo_db["db"]) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    with sqlite3.connect(copy) as conn:
        pk, uid = conn.execute("SELECT id, uid FROM fiit_interview WHERE consent_quotes = 0 ORDER BY id").fetchone()
        conn.execute("UPDATE fiit_interview SET consent_quotes = 1 WHERE id = ?", (pk,))
    bad = run_fiit("--db", str(copy), "audit", "verify", home=demo_db["home"])
    assert bad.returncode == 1
    assert bad.stdout.startswith("audit chain intact")  # the chain itself was not touched
    dashed = str(__import__("uuid").UUID(uid))
    assert f"interview {pk} ({dashed}): answers, consent, status or country were changed outside fiit" in bad.stdout
