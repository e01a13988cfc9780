"""Small SQLite files kept beside the key file, outside the database: the key shares and the audit head.

Each is a :class:`SidecarStore` subclass with its own schema; :func:`beside`
gives the one store of a kind that belongs to a key file (one object per file
per process, one connection per thread, readable by the owner only).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import TypeVar

from fiit.vault.filemodes import make_private, private_files


class SidecarStore:
    SCHEMA = ""                      # CREATE TABLE IF NOT EXISTS …
    PRAGMAS: tuple[str, ...] = ("PRAGMA journal_mode=WAL",)
    SUFFIX = ""                      # the file's name is the key file's stem + SUFFIX

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._local = threading.local()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        private_files()
        self._connect().executescript(self.SCHEMA)
        make_private(self.path)  # and its -wal/-shm (L8)

    def _connect(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            for pragma in self.PRAGMAS:
                conn.execute(pragma)
            self._local.conn = conn
        return conn


S = TypeVar("S", bound=SidecarStore)
_stores: dict[Path, SidecarStore] = {}
_lock = threading.Lock()


def sidecar_path(keyfile_path: str | Path, kind: type[SidecarStore]) -> Path:
    path = Path(keyfile_path)
    return path.with_name(path.stem + kind.SUFFIX)


def beside(keyfile_path: str | Path, kind: type[S]) -> S:
    """The store of this kind that belongs to a key file (beside it, same folder)."""
    store_path = sidecar_path(keyfile_path, kind)
    with _lock:
        if store_path not in _stores:
            _stores[store_path] = kind(store_path)
        return _stores[store_path]  # type: ignore[return-value]
