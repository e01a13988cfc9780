"""The audit chain: append-only entries linked by keyed hashes.

Each entry's hash is HMAC-SHA256, under an audit key kept in the key file
(outside the database), over the entry's content and the previous entry's
hash. Changing, removing, inserting or reordering an entry breaks the chain at
that point; without the key, nobody can forge a consistent chain.
Entries carry who, what, when and which record id — never answer text or names.

The first entry links to a random 64-hex value instead of a previous hash: the
chain's identity (:func:`chain_identity`). Older chains link their first entry
to ``GENESIS`` (zeros) and are named by that entry's hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

GENESIS = "0" * 64


def new_chain_start() -> str:
    """A new chain's identity, which its first entry links to in place of a previous hash."""
    import secrets

    return secrets.token_hex(32)


def chain_identity(first_prev_hash: str, first_hash: str) -> str:
    return first_hash if first_prev_hash == GENESIS else first_prev_hash


def canonical(entry: Mapping[str, Any]) -> bytes:
    fields = {k: entry.get(k) for k in ("seq", "at", "actor", "action", "record_type", "record_id", "details", "prev_hash")}
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def entry_hash(audit_key: bytes, entry: Mapping[str, Any]) -> str:
    return hmac.new(audit_key, canonical(entry), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    ok: bool
    entries: int
    first_bad_seq: int | None = None
    first_bad_id: int | None = None
    reason: str = ""

    def message(self) -> str:
        if self.ok:
            return f"audit chain intact: {self.entries} entries"
        return f"audit chain broken at entry {self.first_bad_seq} (id {self.first_bad_id}): {self.reason}"


def verify_chain(audit_key: bytes, entries: Iterable[Mapping[str, Any]]) -> ChainCheck:
    """Check entries in storage order (by id): sequence, links and hashes."""
    previous = None  # the first entry links to its chain's identity (or GENESIS)
    expected_seq = 1
    count = 0
    for entry in entries:
        count += 1
        seq, row_id = entry.get("seq"), entry.get("id")
        if previous is None and not _is_hex64(entry.get("prev_hash")):
            return ChainCheck(False, count, seq, row_id, "the first entry does not start a chain")
        if seq != expected_seq:
            reason = (f"expected sequence number {expected_seq} but found {seq}: "
                      "an entry was removed, inserted or moved")
            return ChainCheck(False, count, seq, row_id, reason)
        if previous is not None and entry.get("prev_hash") != previous:
            return ChainCheck(False, count, seq, row_id, "it does not link to the entry before it (removed or reordered)")
        if not hmac.compare_digest(str(entry.get("hash")), entry_hash(audit_key, entry)):
            return ChainCheck(False, count, seq, row_id, "its content does not match its hash (changed)")
        previous = entry["hash"]
        expected_seq += 1
    return ChainCheck(True, count)


def _is_hex64(value: Any) -> bool:
    return isinstance(value, str) and len(value) == 64 and all(c in "0123456789abcdef" for c in value)
