"""The register of withdrawals, kept beside the key file.

A withdrawal deletes the interview and destroys its key share. A backup made
before the withdrawal still holds the interview (and, since backups carry the
shares, its share): restoring it would bring the respondent back. So every
withdrawal is also written here, outside the database and outside every
backup, and ``fiit restore`` replays the register onto the restored copy
before anyone can open it. Only the interview's random id is kept.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fiit.vault.sidecar import SidecarStore, beside


class WithdrawalRegister(SidecarStore):
    SCHEMA = ("CREATE TABLE IF NOT EXISTS withdrawal (seq INTEGER PRIMARY KEY AUTOINCREMENT, "
              "interview TEXT NOT NULL UNIQUE, at TEXT NOT NULL)")
    PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL")
    SUFFIX = "-withdrawals.sqlite3"

    def add(self, interview_uid: str) -> None:
        self._connect().execute("INSERT OR IGNORE INTO withdrawal (interview, at) VALUES (?, ?)",
                                (interview_uid, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))

    def last_seq(self) -> int:
        return self._connect().execute("SELECT coalesce(max(seq), 0) FROM withdrawal").fetchone()[0]

    def since(self, seq: int = 0) -> list[str]:
        """The interviews withdrawn after position ``seq`` of the register, oldest first."""
        return [row[0] for row in self._connect().execute(
            "SELECT interview FROM withdrawal WHERE seq > ? ORDER BY seq", (seq,))]

    def __contains__(self, interview_uid: str) -> bool:
        return self._connect().execute("SELECT 1 FROM withdrawal WHERE interview = ?",
                                       (interview_uid,)).fetchone() is not None


def withdrawals_for(keyfile_path: str | Path) -> WithdrawalRegister:
    """The withdrawal register that belongs to a key file (beside it, same folder)."""
    return beside(keyfile_path, WithdrawalRegister)
