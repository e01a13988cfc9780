"""Key shares: the part of each interview's wrapping key that lives outside the database.

An interview's data key is wrapped under a key derived (HKDF-SHA256) from the
key-encryption key *and* a random per-interview share kept in this store, a
small SQLite file next to the key file. Deleting an interview destroys its
share, so no copy of the database — a backup included — can unwrap that
interview's data key afterwards, even with the key file.
"""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from fiit.problems.errors import FiitError
from fiit.vault.sidecar import SidecarStore, beside


class ShareDestroyed(FiitError):
    """The interview's key share is gone: its data can no longer be read."""

    code = "share_destroyed"


def wrapping_key(kek: bytes, share: bytes, interview_id: str) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=share,
                info=f"fiit-wrap|{interview_id}".encode()).derive(kek)


def new_share() -> bytes:
    """A fresh random key share (32 bytes)."""
    return secrets.token_bytes(32)


@dataclass(frozen=True)
class Pending:
    """A share written for an interview whose database transaction had not committed yet."""

    interview: str
    database: str
    host: str
    pid: int


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


class ShareStore(SidecarStore):
    """The shares, and which of them are still *pending*: written, their interviews not yet committed.

    Shares are written (durably) before the interviews they unlock, in another
    file than the database, so no transaction spans both. A writer killed in
    between (``kill -9`` mid-import) leaves shares whose interviews never
    landed (issue 14, L4). Each share is therefore written together with a
    pending mark naming its database, host and process; the writer clears the
    marks once its transaction has committed, and :meth:`sweep` settles what a
    dead writer left: a share whose interview is in its database stays, the
    others are destroyed. A mark of a live process, or of another database or
    host, is never touched.
    """

    SCHEMA = ("CREATE TABLE IF NOT EXISTS share (interview TEXT PRIMARY KEY, share BLOB NOT NULL);"
              "CREATE TABLE IF NOT EXISTS pending (interview TEXT PRIMARY KEY, database TEXT NOT NULL, "
              "host TEXT NOT NULL, pid INTEGER NOT NULL)")
    PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA secure_delete=ON", "PRAGMA synchronous=FULL")
    SUFFIX = "-shares.sqlite3"

    def create(self, interview_id: str) -> bytes:
        share = new_share()
        self._connect().execute("INSERT INTO share (interview, share) VALUES (?, ?)", (interview_id, share))
        return share

    def add_many(self, shares: Mapping[str, bytes], *, pending_in: str = "") -> None:
        """Store shares made elsewhere (:class:`fiit.vault.sealing.InterviewSealer`), all or none, durably.

        ``pending_in``: the database whose transaction will hold their interviews; the shares are marked
        pending until :meth:`settle` (see the class).
        """
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT INTO share (interview, share) VALUES (?, ?)", list(shares.items()))
            if pending_in:
                me = (pending_in, socket.gethostname(), os.getpid())
                conn.executemany("INSERT OR REPLACE INTO pending (interview, database, host, pid) VALUES (?, ?, ?, ?)",
                                 [(uid, *me) for uid in shares])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def settle(self, interview_ids: Iterable[str]) -> None:
        """The interviews of these shares are committed: the shares are no longer pending."""
        ids = [(uid,) for uid in interview_ids]
        if ids:
            self._connect().executemany("DELETE FROM pending WHERE interview = ?", ids)

    def pending(self) -> list[Pending]:
        return [Pending(*row) for row in
                self._connect().execute("SELECT interview, database, host, pid FROM pending ORDER BY interview")]

    def sweep(self, database: str, present: Callable[[list[str]], set[str]]) -> list[str]:
        """Settle the pending shares of ``database`` left by writers that are gone; destroy the orphans.

        ``present(uids)`` says which of these interviews the database holds. Returns the orphans destroyed.
        """
        host = socket.gethostname()
        left = [p for p in self.pending() if p.database == database and p.host == host]
        if not left:
            return []
        held = present([p.interview for p in left])
        self.settle(p.interview for p in left if p.interview in held)
        orphans = [p.interview for p in left if p.interview not in held and not _alive(p.pid)]
        for uid in orphans:
            self.destroy(uid)
        return orphans

    def restore_missing(self, shares: Mapping[str, bytes]) -> int:
        """Put back shares this store lost (from a backup); never replaces one. Returns how many came back."""
        conn = self._connect()
        before = self.count()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT OR IGNORE INTO share (interview, share) VALUES (?, ?)", list(shares.items()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return self.count() - before

    def all(self) -> dict[str, bytes]:
        return {row[0]: bytes(row[1]) for row in self._connect().execute("SELECT interview, share FROM share")}

    def get(self, interview_id: str) -> bytes:
        row = self._connect().execute("SELECT share FROM share WHERE interview = ?", (interview_id,)).fetchone()
        if row is None:
            raise ShareDestroyed(f"The key share of interview {interview_id} does not exist (destroyed or never issued).")
        return bytes(row[0])

    def destroy(self, interview_id: str) -> None:
        conn = self._connect()
        conn.execute("DELETE FROM share WHERE interview = ?", (interview_id,))
        conn.execute("DELETE FROM pending WHERE interview = ?", (interview_id,))
        # Push the deletion out of the WAL into the (zeroed) main file.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def count(self) -> int:
        return self._connect().execute("SELECT count(*) FROM share").fetchone()[0]


def share_store_for(keyfile_path: str | Path) -> ShareStore:
    """The share store that belongs to a key file (beside it, same folder)."""
    return beside(keyfile_path, ShareStore)
