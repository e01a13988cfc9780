"""The coding workbench's storage: who may code which answers, reading them (audited), codings per coder,
memos (sealed), consensus, and the reliability data for agreement.

Access comes from the one permission table (:mod:`fiit.db.access`, action ``code_answers``): the answers a
user may code are those of :func:`interviews_for`, decided in the query. Reading open answers for coding
writes one audit entry per read (ids and counts, never text).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from django.db import transaction

from fiit.coding import Codebook, default_codebook
from fiit.coding.codebook import codebook_from_dict
from fiit.coding.codings import AnswerRef
from fiit.coding.codings import Coding as CoreCoding
from fiit.db.access import interviews_for
from fiit.db.answers import KeyDestroyed, data_key_for
from fiit.db.audit import record
from fiit.db.errors import UserError
from fiit.db.models import Answer, CodebookVersion, CodedAnswer, Coding, CodingMemo, Interview, Study
from fiit.db.store import instrument_of
from fiit.vault import DecryptionError, open_field, seal_field

MEMO_VERSION = "coding-memo"
MAX_MEMO_CHARS = 5000


# ----------------------------------------------------------------------------- codebook
def current_codebook(study: Study) -> Codebook:
    """The study's latest saved codebook version, else the one fiit ships."""
    row = CodebookVersion.objects.filter(study=study).order_by("-id").first()
    return codebook_from_dict(row.data) if row else default_codebook()


def save_codebook(study: Study, data: dict, *, actor: str) -> CodebookVersion:
    """Store a new version (already checked); audited with its version and size."""
    if CodebookVersion.objects.filter(study=study, version=data["version"]).exists():
        raise UserError(f"Codebook version {data['version']} exists already; give the new one another version.")
    with transaction.atomic():
        row = CodebookVersion.objects.create(study=study, version=data["version"], data=data, created_by=actor)
        record("codebook_saved", actor=actor, record_type="codebook", record_id=row.pk,
               details={"version": row.version, "codes": len(data["codes"])})
    return row


# ----------------------------------------------------------------------------- answers
@dataclass(frozen=True)
class OpenAnswer:
    interview: Interview
    question_id: str
    text: str

    @property
    def ref(self) -> AnswerRef:
        return AnswerRef(str(self.interview.uid), self.question_id)


def codable_questions(instrument) -> list:
    """Open answers that may be coded: open text, never an identifying field (a name is not coded)."""
    return [q for q in instrument.questions() if q.is_open_text and not q.identifying]


def coding_interviews(user, study: Study, *, country: str = "", instrument_id: str = "", **attributes):
    """Final interviews of ``study`` the user may code, by the filters given (query-level access)."""
    qs = interviews_for(user, "code_answers").filter(study=study, status="final")
    if country:
        qs = qs.filter(country_id=country)
    if instrument_id:
        qs = qs.filter(instrument__instrument_id=instrument_id)
    for question_id, value in attributes.items():
        if value:
            qs = qs.filter(answers__question_id=question_id, answers__value=value)
    return qs.select_related("instrument", "country").order_by("country__position", "pk")


def open_answers(interviews: Iterable[Interview], keyfile, *, question_id: str | None = None,
                 actor: str, purpose: str = "workbench") -> list[OpenAnswer]:
    """Decrypt the codable open answers of these interviews (one question, or all); one audit entry."""
    out: list[OpenAnswer] = []
    interviews = list(interviews)
    wanted: dict[int, list[str]] = {}
    for interview in interviews:
        ids = [q.id for q in codable_questions(instrument_of(interview)) if question_id in (None, q.id)]
        if ids:
            wanted[interview.pk] = ids
    rows: dict[int, list] = {}
    all_ids = sorted({qid for ids in wanted.values() for qid in ids})
    for row in (Answer.objects.filter(interview_id__in=list(wanted), question_id__in=all_ids, sealed__isnull=False)
                .only("interview_id", "question_id", "sealed")):
        rows.setdefault(row.interview_id, []).append(row)
    for interview in interviews:
        ids = wanted.get(interview.pk)
        if not ids:
            continue
        data_key = None
        for row in sorted((r for r in rows.get(interview.pk, ()) if r.question_id in ids),
                          key=lambda r: ids.index(r.question_id)):
            try:
                data_key = data_key or data_key_for(interview, keyfile)
                text = open_field(data_key, bytes(row.sealed), interview_id=str(interview.uid),
                                  question_id=row.question_id, instrument_version=interview.instrument.key)
            except (KeyDestroyed, DecryptionError):
                break
            out.append(OpenAnswer(interview, row.question_id, text))
    record("coding_read", actor=actor, record_type="study",
           record_id=interviews[0].study_id if interviews else "",
           details={"purpose": purpose, "interviews": len(interviews), "answer_count": len(out),
                    "question_id": question_id or ""})
    return out


def answer_text(interview: Interview, question_id: str, keyfile) -> str:
    instrument = instrument_of(interview)
    if question_id not in {q.id for q in codable_questions(instrument)}:
        raise UserError(f"Question '{question_id}' is not an open answer that can be coded.")
    row = Answer.objects.filter(interview=interview, question_id=question_id, sealed__isnull=False).first()
    if row is None:
        raise UserError(f"The interview has no answer to '{question_id}'.")
    return open_field(data_key_for(interview, keyfile), bytes(row.sealed), interview_id=str(interview.uid),
                      question_id=question_id, instrument_version=interview.instrument.key)


# ----------------------------------------------------------------------------- codings
def _check(codebook: Codebook, code: str, start: int, end: int, length: int) -> None:
    if code not in codebook or not codebook.code(code).codable:
        raise UserError(f"'{code}' is not a code of the codebook that can be applied.")
    if not (0 <= start < end <= length):
        raise UserError(f"The passage {start}–{end} does not lie inside the answer ({length} characters).")


def apply_code(user, interview_uid: str, question_id: str, code: str, start: int, end: int, keyfile, *,
               consensus: bool = False) -> Coding:
    """One coding by ``user`` (their own work; consensus when reconciling). Access decided in the query."""
    interview = interviews_for(user, "code_answers").filter(uid=interview_uid).first()
    if interview is None:
        raise UserError("There is no such interview you may code.")
    text = answer_text(interview, question_id, keyfile)
    _check(current_codebook(interview.study), code, start, end, len(text))
    with transaction.atomic():
        coding, _ = Coding.objects.get_or_create(interview=interview, question_id=question_id, coder=user.username,
                                                 code=code, start=start, end=end, consensus=consensus)
        CodedAnswer.objects.get_or_create(interview=interview, question_id=question_id, coder=user.username,
                                          consensus=consensus)
    return coding


def remove_coding(user, coding_id: int) -> bool:
    """Remove one of the user's own codings (another coder's work is never touched)."""
    mine = Coding.objects.filter(pk=coding_id, coder=user.username,
                                 interview__in=interviews_for(user, "code_answers"))
    return mine.delete()[0] > 0


def mark_coded(user, interview: Interview, question_id: str, *, consensus: bool = False) -> None:
    CodedAnswer.objects.get_or_create(interview=interview, question_id=question_id, coder=user.username,
                                      consensus=consensus)


def save_memo(user, interview: Interview, question_id: str, text: str, keyfile) -> None:
    """The user's memo on an answer, sealed under the interview's data key (empty text deletes it)."""
    if len(text) > MAX_MEMO_CHARS:
        raise UserError(f"A memo holds at most {MAX_MEMO_CHARS} characters.")
    if not text.strip():
        CodingMemo.objects.filter(interview=interview, question_id=question_id, coder=user.username).delete()
        return
    sealed = seal_field(data_key_for(interview, keyfile), text, interview_id=str(interview.uid),
                        question_id=f"memo:{question_id}:{user.username}", instrument_version=MEMO_VERSION)
    CodingMemo.objects.update_or_create(interview=interview, question_id=question_id, coder=user.username,
                                        defaults={"sealed": sealed})


def read_memo(memo: CodingMemo, keyfile) -> str:
    interview = memo.interview
    return open_field(data_key_for(interview, keyfile), bytes(memo.sealed), interview_id=str(interview.uid),
                      question_id=f"memo:{memo.question_id}:{memo.coder}", instrument_version=MEMO_VERSION)


def reconcile(user, interview_uid: str, question_id: str, chosen: Sequence[tuple[str, int, int]], keyfile) -> int:
    """Replace the consensus coding of one answer with ``chosen`` (code, start, end); audited."""
    interview = interviews_for(user, "code_answers").filter(uid=interview_uid).first()
    if interview is None:
        raise UserError("There is no such interview you may code.")
    text = answer_text(interview, question_id, keyfile)
    codebook = current_codebook(interview.study)
    for code, start, end in chosen:
        _check(codebook, code, start, end, len(text))
    with transaction.atomic():
        Coding.objects.filter(interview=interview, question_id=question_id, consensus=True).delete()
        Coding.objects.bulk_create([Coding(interview=interview, question_id=question_id, coder=user.username,
                                           code=code, start=start, end=end, consensus=True)
                                    for code, start, end in sorted(set(chosen))])
        CodedAnswer.objects.filter(interview=interview, question_id=question_id, consensus=True).delete()
        CodedAnswer.objects.create(interview=interview, question_id=question_id, coder=user.username,
                                   consensus=True)
        record("consensus_coded", actor=user.username, record_type="interview", record_id=interview.pk,
               details={"question_id": question_id, "codings": len(set(chosen))})
    return len(set(chosen))


def reliability_data(interviews, *, consensus: bool = False
                     ) -> tuple[list[CoreCoding], dict[str, list[AnswerRef]]]:
    """The coders' codings of these interviews as core codings, and what each coder looked at."""
    rows = (Coding.objects.filter(interview__in=interviews, consensus=consensus)
            .values_list("interview__uid", "question_id", "coder", "code", "start", "end"))
    codings = [CoreCoding(AnswerRef(str(uid), qid), coder, code, start, end)
               for uid, qid, coder, code, start, end in rows]
    seen: dict[str, list[AnswerRef]] = {}
    for uid, qid, coder in (CodedAnswer.objects.filter(interview__in=interviews, consensus=consensus)
                            .values_list("interview__uid", "question_id", "coder")):
        seen.setdefault(coder, []).append(AnswerRef(str(uid), qid))
    return codings, seen
