"""A keyed seal over the fields of an interview that are stored in the clear.

Open answers and identifying fields are sealed with AES-GCM, bound to their
interview and question. Everything else an interview holds in the clear — the
answers on scales and choices, the consent flags, the status, the country, the
study — could be changed with a SQLite editor without any trace: setting
``consent_quotes`` made a refusing respondent quotable (issue 14, L9). This seal
is HMAC-SHA256 under the key file's audit key (outside the database, never
rotated) over those fields in a canonical form; ``fiit audit verify`` recomputes
it for every interview. Without the key file nobody can compute a matching seal.

The message starts with a purpose label, so a seal can never be mistaken for an
audit-chain hash made with the same key.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import Any, Mapping

PURPOSE = b"fiit interview clear fields v1\n"


def canonical_fields(fields: Mapping[str, Any]) -> bytes:
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str).encode()


def fields_seal(audit_key: bytes, fields: Mapping[str, Any]) -> str:
    """The seal (64 hex digits) of one interview's clear fields."""
    return hmac.new(audit_key, PURPOSE + canonical_fields(fields), hashlib.sha256).hexdigest()


def seal_matches(audit_key: bytes, fields: Mapping[str, Any], seal: str) -> bool:
    return bool(seal) and hmac.compare_digest(fields_seal(audit_key, fields), seal)
