"""Issue 14 L4: ``kill -9`` in the middle of an import leaves no key share without its interview.

A real ``fiit import`` runs in a child process and is killed with SIGKILL while
it has written key shares whose interviews are not committed yet (seen from
outside: the share file holds more shares than the database has interviews).
Before the fix those shares stayed for ever; now ``fiit keys verify`` finds and
destroys them and says so, and every share left belongs to a stored interview.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from fiit.instruments import get_instrument
from tests.interop.samples import sample_submissions, write_kobo_csv

from .conftest import FIIT, run_fiit

ROWS = 3000


def _count(path, query):
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as conn:
            return conn.execute(query).fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # the table is not there yet


def _uids(path, query):
    with sqlite3.connect(path) as conn:
        return {str(row[0]).replace("-", "") for row in conn.execute(query)}


def _kill_while_shares_are_ahead(cmd, env, shares, db, deadline=240.0):
    """Start the import; SIGKILL it the moment shares outnumber stored interviews. True if it was caught so."""
    child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             start_new_session=True)
    end = time.monotonic() + deadline
    try:
        while child.poll() is None and time.monotonic() < end:
            if _count(shares, "SELECT count(*) FROM share") > _count(db, "SELECT count(*) FROM fiit_interview"):
                os.killpg(child.pid, signal.SIGKILL)  # the import and its reader process
                child.wait()
                return True
            time.sleep(0.005)
        return False
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def test_kill_9_mid_import_leaves_no_orphan_share(tmp_path):
    instrument = get_instrument("policymaker")
    export = write_kobo_csv(tmp_path / "kobo.csv", instrument, sample_submissions(instrument, ROWS, seed=21))
    keys = tmp_path / "keys" / "fiit-keys.json"
    shares = keys.with_name("fiit-keys-shares.sqlite3")
    db = tmp_path / "data" / "fiit.sqlite3"
    db.parent.mkdir()
    assert run_fiit("--key-file", str(keys), "keys", "init", "--path", str(keys)).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "DJANGO_"))}
    cmd = [FIIT, "--key-file", str(keys), "--db", str(db), "import", "kobo", "--instrument", "policymaker",
           str(export)]
    caught = False
    for _attempt in range(3):
        if _kill_while_shares_are_ahead(cmd, env, shares, db):
            share_uids = _uids(shares, "SELECT interview FROM share")
            stored = _uids(db, "SELECT uid FROM fiit_interview") if db.exists() else set()
            if share_uids - stored:
                caught = True
                break
    assert caught, "the import was never killed between writing shares and committing interviews"
    orphans = len(share_uids - stored)

    verify = run_fiit("--key-file", str(keys), "--db", str(db), "keys", "verify")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"{orphans} orphan key share(s) removed" in verify.stdout
    stored = _uids(db, "SELECT uid FROM fiit_interview")
    assert _uids(shares, "SELECT interview FROM share") == stored  # no share without its interview, none lost
    assert _count(shares, "SELECT count(*) FROM pending") == 0

    again = run_fiit("--key-file", str(keys), "--db", str(db), "keys", "verify")
    assert "orphan" not in again.stdout
    finished = run_fiit("--key-file", str(keys), "--db", str(db), "import", "kobo", "--instrument", "policymaker",
                        str(export))
    assert finished.returncode == 0, finished.stderr
    assert _count(db, "SELECT count(*) FROM fiit_interview") == ROWS
    assert _uids(shares, "SELECT interview FROM share") == _uids(db, "SELECT uid FROM fiit_interview")
