"""Recording and verifying the audit trail in the database."""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from typing import Any, Mapping

from django.db import connection, transaction

from fiit.db.keys import current_keyfile
from fiit.db.models import AuditEvent, Interview
from fiit.vault import KeyFile
from fiit.vault.anchor import Head, anchor_store_for, check_head
from fiit.vault.audit import ChainCheck, chain_identity, entry_hash, new_chain_start, verify_chain

log = logging.getLogger(__name__)

ACTIONS = {
    "login", "login_failed", "logout", "view_interview", "create_interview", "change_interview",
    "finalise_interview", "delete_interview", "export", "import", "user_created", "user_changed",
    "role_changed", "password_changed", "keys_rotated", "keys_retired", "consent_recorded", "quote_approved", "quote_withdrawn", "recommendation_added",
    "recommendation_changed", "recommendation_deleted",
    # qualitative analysis (fiit.db.coding, findings, coding_exchange)
    "codebook_saved", "coding_read", "consensus_coded", "qda_export", "qda_import", "finding_saved",
    "finding_published", "finding_deleted", "quote_frozen",
    # keys, backups (harden)
    "chain_restored", "backup_made", "quotes_read", "fields_sealed",
    # a save that met a country lead's edit: which answer the interviewer kept (fiit.db.answer_base)
    "conflict_resolved",
}
FORBIDDEN_DETAIL_KEYS = {"text", "answer", "answers", "name", "password", "value"}


def record(action: str, *, actor: str = "system", record_type: str = "", record_id: Any = "",
           details: Mapping[str, Any] | None = None, keyfile: KeyFile | None = None) -> AuditEvent:
    """Append one entry to the chain (atomic; entries are never updated).

    The anchor beside the key file is checked first: a trail cut behind its
    anchor raises a lasting alarm there (:mod:`fiit.vault.anchor`).
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}'")
    details = dict(details or {})
    leaked = FORBIDDEN_DETAIL_KEYS & set(details)
    if leaked:
        raise ValueError(f"audit details must not carry {', '.join(sorted(leaked))}")
    keyfile = keyfile or current_keyfile()
    if connection.vendor == "postgresql" and not connection.in_atomic_block and connection.get_autocommit():
        return _append_alone(keyfile, action, actor, record_type, record_id, details)
    # No savepoint of its own: inside a caller's transaction a failed append fails that whole transaction.
    with transaction.atomic(savepoint=False):
        _serialise_writers()
        chain, entry = _next_entry(keyfile, _last_entry(), action, actor, record_type, record_id, details)
        event = _insert(entry)
        if chain:
            # only once the entry is committed: an anchor must never point past the stored trail
            transaction.on_commit(lambda: _advance(keyfile, chain, entry["seq"], entry["hash"]))
        return event


def _next_entry(keyfile: KeyFile, last: _Last | None, action: str, actor: str, record_type: str, record_id: Any,
                details: dict) -> tuple[str | None, dict[str, Any]]:
    """The entry that follows ``last`` (the anchor checked first), and the chain its anchor advances."""
    if last is None:
        _check_start(keyfile)
        chain = new_chain_start()  # this database's chain identity: entry 1 links to it
    else:
        chain = last.chain
        if action != "chain_restored":  # a restored copy is behind its original's anchor, and leaves it
            _check_extends(keyfile, chain, last)
    entry = {
        "seq": (last.seq + 1) if last else 1,
        "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
        "actor": actor or "",
        "action": action,
        "record_type": record_type,
        "record_id": str(record_id),
        "details": details,
        "prev_hash": last.hash if last else chain,
    }
    entry["hash"] = entry_hash(keyfile.audit_key, entry)
    if action == "chain_restored":
        chain = details["chain"]
    return chain, entry


def _append_alone(keyfile: KeyFile, action: str, actor: str, record_type: str, record_id: Any,
                  details: dict) -> AuditEvent:
    """An entry that is a PostgreSQL transaction of its own, in two round trips instead of five (issue 16).

    Through Django's ``atomic`` the append is BEGIN, the lock, the head, the INSERT and COMMIT: five round
    trips, each costing the app and the server more than the statement's own work (a viewed victim
    interview writes one entry). Here the connection stays in autocommit and the transaction is written
    out: ``BEGIN; lock; head`` in one message (the simple query protocol runs each statement in turn,
    the head read with a snapshot taken after the lock, as before), then ``INSERT; COMMIT``. A failure in
    between rolls the transaction back before it is raised; the anchor advances once the entry is
    committed, as ``on_commit`` advances it on the other path.
    """
    from psycopg.pq import TransactionStatus

    connection.ensure_connection()
    with connection.cursor() as cursor:
        try:
            cursor.execute(f"BEGIN; SELECT pg_advisory_xact_lock(%s); {_last_entry_sql()}",
                           [AUDIT_LOCK, "chain_restored"])
            cursor.nextset()  # past BEGIN
            cursor.nextset()  # past the lock
            last = _last_from(cursor.fetchone())
            chain, entry = _next_entry(keyfile, last, action, actor, record_type, record_id, details)
            sql, params = _insert_statement(entry)
            cursor.execute(f"{sql}; COMMIT", params)
            (pk,) = cursor.fetchone()  # the INSERT's result, the first of the two
        except BaseException:
            # Not on a connection that broke (its status is unknown): it has no transaction left to end.
            if connection.connection.info.transaction_status in (TransactionStatus.INTRANS,
                                                                 TransactionStatus.INERROR):
                connection.connection.rollback()
            raise
    if chain:
        _advance(keyfile, chain, entry["seq"], entry["hash"])
    return _event(entry, pk)


#: PostgreSQL advisory lock held while an entry is appended (any constant; "fiit" in ASCII).
AUDIT_LOCK = 0x66696974


def _serialise_writers() -> None:
    """One writer at a time appends to the chain.

    SQLite's IMMEDIATE transactions already serialise writers. On PostgreSQL,
    locking the last entry is not enough: a writer that waited for it reads the
    same last entry once the lock is released (READ COMMITTED re-checks the row,
    it does not see the new one), and two entries got one number: concurrent
    sign-ins failed with a duplicate ``seq`` (found by ``bench/bench_load.py``).
    A transaction-scoped advisory lock makes the next writer read after the
    previous one committed.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK])


def chain_id() -> str | None:
    """This database's chain identity: what its first entry links to, renewed when a copy is restored."""
    restored = AuditEvent.objects.filter(action="chain_restored").order_by("-seq").values_list("details", flat=True).first()
    if restored and restored.get("chain"):
        return str(restored["chain"])
    first = AuditEvent.objects.filter(seq=1).values_list("prev_hash", "hash").first()
    return chain_identity(*first) if first else None


@dataclass(frozen=True)
class _Last:
    """The last entry of the trail, with the chain it belongs to (what :func:`chain_id` says)."""
    seq: int
    hash: str
    chain: str | None


def _last_entry() -> _Last | None:
    """The last entry and the chain identity in one query, under the append lock (issue 13).

    An autosave appends one entry while every other interviewer's save waits
    for the write lock: the last entry, the latest ``chain_restored`` entry and
    the first entry (what :func:`chain_id` reads in two more queries) are read
    together, each through an index (migration 0012 indexes ``action, seq``).

    Written as SQL rather than built by the ORM (issue 16): the three subqueries
    cost the ORM about 0.9 ms of CPU to compile on every append — two thirds of
    the entry a victim interview's detail page writes — and the statement runs
    in 0.05 ms. ``tests/db/test_audit.py`` checks it against :func:`chain_id`.
    """
    with connection.cursor() as cursor:
        cursor.execute(_last_entry_sql(), ["chain_restored"])
        return _last_from(cursor.fetchone())


def _last_from(row) -> _Last | None:
    """The last entry from a row of :func:`_last_entry_sql` (None: the trail is empty)."""
    if row is None:
        return None
    seq, hash_, restored_details, first_prev, first_hash = row
    if isinstance(restored_details, (str, bytes)):  # JSON comes back as text on SQLite (jsonb: a dict)
        restored_details = json.loads(restored_details)
    if isinstance(restored_details, dict) and restored_details.get("chain"):
        chain = str(restored_details["chain"])
    else:
        chain = chain_identity(first_prev, first_hash) if first_hash is not None else None
    return _Last(int(seq), str(hash_), chain)


def _last_entry_sql() -> str:
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return (f"SELECT seq, hash, "
            f"(SELECT details FROM {table} WHERE action = %s ORDER BY seq DESC LIMIT 1), "
            f"(SELECT prev_hash FROM {table} WHERE seq = 1), "
            f"(SELECT hash FROM {table} WHERE seq = 1) "
            f"FROM {table} ORDER BY seq DESC LIMIT 1{lock}")


_COLUMNS = ("seq", "at", "actor", "action", "record_type", "record_id", "details", "prev_hash", "hash")


_INSERTS: dict[str, str] = {}  # by database vendor


def _insert(entry: Mapping[str, Any]) -> AuditEvent:
    """One INSERT of the entry, each value prepared by its model field as ``objects.create`` would
    (the ORM's insert cost 0.2 ms of CPU for 0.1 ms of work: issue 16)."""
    sql, params = _insert_statement(entry)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (pk,) = cursor.fetchone()
    return _event(entry, pk)


def _insert_statement(entry: Mapping[str, Any]) -> tuple[str, list]:
    """The INSERT of the entry, returning its id, and its parameters."""
    values = {**entry, "at": dt.datetime.fromisoformat(entry["at"])}
    params = [AuditEvent._meta.get_field(name).get_db_prep_save(values[name], connection) for name in _COLUMNS]
    sql = _INSERTS.get(connection.vendor)
    if sql is None:
        quote = connection.ops.quote_name
        sql = _INSERTS[connection.vendor] = (
            f"INSERT INTO {quote(AuditEvent._meta.db_table)} ({', '.join(quote(c) for c in _COLUMNS)}) "
            f"VALUES ({', '.join(['%s'] * len(_COLUMNS))}) RETURNING {quote('id')}")
    return sql, params


def _event(entry: Mapping[str, Any], pk: int) -> AuditEvent:
    values = {**entry, "at": dt.datetime.fromisoformat(entry["at"])}
    return AuditEvent.from_db(connection.alias, ["id", *_COLUMNS], [pk, *(values[name] for name in _COLUMNS)])


def _database() -> str:
    """This database, as the anchor knows it: its name, and when its tables were first made.

    The time of the first migration tells a database deleted and made anew at
    the same path (a fresh demo: a new database, no alarm) from one whose trail
    was wiped (the same database: an alarm). Read once per database connection
    (a connection opened again, e.g. after a restore moved a copy into place,
    reads it again): each audit entry advances the anchor with it. Known by the
    connection's settings, not its resolved name (a path resolved on every entry
    was a tenth of an append's CPU: issue 16).
    """
    from django.db import connection

    from fiit.db.key_usage import database_name

    connection.ensure_connection()
    settings = tuple(connection.settings_dict.get(key) for key in ("NAME", "HOST", "PORT", "USER"))
    known = getattr(connection, "_fiit_anchor_database", None)
    if known is not None and known[0] is connection.connection and known[1] == settings:
        return known[2]
    name = database_name()
    with connection.cursor() as cursor:
        cursor.execute("SELECT applied FROM django_migrations ORDER BY id LIMIT 1")
        row = cursor.fetchone()
    born = row[0].isoformat() if row and hasattr(row[0], "isoformat") else str(row[0] if row else "")
    value = f"{name}#{born}"
    if row:  # an empty table (tables still being made) is not remembered
        connection._fiit_anchor_database = (connection.connection, settings, value)
    return value


def _check_start(keyfile: KeyFile) -> None:
    """A new chain: did this database hold one before (a trail deleted whole)?"""
    try:
        anchors = anchor_store_for(keyfile.path)
        bound = anchors.binding(_database())
        if bound is not None and bound.seq > 0:
            anchors.raise_alarm(f"database:{_database()}",
                                f"the audit chain {bound.chain} this database held (at least {bound.seq} entries) "
                                "vanished: the trail was deleted")
    except Exception as exc:  # noqa: BLE001 - the anchor only strengthens the check; never block the app
        log.warning("audit anchor beside the key file could not be read: %s", type(exc).__name__)


def _check_extends(keyfile: KeyFile, chain: str | None, last: _Last) -> None:
    """Before appending: is the anchored entry still in the trail, unchanged?

    Usually the anchor names the last entry itself, whose hash is at hand; an
    earlier one (another process's anchor not yet advanced) is read by its number.
    """
    if not chain:
        return
    try:
        anchors = anchor_store_for(keyfile.path)
        anchored = anchors.head(chain)
        if anchored is None:
            return
        if anchored.seq > last.seq:
            anchors.raise_alarm(f"chain:{chain}", f"the trail ended at entry {last.seq} when the anchor beside the "
                                                  f"key file recorded entry {anchored.seq}: entries were removed from the end")
            return
        stored = (last.hash if anchored.seq == last.seq
                  else AuditEvent.objects.filter(seq=anchored.seq).values_list("hash", flat=True).first())
        if stored != anchored.hash:
            anchors.raise_alarm(f"chain:{chain}", f"entry {anchored.seq} is not the one the anchor beside the key "
                                                  "file recorded (replaced)")
    except Exception as exc:  # noqa: BLE001
        log.warning("audit anchor beside the key file could not be checked: %s", type(exc).__name__)


def _advance(keyfile: KeyFile, chain: str, seq: int, entry_hash_: str) -> None:
    try:
        anchor_store_for(keyfile.path).advance_and_bind(chain, seq, entry_hash_, _database())
    except Exception as exc:  # the entry is stored; a missing anchor only weakens the tail check
        log.warning("audit anchor beside the key file could not be advanced: %s", type(exc).__name__)


def _as_entry(row: AuditEvent) -> dict[str, Any]:
    return {
        "id": row.id, "seq": row.seq,
        "at": row.at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "actor": row.actor, "action": row.action, "record_type": row.record_type,
        "record_id": row.record_id, "details": row.details, "prev_hash": row.prev_hash, "hash": row.hash,
    }


def verify(keyfile: KeyFile | None = None) -> ChainCheck:
    """The chain checked link by link, then against its anchor beside the key file (a cut tail, a lost chain).

    The finer findings (where the trail was cut or replaced) come first; a
    lasting alarm raised when an entry was appended comes next, so writing new
    entries over a cut never makes the trail verify again.
    """
    keyfile = keyfile or current_keyfile()
    rows = (_as_entry(row) for row in AuditEvent.objects.order_by("id").iterator())
    check = verify_chain(keyfile.audit_key, rows)
    if not check.ok:
        return check
    chain = chain_id()
    anchors = anchor_store_for(keyfile.path)
    database = _database()
    bound = anchors.binding(database)
    if chain is None:
        if bound is not None and bound.seq > 0:
            return ChainCheck(False, 0, 1, None, f"the trail is empty, but the anchor beside the key file knows this "
                                                 f"database's chain {bound.chain} up to entry {bound.seq}: "
                                                 "the audit entries were removed")
        if Interview.objects.exists():  # every interview stored was audited: a whole trail is missing
            return ChainCheck(False, 0, 1, None, "the trail is empty, but the database holds interviews: "
                                                 "the audit entries were removed")
    else:
        last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
        anchored = anchors.head(chain)
        at_anchor = (AuditEvent.objects.filter(seq=anchored.seq).values_list("hash", flat=True).first()
                     if anchored else None)
        headed = check_head(check, Head(*last) if last else None, anchored, at_anchor)
        if not headed.ok:
            return headed
        if bound is not None and bound.chain != chain and not _known_here(bound.chain):
            return ChainCheck(False, check.entries, None, None,
                              f"the anchor beside the key file knows this database with chain {bound.chain}, but "
                              f"it holds chain {chain}: its trail was replaced")
    alarm = anchors.alarm(f"database:{database}", *([f"chain:{chain}"] if chain else []))
    if alarm:
        return ChainCheck(False, check.entries, None, None, alarm)
    return check


def _known_here(other: str) -> bool:
    """Did this trail ever hold chain ``other`` (its first chain, or one it was restored from)?"""
    first = AuditEvent.objects.filter(seq=1).values_list("prev_hash", "hash").first()
    if first and chain_identity(*first) == other:
        return True
    return any(isinstance(d, dict) and other in (d.get("chain"), d.get("from"))
               for d in AuditEvent.objects.filter(action="chain_restored").values_list("details", flat=True))


def renew_chain(keyfile: KeyFile, actor: str = "cli") -> str:
    """Give a restored copy a chain identity of its own (its entries so far stay verifiable); returns it."""
    old = chain_id() or ""
    new = new_chain_start()
    record("chain_restored", actor=actor, details={"chain": new, "from": old}, keyfile=keyfile)
    return new
