"""Key shares: the part of each interview's wrapping key that lives outside the database.

An interview's data key is wrapped under a key derived (HKDF-SHA256) from the
key-encryption key *and* a random per-interview share kept in this store, a
small SQLite file next to the key file. Deleting an interview destroys its
share, so no copy of the database — a backup included — can unwrap that
interview's data key afterwards, even with the key file.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Mapping

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


class ShareStore(SidecarStore):
    SCHEMA = "CREATE TABLE IF NOT EXISTS share (interview TEXT PRIMARY KEY, share BLOB NOT NULL)"
    PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA secure_delete=ON", "PRAGMA synchronous=FULL")
    SUFFIX = "-shares.sqlite3"

    def create(self, interview_id: str) -> bytes:
        share = new_share()
        self._connect().execute("INSERT INTO share (interview, share) VALUES (?, ?)", (interview_id, share))
        return share

    def add_many(self, shares: Mapping[str, bytes]) -> None:
        """Store shares made elsewhere (:class:`fiit.vault.sealing.InterviewSealer`), all or none, durably."""
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.executemany("INSERT INTO share (interview, share) VALUES (?, ?)", list(shares.items()))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

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
        # Push the deletion out of the WAL into the (zeroed) main file.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def count(self) -> int:
        return self._connect().execute("SELECT count(*) FROM share").fetchone()[0]


def share_store_for(keyfile_path: str | Path) -> ShareStore:
    """The share store that belongs to a key file (beside it, same folder)."""
    return beside(keyfile_path, ShareStore)
