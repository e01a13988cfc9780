"""The head of the audit chain, kept outside the database beside the key file.

The chain itself (:mod:`fiit.vault.audit`) shows any entry changed, inserted,
moved or removed *before* the last one, but entries cut from the end leave a
shorter chain that is still intact. So each recorded entry also advances an
anchor: the highest sequence number and its hash, in a small SQLite file next
to the key file (like the key shares). Whoever can rewrite the database can't
move the anchor back; :func:`check_head` then finds the missing tail.

Anchors are kept per chain — the hash of a chain's first entry names it — so
several databases may share one key file (the demo does).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fiit.vault.audit import ChainCheck
from fiit.vault.sidecar import SidecarStore, beside


@dataclass(frozen=True)
class Head:
    seq: int
    hash: str


class AnchorStore(SidecarStore):
    SCHEMA = "CREATE TABLE IF NOT EXISTS audit_head (chain TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL)"
    SUFFIX = "-audit-head.sqlite3"

    def advance(self, chain: str, seq: int, entry_hash: str) -> None:
        """Record entry ``seq`` as the chain's head, unless a later one is recorded already."""
        self._connect().execute(
            "INSERT INTO audit_head (chain, seq, hash) VALUES (?, ?, ?) "
            "ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash "
            "WHERE excluded.seq > audit_head.seq", (chain, seq, entry_hash))

    def head(self, chain: str) -> Head | None:
        row = self._connect().execute("SELECT seq, hash FROM audit_head WHERE chain = ?", (chain,)).fetchone()
        return Head(int(row[0]), str(row[1])) if row else None


def anchor_store_for(keyfile_path: str | Path) -> AnchorStore:
    """The anchor store that belongs to a key file (beside it, same folder)."""
    return beside(keyfile_path, AnchorStore)


def check_head(check: ChainCheck, last: Head | None, anchored: Head | None,
               hash_at_anchor: str | None) -> ChainCheck:
    """An intact chain, checked against its anchor: is the anchored entry still there, unchanged?

    ``last`` is the chain's last entry in the database, ``hash_at_anchor`` the
    hash of its entry with the anchored sequence number (None if there is none).
    """
    if not check.ok or anchored is None:
        return check
    if last is None or last.seq < anchored.seq:
        ends = f"entry {last.seq}" if last else "no entry"
        return ChainCheck(False, check.entries, (last.seq + 1) if last else 1, None,
                          f"the trail ends at {ends}, but the anchor beside the key file records entry "
                          f"{anchored.seq}: entries were removed from the end")
    if hash_at_anchor != anchored.hash:
        return ChainCheck(False, check.entries, anchored.seq, None,
                          "it is not the entry the anchor beside the key file records (replaced)")
    return check
