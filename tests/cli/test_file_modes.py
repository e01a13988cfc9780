"""Issue 14, M4 and L8: the database (with its session rows), its -wal/-shm, the key file and the files
beside it are readable by their owner only, whatever the umask the command was started with."""

import os
import stat
import subprocess

from .conftest import run_fiit


def _mode(path):
    return stat.S_IMODE(path.stat().st_mode)


def test_every_file_the_demo_writes_is_the_owners_only(tmp_path):
    old = os.umask(0o022)  # a usual login umask: files would be world-readable
    try:
        db, home = tmp_path / "d" / "x.sqlite3", tmp_path / "config"
        result = run_fiit("--db", str(db), "demo", "--no-serve", "--no-reports", home=home)
        assert result.returncode == 0, result.stderr
        # another process holds the database open, as the served app does: -wal and -shm exist
        holder = subprocess.Popen(["python3", "-c", "import sqlite3,sys,time; c=sqlite3.connect(sys.argv[1]); "
                                   "c.execute('select count(*) from fiit_interview').fetchone(); "
                                   "print('open', flush=True); time.sleep(30)", str(db)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert holder.stdout.readline().strip() == "open"
            files = [p for p in list(db.parent.iterdir()) + list((home / "fiit").iterdir()) if p.is_file()]
            names = {p.name for p in files}
            assert {"x.sqlite3", "demo-keys.json", "demo-keys-shares.sqlite3", "demo-keys-audit-head.sqlite3"} <= names
            assert any(n.endswith("-wal") for n in names)
            loose = {p.name: oct(_mode(p)) for p in files if _mode(p) & 0o077}
            assert loose == {}
        finally:
            holder.kill()
            holder.wait()
    finally:
        os.umask(old)
