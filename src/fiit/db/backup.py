"""``fiit backup`` and ``fiit restore``: a consistent online copy, encrypted, and a restore that keeps withdrawals.

What a backup holds: the database (SQLite's online backup API: a consistent
copy while the app runs), the key shares, the audit anchor and the form keys of
encrypted ODK forms (the small files beside the key file), and a manifest. It is encrypted under a key derived from
the key file (:mod:`fiit.vault.backup`); the key file itself is never in it.

The choice about the shares (finding L12): backups carry them. Without the
shares, losing the share file would lose every interview for good, backups
included. With them, a backup would undo crypto-erasure — so every withdrawal
is also written into the withdrawal register beside the key file, and
restoring replays the register before the copy is used: the withdrawn
interview is deleted again and its share is not put back. A backup is
therefore only as erasing as the register kept with the key file; a backup
restored by hand without fiit and without the register would bring withdrawn
respondents back, which is why backups are encrypted and must be kept, and
thrown away after their retention period, like the key file.

A restore is all or nothing: the copy is made in a private folder beside the
target, migrated, its withdrawals replayed and its chain renewed there; only
then do the shares, anchor and form keys it needs go back beside the key file,
and the folder is renamed into place. A restore that fails removes its folder
and leaves the target and the key file's stores as they were.

Order of the copy: the database first, then the shares. A share is written
before its interview, so every interview in the copy finds its share; one
withdrawn in between is in the register, which restore replays in full.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from fiit.db.audit import chain_id, record, renew_chain
from fiit.problems import FiitError
from fiit.db.models import AuditEvent, Interview
from fiit.vault import KeyFile
from fiit.vault.anchor import anchor_store_for
from fiit.vault.backup import open_backup, seal_backup
from fiit.vault.formkeys import form_keys
from fiit.vault.shares import share_store_for
from fiit.vault.withdrawals import withdrawals_for

DATABASE, SHARES, ANCHOR, MANIFEST = "fiit.sqlite3", "shares.sqlite3", "audit-head.sqlite3", "manifest.json"
FORM_KEYS = "form-keys.sqlite3"  # the RSA keys of encrypted forms (fiit.vault.formkeys), sealed under the key file


class BackupRefused(FiitError):
    """The backup or restore cannot be done as asked; the message says why and what to do."""

    code = "backup_refused"


@dataclass(frozen=True)
class RestoreResult:
    database: Path
    interviews: int
    replayed: int          # withdrawn interviews deleted again from the copy
    chain: str


def _copy_sqlite(source: Path, folder: Path, name: str) -> bytes:
    target = folder / name
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target.read_bytes()


def make_backup(keyfile: KeyFile, out: Path) -> dict:
    """Write an encrypted backup of this database, its key shares and its audit anchor to ``out``."""
    if connection.vendor != "sqlite":
        raise BackupRefused("fiit backup copies SQLite databases; for PostgreSQL use pg_dump, and back up the files "
                            "beside the key file (*-shares.sqlite3, *-audit-head.sqlite3) with it.")
    out = Path(out)
    if out.exists():
        raise BackupRefused(f"{out} exists already; fiit never overwrites a backup.")
    withdrawals = withdrawals_for(keyfile.path)
    record("backup_made", actor="cli", details={"withdrawals_seq": withdrawals.last_seq()}, keyfile=keyfile)
    manifest = {"fiit_backup": 1, "made_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "chain": chain_id(), "audit_seq": AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first(),
                "withdrawals_seq": withdrawals.last_seq(), "interviews": Interview.objects.count()}
    with tempfile.TemporaryDirectory(prefix="fiit-backup-") as tmp:  # private (0700)
        folder = Path(tmp)
        members = {
            DATABASE: _copy_sqlite(Path(connection.settings_dict["NAME"]), folder, DATABASE),
            SHARES: _copy_sqlite(share_store_for(keyfile.path).path, folder, SHARES),
            ANCHOR: _copy_sqlite(anchor_store_for(keyfile.path).path, folder, ANCHOR),
            FORM_KEYS: _copy_sqlite(form_keys(keyfile).path, folder, FORM_KEYS),
            MANIFEST: json.dumps(manifest, indent=1).encode(),
        }
    blob = seal_backup(keyfile, members)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(blob)
    return manifest


def unpack_restore(keyfile: KeyFile, backup: Path, staging_dir: Path) -> tuple[Path, dict, dict[str, bytes]]:
    """Step one of a restore: open the backup and write its database into ``staging_dir``.

    Nothing outside ``staging_dir`` is touched here: the shares, the audit
    anchor and the form keys go back only once the copy is ready
    (:func:`return_sidecars`), and the copy reaches its folder only at the end
    (:func:`move_into_place`). Returns the database, the manifest and the members.
    """
    members = open_backup(keyfile, Path(backup).read_bytes())
    if DATABASE not in members or MANIFEST not in members:
        raise BackupRefused("The backup file is incomplete: it has no database or no manifest.")
    try:
        manifest = json.loads(members[MANIFEST])
    except ValueError:
        raise BackupRefused("The backup file is damaged: its manifest cannot be read.") from None
    database = Path(staging_dir) / DATABASE
    fd = os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(members[DATABASE])
    return database, manifest, members


def _rows(blob: bytes, query: str) -> list[tuple]:
    """The rows of ``query`` over a SQLite file held in memory (written to a private temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="fiit-restore-") as tmp:
        path = Path(tmp) / "member.sqlite3"
        path.write_bytes(blob)
        conn = sqlite3.connect(path)
        try:
            return list(conn.execute(query))
        finally:
            conn.close()


def check_sidecars(members: dict[str, bytes]) -> None:
    """Read every file beside the database in the backup before anything is restored (a damaged one refuses)."""
    queries = {SHARES: "SELECT interview, share FROM share", ANCHOR: "SELECT chain, seq, hash FROM audit_head",
               FORM_KEYS: "SELECT form_id, key_id, sealed, public_pem FROM form_key"}
    for name, query in queries.items():
        if name in members:
            try:
                _rows(members[name], query)
            except sqlite3.Error:
                raise BackupRefused(f"The backup file is damaged: its {name} cannot be read.") from None


def return_sidecars(keyfile: KeyFile, members: dict[str, bytes]) -> dict[str, int]:
    """Put back, beside the key file, what the backup holds and the key file's stores lost.

    Shares of withdrawn interviews are never put back; nothing present is replaced; an anchor never moves back.
    """
    withdrawals = withdrawals_for(keyfile.path)
    returned = {"shares": 0, "form_keys": 0}
    if SHARES in members:
        kept = {uid: bytes(share) for uid, share in _rows(members[SHARES], "SELECT interview, share FROM share")
                if uid not in withdrawals}
        returned["shares"] = share_store_for(keyfile.path).restore_missing(kept)
    if ANCHOR in members:
        anchors = anchor_store_for(keyfile.path)
        for chain, seq, head in _rows(members[ANCHOR], "SELECT chain, seq, hash FROM audit_head"):
            anchors.advance(chain, seq, head)  # never moves a head back
    if FORM_KEYS in members:
        rows = _rows(members[FORM_KEYS], "SELECT form_id, key_id, sealed, public_pem FROM form_key")
        returned["form_keys"] = form_keys(keyfile).restore_missing(rows)
    return returned


def finish_restore(keyfile: KeyFile, database: Path, manifest: dict) -> RestoreResult:
    """Step two, with Django on the restored copy: replay withdrawals, then give the copy a chain of its own."""
    from fiit.db.answers import destroy_interview

    new_chain = renew_chain(keyfile, actor="restore")  # first: the copy's entries must not extend the original's chain
    replayed = 0
    for uid in withdrawals_for(keyfile.path).since(0):
        interview = Interview.objects.filter(uid=uid).select_related("instrument").first()
        if interview is None:
            continue
        pk = interview.pk
        destroy_interview(interview, keyfile)
        record("delete_interview", actor="restore", record_type="interview", record_id=pk,
               details={"reason": "withdrawn (replayed on restore)"}, keyfile=keyfile)
        replayed += 1
    return RestoreResult(database=database, interviews=Interview.objects.count(), replayed=replayed,
                         chain=new_chain)
