"""The register of databases that use a key file, kept beside it.

Several databases may seal their interviews under one key file (every demo
on a machine shares the demo key file). A key may only leave the key file
once *no* database still wraps a data key under it, so the key file has to
know its databases: each one that opens the key file is written here, and
``fiit keys retire`` asks every one of them before it drops a key.

A database is named by a URL without its password (``sqlite:///path`` or
``postgresql://user@host:port/name``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fiit.vault.sidecar import SidecarStore, beside


class DatabaseRegister(SidecarStore):
    SCHEMA = "CREATE TABLE IF NOT EXISTS database (name TEXT PRIMARY KEY, registered_at TEXT NOT NULL)"
    SUFFIX = "-databases.sqlite3"

    def register(self, name: str) -> None:
        self._connect().execute("INSERT OR IGNORE INTO database (name, registered_at) VALUES (?, ?)",
                                (name, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))

    def names(self) -> list[str]:
        return [row[0] for row in self._connect().execute("SELECT name FROM database ORDER BY name")]

    def forget(self, name: str) -> bool:
        return self._connect().execute("DELETE FROM database WHERE name = ?", (name,)).rowcount > 0


def register_for(keyfile_path: str | Path) -> DatabaseRegister:
    """The register that belongs to a key file (beside it, same folder)."""
    return beside(keyfile_path, DatabaseRegister)
