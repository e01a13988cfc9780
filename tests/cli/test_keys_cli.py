"""Issue 14, H1: a key is never dropped while any database on the key file still needs it.

Before the fix, `fiit keys rotate` on demo A removed from the shared key file
every key A no longer used, and all of demo B's interviews became unreadable
while `fiit demo` on B still said "reusing".
"""

import json
import sqlite3

import pytest

from .conftest import run_fiit


@pytest.fixture(scope="module")
def two_demos(tmp_path_factory):
    base = tmp_path_factory.mktemp("twodemos")
    home = base / "config"
    a, b = base / "a.sqlite3", base / "b.sqlite3"
    for db in (a, b):
        result = run_fiit("--db", str(db), "demo", "--no-serve", "--no-reports", home=home)
        assert result.returncode == 0, result.stderr
    return {"a": a, "b": b, "home": home, "keys": home / "fiit" / "demo-keys.json", "base": base}


def _key_ids(db):
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT key_id FROM fiit_interview WHERE wrapped_key IS NOT NULL")}


def test_rotating_one_database_leaves_the_other_readable_until_it_rotates_too(two_demos):
    a, b, home, keys = two_demos["a"], two_demos["b"], two_demos["home"], two_demos["keys"]
    old = json.loads(keys.read_text())["current"]
    assert _key_ids(a) == _key_ids(b) == {old}
    # A backup of B made before any rotation.
    backup = two_demos["base"] / "b-backup.sqlite3"
    with sqlite3.connect(b) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)

    rotated = run_fiit("--db", str(a), "keys", "rotate", home=home)
    assert rotated.returncode == 0, rotated.stderr
    assert "backups made before now still need them" in rotated.stdout
    doc = json.loads(keys.read_text())
    assert old in doc["keys"] and doc["current"] != old
    assert _key_ids(a) == {doc["current"]} and _key_ids(b) == {old}

    # The done-when check: B on the same key file still reads every sealed field.
    verify_b = run_fiit("--db", str(b), "keys", "verify", home=home)
    assert verify_b.returncode == 0, verify_b.stdout + verify_b.stderr
    with sqlite3.connect(b) as conn:
        interviews, fields = conn.execute(
            "SELECT count(DISTINCT interview_id), count(*) FROM fiit_answer WHERE sealed IS NOT NULL").fetchone()
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table in ("fiit_codingmemo", "fiit_frozenquote", "fiit_finding"):  # sealed too, opened by verify
            if table in tables:
                fields += conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert f"{fields} sealed field(s) checked: 0 unreadable" in verify_b.stdout
    assert fields > 500

    # Retiring the old key is refused while B (registered with the key file) uses it.
    refused = run_fiit("--db", str(a), "keys", "retire", old, home=home)
    assert refused.returncode == 1
    assert f"{b.resolve()}" in refused.stderr and "still uses it" in refused.stderr
    assert old in json.loads(keys.read_text())["keys"]
    # So is the current key.
    current = run_fiit("--db", str(a), "keys", "retire", doc["current"], home=home)
    assert current.returncode == 1 and "current key" in current.stderr

    # B rotates too; the old key can now go, and the command says what that means for old backups.
    assert run_fiit("--db", str(b), "keys", "rotate", home=home).returncode == 0
    retired = run_fiit("--db", str(a), "keys", "retire", old, home=home)
    assert retired.returncode == 0, retired.stderr
    assert "backups made before the rotation" in retired.stdout
    assert old not in json.loads(keys.read_text())["keys"]
    for db in (a, b):
        ok = run_fiit("--db", str(db), "keys", "verify", home=home)
        assert ok.returncode == 0 and " 0 unreadable" in ok.stdout

    # The backup made before rotation really needs the retired key: verify says so, exit 1.
    stale = run_fiit("--db", str(backup), "keys", "verify", home=home)
    assert stale.returncode == 1
    assert f"{interviews} interview(s))" in stale.stdout and f"has no key '{old}'" in stale.stdout

    # And `fiit demo` refuses to "reuse" a study it cannot read.
    again = run_fiit("--db", str(backup), "demo", "--no-serve", "--no-reports", home=home)
    assert again.returncode == 1
    assert "reusing" not in again.stdout and "cannot be read" in again.stderr


def test_retire_refuses_while_a_registered_database_cannot_be_asked(two_demos, tmp_path):
    home, keys = two_demos["home"], two_demos["keys"]
    c = tmp_path / "c.sqlite3"
    with sqlite3.connect(two_demos["a"]) as src, sqlite3.connect(c) as dst:
        src.backup(dst)
    assert run_fiit("--db", str(c), "keys", "verify", home=home).returncode == 0  # registers c
    rotated = run_fiit("--db", str(c), "keys", "rotate", home=home)
    assert rotated.returncode == 0
    old = next(k for k in json.loads(keys.read_text())["keys"] if k != json.loads(keys.read_text())["current"])
    for db in (two_demos["a"], two_demos["b"]):
        assert run_fiit("--db", str(db), "keys", "rotate", home=home).returncode == 0
    c.rename(tmp_path / "moved.sqlite3")
    refused = run_fiit("--db", str(two_demos["a"]), "keys", "retire", old, home=home)
    assert refused.returncode == 1 and "does not exist" in refused.stderr
    forgot = run_fiit("--db", str(two_demos["a"]), "keys", "retire", old, "--forget", f"sqlite:///{c.resolve()}",
                      home=home)
    assert forgot.returncode == 0, forgot.stderr
