"""Recording and verifying the audit trail in the database."""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from django.db import transaction

from fiit.db.keys import current_keyfile
from fiit.db.models import AuditEvent
from fiit.vault import KeyFile
from fiit.vault.audit import GENESIS, ChainCheck, entry_hash, verify_chain

ACTIONS = {
    "login", "login_failed", "logout", "view_interview", "create_interview", "change_interview",
    "finalise_interview", "delete_interview", "export", "import", "user_created", "user_changed",
    "role_changed", "keys_rotated", "consent_recorded", "quote_approved", "quote_withdrawn", "recommendation_added",
    "recommendation_changed", "recommendation_deleted",
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
        return AuditEvent.objects.create(
            seq=entry["seq"], at=dt.datetime.fromisoformat(entry["at"]), actor=entry["actor"], action=action,
            record_type=record_type, record_id=entry["record_id"], details=details,
            prev_hash=entry["prev_hash"], hash=entry["hash"],
        )


def _as_entry(row: AuditEvent) -> dict[str, Any]:
    return {
        "id": row.id, "seq": row.seq,
        "at": row.at.astimezone(dt.timezone.utc).isoformat(timespec="microseconds"),
        "actor": row.actor, "action": row.action, "record_type": row.record_type,
        "record_id": row.record_id, "details": row.details, "prev_hash": row.prev_hash, "hash": row.hash,
    }


def verify(keyfile: KeyFile | None = None) -> ChainCheck:
    keyfile = keyfile or current_keyfile()
    rows = (_as_entry(row) for row in AuditEvent.objects.order_by("id").iterator())
    return verify_chain(keyfile.audit_key, rows)
