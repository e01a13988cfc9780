"""Conflicts of a save with a country lead's edit, as the autosave endpoint sends them back, and their resolution.

The rules are in :mod:`fiit.db.answer_base`; this module only turns a save's
conflicts into JSON for ``fiit/capture/capture.js`` (question, label, both
values, who changed the server's answer and when) and reads the interviewer's
choices from a save. The server's value is sent only to a user who may read
the interview (``view_interview``); the interviewer's own value always comes
back, so nothing typed is lost even if the page was closed meanwhile.
"""

from __future__ import annotations

import re
from typing import Any, Mapping

from django.utils.translation import gettext as _

from fiit.db.access import can
from fiit.db.answer_base import KEPT, base_token, last_changes
from fiit.db.capture import SaveResult
from fiit.instruments import Instrument, pick

RESOLUTION_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def conflict_entries(user, interview, instrument: Instrument, result: SaveResult) -> list[dict[str, Any]]:
    """One entry per conflicting question, in the instrument's order."""
    if not result.conflicts:
        return []
    readable = can(user, "view_interview", interview=interview)
    changes = last_changes(interview, result.conflicts)
    out = []
    for question in instrument.questions():
        clash = result.conflicts.get(question.id)
        if clash is None:
            continue
        who, when = changes.get(question.id, ("", ""))
        entry = {
            "id": question.id,
            "label": " ".join(p for p in (question.number, pick(question.text, interview.language)) if p),
            "yours": clash["yours"],
            "server_base": base_token(interview.uid, question.id, clash["server"]),
            "changed_by": who,
            "changed_at": when,
        }
        if readable:
            entry["server"] = clash["server"]
        out.append(entry)
    return out


def conflict_messages(interview, result: SaveResult) -> dict[str, list[str]]:
    """For the form without JavaScript: a message next to each conflicting question (its own answer stays shown)."""
    changes = last_changes(interview, result.conflicts) if result.conflicts else {}
    out = {}
    for qid in result.conflicts:
        who, when = changes.get(qid, ("", ""))
        out[qid] = [_("This answer was changed on the server meanwhile (%(who)s, %(when)s), so yours was not saved. "
                      "Yours is shown: save again to keep it, or reload the page to see the answer on the server.")
                    % {"who": who or "?", "when": when.replace("T", " ")[:16] or "?"}]
    return out


def new_bases(interview, instrument: Instrument, sent: Mapping[str, Any], result: SaveResult,
              hidden) -> dict[str, str]:
    """The base tokens the page holds from now on, for what it sent and what this save changed.

    Not for a conflicting question (the page keeps its old base until the
    interviewer chooses), nor for one the page did not send and this save did
    not change (a country lead's edit the page has not seen stays a conflict).
    """
    questions = ((set(sent) | set(result.saved)) & set(instrument.question_ids())) - set(result.conflicts) - set(hidden)
    return {qid: base_token(interview.uid, qid, result.answers.get(qid)) for qid in sorted(questions)}


def resolutions(payload: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """(resolution id, question id -> "server" or "device") from a save's payload; ("", {}) if none or malformed."""
    resolution = payload.get("resolution")
    resolved = payload.get("resolved")
    if not isinstance(resolution, str) or not RESOLUTION_ID.match(resolution) or not isinstance(resolved, dict):
        return "", {}
    return resolution, {qid: kept for qid, kept in resolved.items()
                        if isinstance(qid, str) and len(qid) <= 64 and kept in KEPT}
