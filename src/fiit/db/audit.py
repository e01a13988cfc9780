"""Recording and verifying the audit trail in the database."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any, Mapping

from django.db import transaction

from fiit.db.keys import current_keyfile
from fiit.db.models import AuditEvent, Interview
from fiit.vault import KeyFile
from fiit.vault.anchor import Head, anchor_store_for, check_head
from fiit.vault.audit import GENESIS, ChainCheck, entry_hash, verify_chain

log = logging.getLogger(__name__)

ACTIONS = {
    "login", "login_failed", "logout", "view_interview", "create_interview", "change_interview",
    "finalise_interview", "delete_interview", "export", "import", "user_created", "user_changed",
    "role_changed", "keys_rotated", "keys_retired", "consent_recorded", "quote_approved", "quote_withdrawn", "recommendation_added",
    "recommendation_changed", "recommendation_deleted",
    # qualitative analysis (fiit.db.coding, findings, coding_exchange)
    "codebook_saved", "coding_read", "consensus_coded", "qda_export", "qda_import", "finding_saved",
    "finding_published", "finding_deleted", "quote_frozen",
}
FORBIDDEN_DETAIL_KEYS = {"text", "answer", "answers", "name", "password", "value"}


def record(action: str, *, actor: str = "system", record_type: str = "", record_id: Any = "",
           details: Mapping[str, Any] | None = None, keyfile: KeyFile | None = None) -> AuditEvent:
    """Append one entry to the chain (atomic; entries are never updated)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action '{action}'")
    details = dict(details or {})
    leaked = FORBIDDEN_DETAIL_KEYS & set(details)
    if leaked:
        raise ValueError(f"audit details must not carry {', '.join(sorted(leaked))}")
    keyfile = keyfile or current_keyfile()
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-seq").first()
        entry = {
            "seq": (last.seq + 1) if last else 1,
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
            "actor": actor or "",
            "action": action,
            "record_type": record_type,
            "record_id": str(record_id),
            "details": details,
            "prev_hash": last.hash if last else GENESIS,
        }
        entry["hash"] = entry_hash(keyfile.audit_key, entry)
        event = AuditEvent.objects.create(
            seq=entry["seq"], at=dt.datetime.fromisoformat(entry["at"]), actor=entry["actor"], action=action,
            record_type=record_type, record_id=entry["record_id"], details=details,
            prev_hash=entry["prev_hash"], hash=entry["hash"],
        )
        chain = entry["hash"] if entry["seq"] == 1 else _chain_id()
        if chain:
            # only once the entry is committed: an anchor must never point past the stored trail
            transaction.on_commit(lambda: _advance(keyfile, chain, entry["seq"], entry["hash"]))
        return event


def _chain_id() -> str | None:
    """The chain's name: the hash of its first entry."""
    return AuditEvent.objects.filter(seq=1).values_list("hash", flat=True).first()


def _advance(keyfile: KeyFile, chain: str, seq: int, entry_hash_: str) -> None:
    try:
        anchor_store_for(keyfile.path).advance(chain, seq, entry_hash_)
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
    """The chain checked link by link, then against its anchor beside the key file (a cut tail)."""
    keyfile = keyfile or current_keyfile()
    rows = (_as_entry(row) for row in AuditEvent.objects.order_by("id").iterator())
    check = verify_chain(keyfile.audit_key, rows)
    if not check.ok:
        return check
    chain = _chain_id()
    if chain is None:
        if Interview.objects.exists():  # every interview stored was audited: a whole trail is missing
            return ChainCheck(False, 0, 1, None, "the trail is empty, but the database holds interviews: "
                                                 "the audit entries were removed")
        return check
    last = AuditEvent.objects.order_by("-seq").values_list("seq", "hash").first()
    anchored = anchor_store_for(keyfile.path).head(chain)
    at_anchor = (AuditEvent.objects.filter(seq=anchored.seq).values_list("hash", flat=True).first()
                 if anchored else None)
    return check_head(check, Head(*last) if last else None, anchored, at_anchor)
