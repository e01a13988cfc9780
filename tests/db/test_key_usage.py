"""Issue 14, H1: every table that wraps a data key counts when a key is retired, and `keys verify` opens it."""

import sqlite3

import pytest

pytestmark = pytest.mark.django_db


def test_another_database_is_asked_about_interviews_and_findings(tmp_path, db):
    from fiit.db.key_usage import key_ids_in_use

    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE fiit_interview (key_id TEXT, wrapped_key BLOB)")
        conn.execute("CREATE TABLE fiit_finding (key_id TEXT, wrapped_key BLOB)")
        conn.executemany("INSERT INTO fiit_interview VALUES (?, ?)", [("k1", b"x"), ("k0", None)])
        conn.execute("INSERT INTO fiit_finding VALUES ('k2', x'00')")
    assert key_ids_in_use(f"sqlite:///{other}") == {"k1", "k2"}  # k0 wraps nothing (destroyed)
    older = tmp_path / "older.sqlite3"  # a database from before findings existed
    with sqlite3.connect(older) as conn:
        conn.execute("CREATE TABLE fiit_interview (key_id TEXT, wrapped_key BLOB)")
        conn.execute("INSERT INTO fiit_interview VALUES ('k1', x'00')")
    assert key_ids_in_use(f"sqlite:///{older}") == {"k1"}


def test_a_finding_keeps_its_key_from_retirement_and_is_checked_by_verify(keyfile):
    from fiit.db.findings import save_finding
    from fiit.db.key_usage import database_name, key_ids_in_use, retire
    from fiit.db.models import Study
    from fiit.db.sealed_check import check_sealed
    from fiit.db.store import sync_frameworks
    from fiit.vault.keyfile import add_key

    sync_frameworks()
    study = Study.objects.create(name="S")
    save_finding(study, theme="work", statement={"en": "Most found work through the NGO."}, keyfile=keyfile)
    old = keyfile.current_id
    assert key_ids_in_use(database_name()) == {old}
    rotated = add_key(keyfile)  # a new current key, but the finding is still wrapped under the old one
    kept, check = retire(rotated, old)
    assert not check.ok and database_name() in check.users and old in kept.keys
    assert check_sealed(rotated).ok and check_sealed(rotated).fields == 1
    from fiit.vault.keyfile import retire_key

    broken = retire_key(rotated, old)  # what a retire without asking would do
    result = check_sealed(broken)
    assert not result.ok and "finding" in result.unreadable[0].question_id
