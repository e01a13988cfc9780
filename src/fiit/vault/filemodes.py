"""Files readable by their owner only: the database (and its -wal/-shm), the key file, the files beside it.

Finding M4/L8 of issue 14: the SQLite database was created world-readable, and
with it the live session keys; the share store's -wal/-shm were too on first
creation. :func:`private_files` sets the process umask to 077 before anything
is written (every fiit process calls it first: the CLI, the WSGI app, the
settings), so every file fiit creates — SQLite's -wal and -shm included, which
SQLite makes itself — is 0600; :func:`make_private` tightens files made
before this fix.
"""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def private_files() -> None:
    """Every file this process creates from now on is readable and writable by its owner only."""
    if os.name == "posix":
        os.umask(0o077)


def make_private(path: str | Path) -> None:
    """chmod 600 a SQLite file and whichever of its -wal, -shm and -journal exist."""
    if os.name != "posix":
        return
    for suffix in SQLITE_COMPANIONS:
        candidate = Path(str(path) + suffix)
        try:
            if candidate.exists() and candidate.stat().st_mode & 0o077:
                candidate.chmod(0o600)
        except OSError:
            pass  # not ours to change: the owner check at start-up says so
