"""The change history of an interview, read from the audit trail (country leads and coordinators).

Who did what and when: created, consent recorded, each change (answers stored
in clear shown old → new with their labels, sealed answers — open text,
identifying fields — only named as changed), finalised, with the reason given
for changing a final interview. Access follows ``edit_final_interview`` (the
roles that may change a final interview may see how it changed): a viewer
gets 403, another country's lead 404.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiit.db.access import can
from fiit.db.models import AuditEvent
from fiit.db.store import instrument_of
from fiit.instruments import DECLINED, pick
from fiit.web.access import requires
from fiit.web.capture.lookup import find

HISTORY_ACTION = "edit_final_interview"
EVENT_LABELS = {
    "create_interview": gettext_lazy("Interview started"),
    "consent_recorded": gettext_lazy("Consent recorded"),
    "change_interview": gettext_lazy("Answers changed"),
    "finalise_interview": gettext_lazy("Interview finalised"),
    "conflict_resolved": gettext_lazy("Conflict with a change on the server resolved"),
}
KEPT_LABELS = {
    "kept_server": gettext_lazy("the answer on the server was kept"),
    "kept_device": gettext_lazy("the interviewer's own answer was kept"),
}


@dataclass
class ChangeLine:
    label: str
    old: str = ""
    new: str = ""
    sealed: bool = False
    kept: str = ""      # a resolved conflict: whose answer was kept


@dataclass
class HistoryEntry:
    at: Any
    actor: str
    label: str
    after_final: bool = False
    reason: str = ""
    lines: list[ChangeLine] = field(default_factory=list)


def _shown(question, value, lang: str) -> str:
    if value is None or value == "" or value == []:
        return _("no answer")
    if value == DECLINED and question is not None and question.declinable:
        return _("Declined to answer")
    labels = {o.value: pick(o.label, lang) for o in question.options} if question is not None else {}
    values = value if isinstance(value, list) else [value]
    return "; ".join(labels.get(str(v), str(v)) for v in values)


def history_of(interview) -> list[HistoryEntry]:
    instrument = instrument_of(interview)
    lang = interview.language
    questions = {q.id: q for q in instrument.questions()}
    events = AuditEvent.objects.filter(record_type="interview", record_id=str(interview.pk),
                                       action__in=list(EVENT_LABELS)).order_by("seq")
    out = []
    for event in events:
        entry = HistoryEntry(at=event.at, actor=event.actor, label=str(EVENT_LABELS[event.action]))
        details = event.details or {}
        entry.after_final = bool(details.get("after_final"))
        entry.reason = str(details.get("reason", ""))
        clear = details.get("clear_changes") or {}
        for qid in details.get("questions", []) if event.action == "change_interview" else []:
            question = questions.get(qid)
            label = _label(question, qid, lang)
            if qid in clear:
                old, new = clear[qid]
                entry.lines.append(ChangeLine(label, _shown(question, old, lang), _shown(question, new, lang)))
            else:
                entry.lines.append(ChangeLine(label, sealed=True))
        for key in KEPT_LABELS if event.action == "conflict_resolved" else ():
            for qid in details.get(key, []):
                entry.lines.append(ChangeLine(_label(questions.get(qid), qid, lang), kept=str(KEPT_LABELS[key])))
        out.append(entry)
    return out


def _label(question, qid: str, lang: str) -> str:
    return " ".join(p for p in ((question.number, pick(question.text, lang)) if question else (qid,)) if p)


@requires(HISTORY_ACTION)
def interview_history(request, uid):
    interview = find(request.user, HISTORY_ACTION, uid)
    return render(request, "fiit/capture/history.html", {
        "interview": interview, "entries": history_of(interview),
        "title": pick(instrument_of(interview).title, interview.language),
        "show_code": can(request.user, "view_respondent_code", interview=interview),
    })
