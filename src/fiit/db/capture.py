"""Interview capture on the storage side: start, consent, draft saves, finalise, withdraw.

The web views are thin: they find the interview through
:func:`fiit.db.access.interviews_for` and call these functions. Every function
that changes an interview records an audit event naming the interview and, for
changes, the ids of the questions that changed — never an answer, never a name.

Draft saves keep what is valid: a changed answer that fails validation is not
stored (the previous value stays) and its error is returned, in the
interview's language. Answers to questions that no longer apply (their
relevance condition turned false) are dropped, as ODK does on submission.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from typing import Any, Mapping

from django.db import transaction
from django.utils import timezone

from fiit.db.answer_base import conflict_verdict
from fiit.db.answers import (SENTINEL_ID, data_key_for, destroy_interview, open_rows, read_answers, stored_rows,
                             write_answer_rows)
from fiit.db.audit import record
from fiit.db.interview_seal import COLUMNS as SEALED_COLUMNS
from fiit.db.interview_seal import reseal, seal_after
from fiit.db.keys import current_keyfile
from fiit.db.models import Interview, Study
from fiit.db.prepared_queries import PreparedQuery, as_get
from fiit.db.store import create_interview, instrument_of
from fiit.instruments import Instrument, get_instrument, relevant_questions, validate_answers
from fiit.instruments.conditions import is_answered
from fiit.problems.catalogue import render
from fiit.problems import Report
from fiit.vault import KeyFile
from fiit.vault.sealing import answer_rows

CONSENT_TEXT_VERSION = "1.0"
INSTRUMENT_LETTER = {"victim": "V", "policymaker": "P", "service_provider": "S"}
# No 0/O, 1/I/L: codes are read aloud and copied by hand.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_respondent_code(study: Study, country: str, instrument_id: str) -> str:
    """A random pseudonym such as ``BE-V-7K3Q9X``, unique in the study. Never derived from a person."""
    letter = INSTRUMENT_LETTER.get(instrument_id, "X")
    while True:
        code = f"{country}-{letter}-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        if not Interview.objects.filter(study=study, respondent_code=code).exists():
            return code


def start_interview(*, study: Study, instrument_id: str, country: str, language: str, user,
                    keyfile: KeyFile, uid=None, respondent_code: str | None = None,
                    interview_date=None) -> Interview:
    """A new, empty draft interview conducted by ``user``; consent is recorded next.

    A device that started the interview offline passes its own ``uid``, the code it made
    (kept unless another interview of the study already has it) and the day it was held.
    """
    instrument = get_instrument(instrument_id)
    if not respondent_code or Interview.objects.filter(study=study, respondent_code=respondent_code).exists():
        respondent_code = new_respondent_code(study, country, instrument_id)
    return create_interview(
        study=study, instrument=instrument, country=country, language=language,
        respondent_code=respondent_code, interview_date=interview_date or timezone.localdate(), answers={},
        keyfile=keyfile, interviewer=user, source="web", synthetic=study.synthetic, actor=user.get_username(),
        uid=uid,
    )


def has_consent(interview: Interview) -> bool:
    """Consent to research use is recorded: the interview may start."""
    return interview.consent_recorded_at is not None and interview.consent_research_use


def record_consent(interview: Interview, *, user, research_use: bool, quotes: bool, follow_up: bool,
                   text_version: str = CONSENT_TEXT_VERSION) -> bool:
    """Record informed consent (who, when, which text, what was agreed). False if research use was refused."""
    if not research_use:
        return False
    with transaction.atomic():
        interview.consent_text_version = text_version
        interview.consent_research_use = True
        interview.consent_quotes = bool(quotes)
        interview.consent_follow_up = bool(follow_up)
        interview.consent_recorded_by = user
        interview.consent_recorded_at = timezone.now()
        interview.save(update_fields=[
            "consent_text_version", "consent_research_use", "consent_quotes", "consent_follow_up",
            "consent_recorded_by", "consent_recorded_at", "updated_at",
        ])
        reseal([interview.pk], current_keyfile())
        record("consent_recorded", actor=user.get_username(), record_type="interview", record_id=interview.pk,
               details={"text_version": text_version, "research_use": True, "quotes": bool(quotes),
                        "follow_up": bool(follow_up)})
    return True


def read_for(interview: Interview, instrument: Instrument, keyfile: KeyFile,
             hide: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The interview's answers, leaving out (and never decrypting) the questions in ``hide``."""
    return read_answers(interview, instrument, keyfile, hide=hide)


@dataclass
class SaveResult:
    saved: list[str] = field(default_factory=list)       # question ids whose stored answer changed
    rejected: dict[str, list[str]] = field(default_factory=dict)  # question id -> messages (not stored)
    problems: dict[str, list[str]] = field(default_factory=dict)  # other errors left in the stored answers
    warnings: dict[str, list[str]] = field(default_factory=dict)  # e.g. required answers still missing
    answers: dict[str, Any] = field(default_factory=dict)
    # question id -> {"yours": the value sent, "server": the stored one}: changed on the server since the
    # sender's base (fiit.db.answer_base); not applied
    conflicts: dict[str, dict[str, Any]] = field(default_factory=dict)


def _by_question(report: Report, severity: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for problem in report.problems:
        if problem.severity == severity and problem.question_id:
            out.setdefault(problem.question_id, []).append(problem.message)
    return out


def applicable_only(instrument: Instrument, answers: Mapping[str, Any]) -> dict[str, Any]:
    """The answers to questions that apply (and are answered)."""
    applicable = relevant_questions(instrument, answers)
    return {qid: v for qid, v in answers.items() if qid in applicable and is_answered(v)}


def save_answers(interview: Interview, changes: Mapping[str, Any], *, user, keyfile: KeyFile,
                 hidden: set[str] | frozenset[str] = frozenset(), reason: str = "",
                 base: Mapping[str, str] | None = None) -> SaveResult:
    """Apply ``changes`` (question id -> value, None clears) to the stored answers; keep what is valid.

    ``hidden`` are questions this user may not see (identifying fields): they
    are neither changed nor returned. A final interview may only be changed
    by the caller after checking ``edit_final_interview`` and asking for a
    ``reason``; the audit entry then says so and keeps the reason. The entry
    holds, for answers stored in clear (scales, choices, numbers: codes, never
    text), the old and the new value, so the change history can show them; a
    sealed answer (open text, identifying field) is only named as changed.

    The write lock is short (issue 13: twenty interviewers saving at once on
    SQLite). The work that needs no lock — unsealing, validating, sealing the
    changed answers — is done first on a snapshot of the stored rows; under the
    lock the rows are read again, unopened, and only if they are still the
    snapshot is that plan written. Otherwise (another save came first) the plan
    is made again under the lock, as before: never a lost or doubled change.
    The plan includes the interview's seal after the write (L9), so under the
    lock the save reads twice and writes three statements and the audit entry.
    The snapshot is ``interview`` as the caller passes it (what the request read),
    with its rows read once before the lock.

    ``base``: question id -> the token of the value the sender last saw
    (:mod:`fiit.db.answer_base`). A question in it that was changed on the
    server since is not applied but returned in ``conflicts``; questions
    without a base are applied as they come.
    """
    instrument = instrument_of(interview)
    # The plan is made on the caller's row, as the request has just read it through the scoped query (reading
    # it again cost a query and ~1 ms of ORM per save: issue 16). A row that is stale by then (another save,
    # a rotation, a caller holding an old object) differs from the locked one in what the plan depends on
    # (_snapshot) and is planned again under the lock, as any save that lost a race is.
    seen = interview
    rows = stored_rows(seen)
    try:
        plan = _plan_save(seen, instrument, rows, changes, keyfile, hidden, base)
    except Exception:  # noqa: BLE001 - e.g. a key rotated or destroyed since the caller read the row:
        plan = None    # planned under the lock from the stored row, where a real failure is raised
    with transaction.atomic():
        locked = _LOCKED.get(interview.pk)
        if plan is None or _snapshot(locked) != _snapshot(seen) or stored_rows(locked) != rows:
            plan = _plan_save(locked, instrument, stored_rows(locked), changes, keyfile, hidden, base)
        result = plan.result
        if result.saved:
            write_answer_rows(locked, result.saved, plan.rows, keyfile, seal=plan.seal)  # and updated_at
            details = {"questions": result.saved, "status": locked.status, "after_final": locked.status == "final",
                       "clear_changes": plan.clear_changes}
            if reason:
                details["reason"] = reason[:500]
            record("change_interview", actor=user.get_username(), record_type="interview", record_id=locked.pk,
                   details=details)
    return result


#: The interview read again under the write lock, compiled once per process (issue 16).
_LOCKED = PreparedQuery(lambda pk: as_get(Interview.objects.select_for_update().filter(pk=pk)),
                        [(Interview._meta.pk, SENTINEL_ID)])


def _snapshot(interview: Interview) -> tuple:
    """What a save plan depends on besides the answer rows (the seal covers the interview's sealed columns)."""
    return (interview.key_id, bytes(interview.wrapped_key or b""),
            *(getattr(interview, name) for name in SEALED_COLUMNS))


@dataclass
class _SavePlan:
    result: SaveResult
    rows: list          # the changed answers' rows, sealed (fiit.vault.sealing.answer_rows)
    clear_changes: dict
    seal: str           # the interview's seal once they are written (fiit.db.interview_seal.seal_after)


def _plan_save(interview: Interview, instrument: Instrument, rows, changes: Mapping[str, Any], keyfile: KeyFile,
               hidden, base: Mapping[str, str] | None = None) -> _SavePlan:
    """What ``changes`` make of the stored ``rows``: the result, and the rows to write (nothing is written)."""
    known = set(instrument.question_ids())
    result = SaveResult()
    data_key = data_key_for(interview, keyfile)  # unwrapped once for the read and the write
    current = open_rows(interview, instrument, rows, data_key)
    wanted = {qid: v for qid, v in changes.items() if qid not in hidden}
    for qid in wanted:
        if qid not in known:
            result.rejected.setdefault(qid, []).append(render("unknown_question", interview.language, question=qid))
    wanted = {qid: v for qid, v in wanted.items() if qid in known}
    if base is not None:
        wanted = _without_conflicts(interview, current, wanted, base, result)
    merged = {**current, **wanted}
    candidate = applicable_only(instrument, merged)
    report = validate_answers(instrument, candidate, country=interview.country_id, lang=interview.language,
                              complete=False)
    errors = _by_question(report, "error")
    for qid in list(errors):
        if qid in wanted:
            result.rejected.setdefault(qid, []).extend(errors.pop(qid))
            if qid in current:
                merged[qid] = current[qid]
            else:
                merged.pop(qid, None)
    if result.rejected:
        candidate = applicable_only(instrument, merged)
        report = validate_answers(instrument, candidate, country=interview.country_id, lang=interview.language,
                                  complete=False)
    result.problems = {qid: msgs for qid, msgs in _by_question(report, "error").items() if qid not in hidden}
    result.warnings = {qid: msgs for qid, msgs in _by_question(report, "warning").items() if qid not in hidden}
    changed = sorted(qid for qid in known if candidate.get(qid) != current.get(qid))
    result.saved = changed
    result.answers = {qid: v for qid, v in candidate.items() if qid not in hidden}
    sealed_rows = answer_rows(str(interview.uid), instrument, {qid: candidate.get(qid) for qid in changed},
                              data_key) if changed else []
    return _SavePlan(result, sealed_rows, _clear_changes(instrument, changed, current, candidate),
                     seal_after(interview, rows, changed, sealed_rows, keyfile) if changed else "")


def _without_conflicts(interview: Interview, current: Mapping[str, Any], wanted: dict[str, Any],
                       base: Mapping[str, str], result: SaveResult) -> dict[str, Any]:
    """``wanted`` less the answers changed on the server since ``base`` (those go to ``result.conflicts``)."""
    kept = {}
    for qid, value in wanted.items():
        verdict = conflict_verdict(interview.uid, qid, current.get(qid), value, base[qid]) if qid in base else "apply"
        if verdict == "conflict":
            result.conflicts[qid] = {"yours": value, "server": current.get(qid)}
        elif verdict == "apply":
            kept[qid] = value
    return kept


def _clear_changes(instrument: Instrument, changed: list[str], before: Mapping[str, Any],
                   after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """question id -> [old, new] for the changed answers stored in clear (never a sealed one)."""
    sealed = {q.id for q in instrument.questions() if q.is_sensitive}
    plain = (lambda v: v.isoformat() if hasattr(v, "isoformat") else (list(v) if isinstance(v, tuple) else v))
    return {qid: [plain(before.get(qid)), plain(after.get(qid))] for qid in changed if qid not in sealed}


@dataclass
class FinaliseResult:
    finalised: bool
    errors: dict[str, list[str]]


def finalise(interview: Interview, *, user, keyfile: KeyFile) -> FinaliseResult:
    """Full validation; on success the interview becomes final (locked) and the event is audited."""
    instrument = instrument_of(interview)
    with transaction.atomic():
        locked = Interview.objects.select_for_update().get(pk=interview.pk)
        answers = applicable_only(instrument, read_answers(locked, instrument, keyfile))
        report = validate_answers(instrument, answers, country=locked.country_id, lang=locked.language,
                                  complete=True)
        errors = _by_question(report, "error")
        if errors or not report.valid:
            return FinaliseResult(False, errors)
        locked.status = "final"
        locked.save(update_fields=["status", "updated_at"])
        reseal([locked.pk], keyfile)
        record("finalise_interview", actor=user.get_username(), record_type="interview", record_id=locked.pk,
               details={"answered": len(answers)})
    interview.status = "final"
    return FinaliseResult(True, {})


def record_view(interview: Interview, *, user, what: str = "answers", keyfile: KeyFile | None = None) -> None:
    """Audit an opening of a victim interview (other instruments are not audited on view).

    ``keyfile``: the one the page read the answers with (else the current one)."""
    if interview.instrument.instrument_id == "victim":
        record("view_interview", actor=user.get_username(), record_type="interview", record_id=interview.pk,
               details={"what": what}, keyfile=keyfile)


def withdraw(interview: Interview, *, user, keyfile: KeyFile) -> None:
    """The respondent withdrew: delete the interview and destroy its key share (audited)."""
    pk, instrument_key = interview.pk, interview.instrument.key
    destroy_interview(interview, keyfile)
    record("delete_interview", actor=user.get_username(), record_type="interview", record_id=pk,
           details={"instrument": instrument_key, "reason": "withdrawn"})


def section_of(instrument: Instrument, question_id: str) -> int:
    """The 1-based step (section) of a question, 1 when unknown."""
    for index, section in enumerate(instrument.sections, start=1):
        if any(q.id == question_id for q in section.questions):
            return index
    return 1
