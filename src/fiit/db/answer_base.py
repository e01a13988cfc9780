"""What a client last saw of each answer: base tokens, and the conflicts a late save runs into.

An interview started on the server is edited in the browser (autosave, maybe
queued offline and sent hours later) while a country lead may edit the same
interview on the server. So that a late save never silently overwrites the
lead's edit, the form page hands the browser, per answered question, a *base
token*: an HMAC (keyed with the server's secret, bound to the interview and
the question) of the stored value. The browser sends, with each changed
answer, the token of the value it started from. The token says nothing about
the answer (an open answer's text is never sent back, a 1-10 scale cannot be
guessed from its token without the server's key); an unanswered question's
token is the empty string.

:func:`fiit.db.capture.save_answers` compares, under its write lock, three
tokens per question: the stored value's (``current``), the base, and the sent
value's (``wanted``):

- current == base: nobody changed it meanwhile: applied.
- current == wanted: already so (a retried save that arrived before): nothing to do, no conflict.
- otherwise: a conflict. Not applied; returned with both values, and the browser
  keeps its value until the interviewer chooses (fiit/capture/capture.js).

The same comparison of values, not of times, makes a retried save idempotent.
A whole form posted without JavaScript (every question, changed or not) is first
narrowed to the answers changed on the page (:func:`changed_by_client`).
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping

from django.db import transaction
from django.utils.crypto import salted_hmac

from fiit.db.audit import record
from fiit.db.models import AuditEvent, Interview
from fiit.instruments.conditions import is_answered

_SALT = "fiit.db.answer_base"
#: How the interviewer resolved a conflict, per question: the server's answer or their own.
KEPT = ("server", "device")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def base_token(interview_uid: Any, question_id: str, value: Any) -> str:
    """The token of ``value`` as the answer to ``question_id`` of one interview ("" for no answer)."""
    if not is_answered(value):
        return ""
    message = f"{interview_uid}\x1f{question_id}\x1f{_canonical(value)}"
    return salted_hmac(_SALT, message, algorithm="sha256").hexdigest()[:32]


def base_tokens(interview_uid: Any, answers: Mapping[str, Any]) -> dict[str, str]:
    """The tokens of the answered questions in ``answers`` (what the form page hands the browser)."""
    tokens = {qid: base_token(interview_uid, qid, value) for qid, value in answers.items()}
    return {qid: token for qid, token in tokens.items() if token}


def parse_base(raw: Any) -> dict[str, str] | None:
    """A posted base (question id -> token) or None when absent or not of that shape (no check then)."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return None
    if not isinstance(raw, dict):
        return None
    return {str(qid): token for qid, token in raw.items() if isinstance(token, str) and len(token) <= 64}


def conflict_verdict(interview_uid: Any, question_id: str, current: Any, wanted: Any, base: str) -> str:
    """"apply" (unchanged on the server since ``base``), "same" (already so) or "conflict"."""
    now = base_token(interview_uid, question_id, current)
    if now == base:
        return "apply"
    if now == base_token(interview_uid, question_id, wanted):
        return "same"
    return "conflict"


def changed_by_client(interview_uid: Any, posted: Mapping[str, Any], base: Mapping[str, str]) -> dict[str, Any]:
    """The answers of a whole posted form that differ from the page's base (the ones the interviewer changed).

    A form posted from a page opened before a country lead's edit carries the
    old value of every question it shows; only those changed on the page are
    a save (and may be a conflict), the others leave the server's answer alone.
    """
    return {qid: value for qid, value in posted.items()
            if base_token(interview_uid, qid, value) != base.get(qid, "")}


def last_changes(interview: Interview, question_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """question id -> (who, when, ISO) of the last recorded change of that answer (one query).

    Only called when a save ran into a conflict; the trail of one interview is short.
    """
    wanted = set(question_ids)
    out: dict[str, tuple[str, str]] = {}
    events = (AuditEvent.objects.filter(record_type="interview", record_id=str(interview.pk),
                                        action="change_interview")
              .order_by("-seq").values_list("actor", "at", "details"))
    for actor, at, details in events.iterator():
        for qid in (details or {}).get("questions", []):
            if qid in wanted and qid not in out:
                out[qid] = (actor, at.isoformat(timespec="seconds"))
        if len(out) == len(wanted):
            break
    return out


def record_resolution(interview: Interview, *, user, resolution: str, kept_server: list[str],
                      kept_device: list[str]) -> bool:
    """Audit how the interviewer resolved conflicts (once per ``resolution`` id: a retry records nothing).

    Question ids and the choice only, never a value. True if recorded now.
    """
    if not (kept_server or kept_device):
        return False
    with transaction.atomic():
        list(Interview.objects.select_for_update().filter(pk=interview.pk).values_list("pk"))  # retries at once: one records
        if AuditEvent.objects.filter(record_type="interview", record_id=str(interview.pk), action="conflict_resolved",
                                     details__resolution=resolution).exists():
            return False
        record("conflict_resolved", actor=user.get_username(), record_type="interview", record_id=interview.pk,
               details={"resolution": resolution, "kept_server": sorted(kept_server),
                        "kept_device": sorted(kept_device)})
    return True


__all__ = ["KEPT", "base_token", "base_tokens", "changed_by_client", "conflict_verdict", "last_changes", "parse_base",
           "record_resolution"]
