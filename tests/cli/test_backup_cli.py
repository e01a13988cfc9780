"""Issue 14: backups that restore, and a restore that keeps withdrawals (the restore drill; findings L11, L12)."""

import json
import sqlite3

import pytest

from .conftest import run_fiit


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    base = tmp_path_factory.mktemp("backupdemo")
    db, home = base / "live.sqlite3", base / "config"
    result = run_fiit("--db", str(db), "demo", "--no-serve", "--no-reports", home=home)
    assert result.returncode == 0, result.stderr
    return {"db": db, "home": home, "base": base, "keys": home / "fiit" / "demo-keys.json"}


def _uids(db):
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute("SELECT uid FROM fiit_interview")}


def _form_keys(demo):
    with sqlite3.connect(demo["keys"].with_name("demo-keys.form-keys.sqlite3")) as conn:
        return {row[0]: bytes(row[1]) for row in conn.execute("SELECT form_id, public_pem FROM form_key")}


def test_restore_drill_backup_withdraw_restore(demo):
    db, home, base = demo["db"], demo["home"], demo["base"]
    backup = base / "before.fiitbackup"
    # An encrypted form's RSA key pair is kept beside the key file: the backup carries it too.
    form = run_fiit("--db", str(db), "export", "xlsform", "--instrument", "victim", "--encrypt",
                    "-o", str(base / "victim-encrypted.xlsx"), home=home)
    assert form.returncode == 0, form.stderr
    form_keys_before = _form_keys(demo)
    assert list(form_keys_before) == ["victim"]
    made = run_fiit("--db", str(db), "backup", "-o", str(backup), home=home)
    assert made.returncode == 0, made.stderr
    assert backup.stat().st_mode & 0o777 == 0o600
    raw = backup.read_bytes()
    assert raw.startswith(b"FIITBACKUP1\n") and b"SQLite format 3" not in raw  # encrypted, not a plain copy

    before = _uids(db)
    withdrawn = sorted(before)[3]
    gone = run_fiit("--db", str(db), "withdraw", withdrawn, "--yes", home=home)
    assert gone.returncode == 0, gone.stderr

    with sqlite3.connect(demo["keys"].with_name("demo-keys.form-keys.sqlite3")) as conn:
        conn.execute("DELETE FROM form_key")  # the form-key file is lost
    target = base / "restored"
    restored = run_fiit("restore", str(backup), "--to", str(target), home=home)
    assert restored.returncode == 0, restored.stderr
    assert "withdrawals replayed: 1" in restored.stdout and "form keys put back: 1" in restored.stdout
    assert _form_keys(demo) == form_keys_before
    from fiit.vault import load_key_file
    from fiit.vault.formkeys import FormKeyStore

    keyfile = load_key_file(demo["keys"])
    private = FormKeyStore(demo["keys"].with_name("demo-keys.form-keys.sqlite3")).form_key(keyfile, "victim")
    assert private is not None and private.private_key.key_size == 3072  # it opens with the key file
    assert not [p for p in base.iterdir() if ".restoring-" in p.name]  # no staging folder left
    copy = target / "fiit.sqlite3"
    assert _uids(copy) == before - {withdrawn}  # the withdrawn interview is gone, every other one is there

    keys = run_fiit("--db", str(copy), "keys", "verify", home=home)
    assert keys.returncode == 0, keys.stdout
    assert f"{len(before) - 1} interview(s)" in keys.stdout and " 0 unreadable" in keys.stdout
    audit = run_fiit("--db", str(copy), "audit", "verify", home=home)
    assert audit.returncode == 0 and audit.stdout.startswith("audit chain intact"), audit.stdout
    # The copy has a chain of its own: the live database still verifies, and so does the copy after both write.
    assert run_fiit("--db", str(db), "audit", "verify", home=home).returncode == 0
    with sqlite3.connect(copy) as conn:
        details = json.loads(conn.execute(
            "SELECT details FROM fiit_auditevent WHERE action = 'chain_restored'").fetchone()[0])
    with sqlite3.connect(db) as conn:
        first = conn.execute("SELECT prev_hash FROM fiit_auditevent WHERE seq = 1").fetchone()[0]
    assert details["from"] == first and details["chain"] != first

    # A second restore of the same backup: still no withdrawn respondent.
    again = run_fiit("restore", str(backup), "--to", str(base / "again"), home=home)
    assert again.returncode == 0 and withdrawn not in _uids(base / "again" / "fiit.sqlite3")


def test_restore_puts_back_lost_shares_but_never_a_withdrawn_ones(demo):
    db, home, base = demo["db"], demo["home"], demo["base"]
    backup = base / "for-lost-shares.fiitbackup"
    assert run_fiit("--db", str(db), "backup", "-o", str(backup), home=home).returncode == 0
    withdrawn = sorted(_uids(db))[0]
    assert run_fiit("--db", str(db), "withdraw", withdrawn, "--yes", home=home).returncode == 0
    shares = demo["keys"].with_name("demo-keys-shares.sqlite3")
    with sqlite3.connect(shares) as conn:  # the share file is lost (all but nothing)
        conn.execute("DELETE FROM share")
    broken = run_fiit("--db", str(db), "keys", "verify", home=home)
    assert broken.returncode == 1
    restored = run_fiit("restore", str(backup), "--to", str(base / "lost"), home=home)
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(shares) as conn:
        back = {row[0] for row in conn.execute("SELECT interview FROM share")}
    import uuid

    assert str(uuid.UUID(withdrawn)) not in back and len(back) > 100
    assert run_fiit("--db", str(db), "keys", "verify", home=home).returncode == 0
    assert run_fiit("--db", str(base / "lost" / "fiit.sqlite3"), "keys", "verify", home=home).returncode == 0


def test_a_backup_does_not_open_with_another_key_file_and_restore_writes_nothing(demo, tmp_path):
    backup = demo["base"] / "before.fiitbackup"
    other = tmp_path / "other-keys.json"
    assert run_fiit("keys", "init", "--path", str(other), home=tmp_path / "cfg").returncode == 0
    result = run_fiit("--key-file", str(other), "restore", str(backup), "--to", str(tmp_path / "x"),
                      home=tmp_path / "cfg")
    assert result.returncode == 1 and "no longer holds" in result.stderr or "does not open" in result.stderr
    assert not (tmp_path / "x" / "fiit.sqlite3").exists()


def _crafted_backup(demo, path, members):
    from fiit.vault import load_key_file
    from fiit.vault.backup import seal_backup

    path.write_bytes(seal_backup(load_key_file(demo["keys"]), members))
    return path


@pytest.mark.parametrize("what", ["database", "shares"])
def test_a_restore_that_fails_leaves_nothing_half(demo, tmp_path, what):
    """A backup that opens but whose database (or share file) is damaged: before, restore left the target
    folder holding a half-made copy (and could put shares back first); now nothing is written anywhere."""
    import uuid

    shares = demo["keys"].with_name("demo-keys-shares.sqlite3")
    fake = str(uuid.UUID(int=12345))
    share_db = tmp_path / "shares.sqlite3"
    with sqlite3.connect(share_db) as conn:
        conn.execute("CREATE TABLE share (interview TEXT PRIMARY KEY, share BLOB NOT NULL)")
        conn.execute("INSERT INTO share VALUES (?, ?)", (fake, b"x" * 32))
    good_db = demo["db"].read_bytes()
    members = {
        "fiit.sqlite3": b"SQLite format 3\x00" + b"\x07" * 4096 if what == "database" else good_db,
        "shares.sqlite3": share_db.read_bytes() if what == "database" else b"not a database at all" * 100,
        "manifest.json": json.dumps({"fiit_backup": 1, "made_at": "2026-01-01T00:00:00+00:00"}).encode(),
    }
    backup = _crafted_backup(demo, tmp_path / "damaged.fiitbackup", members)
    with sqlite3.connect(shares) as conn:
        before = conn.execute("SELECT count(*) FROM share").fetchone()[0]
    target = tmp_path / "restored"
    result = run_fiit("restore", str(backup), "--to", str(target), home=demo["home"])
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.startswith("fiit: error: ") and result.stderr.count("\n") == 1
    assert not target.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["shares.sqlite3", "damaged.fiitbackup"] or \
        sorted(p.name for p in tmp_path.iterdir()) == ["damaged.fiitbackup", "shares.sqlite3"]
    with sqlite3.connect(shares) as conn:
        assert conn.execute("SELECT count(*) FROM share").fetchone()[0] == before
        assert conn.execute("SELECT count(*) FROM share WHERE interview = ?", (fake,)).fetchone()[0] == 0


def test_restore_refuses_a_folder_that_is_not_empty(demo, tmp_path):
    target = tmp_path / "busy"
    target.mkdir()
    (target / "notes.txt").write_text("keep me")
    result = run_fiit("restore", str(demo["base"] / "before.fiitbackup"), "--to", str(target), home=demo["home"])
    assert result.returncode == 1 and "is not an empty folder" in result.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["busy"]
