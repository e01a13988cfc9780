"""The head of the audit chain, kept outside the database beside the key file.

The chain itself (:mod:`fiit.vault.audit`) shows any entry changed, inserted,
moved or removed *before* the last one, but entries cut from the end leave a
shorter chain that is still intact. So each recorded entry also advances an
anchor: the highest sequence number and its hash, in a small SQLite file next
to the key file (like the key shares). Whoever can rewrite the database can't
move the anchor back; :func:`check_head` then finds the missing tail.

Anchors are kept per chain, so several databases may share one key file (the
demo does). A chain is named by the random id its first entry carries (older
chains: by the hash of their first entry); a restored copy starts a chain of
its own, so it never shares its original's anchor.

Two more things make a cut stay detected for good:

- every append first checks the anchor against the trail it extends; a trail
  shorter than its anchor, or one whose anchored entry changed, raises an
  *alarm* that is kept here and never cleared, so writing new entries over a
  cut cannot make ``fiit audit verify`` pass again;
- the anchor knows which chain each database holds (by the name the key
  file's register uses); a chain that vanished from a database it knows, or
  was swapped for another, is an alarm too.
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


@dataclass(frozen=True)
class Binding:
    """The chain a database held when it last wrote an entry, and that entry's sequence number."""
    chain: str
    seq: int


class AnchorStore(SidecarStore):
    SCHEMA = ("CREATE TABLE IF NOT EXISTS audit_head (chain TEXT PRIMARY KEY, seq INTEGER NOT NULL, hash TEXT NOT NULL);"
              "CREATE TABLE IF NOT EXISTS audit_alarm (subject TEXT PRIMARY KEY, reason TEXT NOT NULL, at TEXT NOT NULL);"
              "CREATE TABLE IF NOT EXISTS audit_database (database TEXT PRIMARY KEY, chain TEXT NOT NULL, "
              "seq INTEGER NOT NULL)")
    SUFFIX = "-audit-head.sqlite3"
    #: As durable as the database it anchors (fiit.db.config: WAL, synchronous=NORMAL). The anchor advances once
    #: per audit entry, after the entry's commit; with SQLite's default (FULL) that was an fsync per page view
    #: that writes an entry, about 1 ms of each form and interview page's time (issue 16). Both files survive a
    #: crash of the process; a power cut may cost either its last commits. Before, the anchor never lost any, so
    #: a database that lost its last entries in a power cut raised an alarm for good; now that happens only
    #: when the database lost more of them than the anchor did.
    PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")

    def raise_alarm(self, subject: str, reason: str) -> None:
        """Record an alarm about a chain or a database; the first reason stays, and nothing clears it."""
        import datetime as dt

        self._connect().execute("INSERT OR IGNORE INTO audit_alarm (subject, reason, at) VALUES (?, ?, ?)",
                                (subject, reason, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")))

    def alarm(self, *subjects: str) -> str | None:
        for subject in subjects:
            row = self._connect().execute("SELECT reason, at FROM audit_alarm WHERE subject = ?", (subject,)).fetchone()
            if row:
                return f"{row[0]} (alarm raised {row[1]})"
        return None

    def bind(self, database: str, chain: str, seq: int) -> None:
        """Record that ``database`` holds ``chain`` up to entry ``seq`` (never moves a binding back on one chain)."""
        self._connect().execute(
            "INSERT INTO audit_database (database, chain, seq) VALUES (?, ?, ?) "
            "ON CONFLICT (database) DO UPDATE SET chain = excluded.chain, seq = excluded.seq "
            "WHERE excluded.chain != audit_database.chain OR excluded.seq > audit_database.seq",
            (database, chain, seq))

    def rename_database(self, old: str, new: str) -> None:
        """A database moved (a restore renamed into place): its binding follows it."""
        self._connect().execute("UPDATE OR REPLACE audit_database SET database = ? WHERE database = ?", (new, old))

    def forget_databases(self) -> None:
        """Forget every database and alarm (only for the test suite, whose database is emptied after each test)."""
        self._connect().executescript("DELETE FROM audit_database; DELETE FROM audit_alarm;")

    def binding(self, database: str) -> Binding | None:
        row = self._connect().execute("SELECT chain, seq FROM audit_database WHERE database = ?",
                                      (database,)).fetchone()
        return Binding(str(row[0]), int(row[1])) if row else None

    def advance(self, chain: str, seq: int, entry_hash: str) -> None:
        """Record entry ``seq`` as the chain's head, unless a later one is recorded already."""
        self._connect().execute(
            "INSERT INTO audit_head (chain, seq, hash) VALUES (?, ?, ?) "
            "ON CONFLICT (chain) DO UPDATE SET seq = excluded.seq, hash = excluded.hash "
            "WHERE excluded.seq > audit_head.seq", (chain, seq, entry_hash))

    def advance_and_bind(self, chain: str, seq: int, entry_hash: str, database: str) -> None:
        """:meth:`advance` and :meth:`bind` in one transaction: one commit of this file per audit entry, not two."""
        conn = self._connect()
        conn.execute("BEGIN IMMEDIATE")
        try:
            self.advance(chain, seq, entry_hash)
            self.bind(database, chain, seq)
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def head(self, chain: str) -> Head | None:
        row = self._connect().execute("SELECT seq, hash FROM audit_head WHERE chain = ?", (chain,)).fetchone()
        return Head(int(row[0]), str(row[1])) if row else None


_by_keyfile: dict[str, AnchorStore] = {}


def anchor_store_for(keyfile_path: str | Path) -> AnchorStore:
    """The anchor store that belongs to a key file (beside it, same folder).

    :func:`~fiit.vault.sidecar.beside` keeps one store per file for the process; it is looked up here by the
    key file's path as given, without working out the sidecar's path again (each audit entry asks twice)."""
    store = _by_keyfile.get(str(keyfile_path))
    if store is None:
        store = _by_keyfile[str(keyfile_path)] = beside(keyfile_path, AnchorStore)
    return store


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
