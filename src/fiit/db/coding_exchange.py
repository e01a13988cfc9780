"""Exchanging codings with QDA tools: REFI-QDA projects (.qdpx) and CSV, both ways, all or nothing.

Export: the chosen interviews' codable open answers as sources (respondent codes only, never names; the
identifying fields are not codable and never leave), respondent attributes as REFI variables, and the
codings. Only for users allowed to code those interviews (the caller passes the interviews from
:func:`fiit.db.access.interviews_for`); every export writes an audit entry.

Import: every coding of the file is matched to an answer among ``allowed`` interviews (by source guid,
else by the source name "RESPONDENT-CODE question"), its code to the codebook (by guid), its passage to
the answer's length — and the source text, when the file carries it, must be the answer's text. One
problem refuses the whole file: nothing is written.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

from django.db import transaction

from fiit.coding.codings import AnswerRef
from fiit.coding.codings import Coding as CoreCoding
from fiit.coding.qdpx import (ExportCase, ExportSource, ImportedCoding, export_qdpx, import_qdpx, source_guid,
                              source_name)
from fiit.db.audit import record
from fiit.db.coding import codable_questions, current_codebook, open_answers
from fiit.db.models import Answer, CodedAnswer, Coding, Interview, Study
from fiit.db.store import instrument_of
from fiit.problems import Problem, Report

ATTRIBUTES = {"gender": "sd_gender", "citizenship": "sd_citizenship", "exploitation": "sd_exploitation"}
CSV_COLUMNS = ("interview", "question_id", "coder", "code", "start", "end", "consensus")
MAX_CSV_BYTES = 20 * 1024 * 1024


def _attributes(interview: Interview) -> dict[str, str]:
    out = {"country": interview.country_id, "group": interview.instrument.instrument_id,
           "language": interview.language}
    values = dict(Answer.objects.filter(interview=interview, question_id__in=ATTRIBUTES.values(),
                                        sealed__isnull=True).values_list("question_id", "value"))
    for name, qid in ATTRIBUTES.items():
        value = values.get(qid)
        if value not in (None, "", []):
            out[name] = ";".join(map(str, value)) if isinstance(value, list) else str(value)
    return out


def export_project(study: Study, interviews, keyfile, *, actor: str, question_id: str | None = None) -> bytes:
    """The .qdpx of these interviews' open answers and their codings; audited."""
    interviews = list(interviews)
    answers = open_answers(interviews, keyfile, question_id=question_id, actor=actor, purpose="qdpx_export")
    sources = [ExportSource(a.ref, a.interview.respondent_code, a.text) for a in answers]
    cases = [ExportCase(str(i.uid), i.respondent_code, _attributes(i)) for i in interviews]
    refs = {a.ref for a in answers}
    codings = [c for c in _core_codings(interviews) if c.answer in refs]
    data = export_qdpx(f"{study.name} — fiit", current_codebook(study), sources, cases, codings)
    record("qda_export", actor=actor, record_type="study", record_id=study.pk,
           details={"format": "qdpx", "interviews": len(interviews), "answer_count": len(sources),
                    "codings": len(codings)})
    return data


def _core_codings(interviews) -> list[CoreCoding]:
    rows = Coding.objects.filter(interview__in=interviews, consensus=False).values_list(
        "interview__uid", "question_id", "coder", "code", "start", "end")
    return [CoreCoding(AnswerRef(str(u), q), coder, code, s, e) for u, q, coder, code, s, e in rows]


def export_csv(study: Study, interviews, *, actor: str) -> str:
    """Codings as CSV (no answer text: interview uid, question, coder, code, offsets); audited."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    rows = Coding.objects.filter(interview__in=interviews).order_by("interview_id", "question_id", "start", "pk")
    n = 0
    for c in rows.values_list("interview__uid", "question_id", "coder", "code", "start", "end", "consensus"):
        writer.writerow([str(c[0]), c[1], c[2], c[3], c[4], c[5], "yes" if c[6] else "no"])
        n += 1
    record("qda_export", actor=actor, record_type="study", record_id=study.pk,
           details={"format": "csv", "codings": n})
    return out.getvalue()


class _Answers:
    """The answers codings may land on: those of the allowed interviews, found by guid or by name."""

    def __init__(self, study: Study, allowed, keyfile, actor: str):
        self.study = study
        self.keyfile = keyfile
        self.actor = actor
        self.allowed = {i.pk: i for i in allowed.select_related("instrument", "country")}
        self.by_guid: dict[str, tuple[Interview, str]] = {}
        self.by_name: dict[str, tuple[Interview, str]] = {}
        self.by_uid: dict[str, Interview] = {str(i.uid): i for i in self.allowed.values()}
        for interview in self.allowed.values():
            for q in codable_questions(instrument_of(interview)):
                ref = AnswerRef(str(interview.uid), q.id)
                self.by_guid[source_guid(ref)] = (interview, q.id)
                self.by_name[source_name(interview.respondent_code, q.id)] = (interview, q.id)
        self._texts: dict[tuple[int, str], str | None] = {}

    def text(self, interview: Interview, question_id: str) -> str | None:
        key = (interview.pk, question_id)
        if key not in self._texts:
            self._texts[key] = None
        return self._texts[key]

    def load_texts(self, wanted: set[tuple[int, str]]) -> None:
        interviews = {pk for pk, _ in wanted}
        for answer in open_answers([self.allowed[pk] for pk in sorted(interviews)], self.keyfile,
                                   actor=self.actor, purpose="coding_import"):
            self._texts[(answer.interview.pk, answer.question_id)] = answer.text

    def outside(self, *sources: str) -> str:
        """Why a source matched nothing: another country's (or otherwise forbidden) interview, or none."""
        for interview in Interview.objects.filter(study=self.study).exclude(pk__in=self.allowed):
            for q in codable_questions(instrument_of(interview)):
                ref = AnswerRef(str(interview.uid), q.id)
                if {source_guid(ref), source_name(interview.respondent_code, q.id)} & set(sources):
                    return ("belongs to an interview you may not code (another country's, or not final); "
                            "nothing was imported.")
        return "matches no answer of this study; nothing was imported."


def _resolve(study: Study, imported: Sequence[ImportedCoding], allowed, keyfile, *, actor: str, file: str,
             coder: str | None) -> tuple[list[Coding], Report]:
    report = Report()
    answers = _Answers(study, allowed, keyfile, actor)
    codebook = current_codebook(study)
    by_guid = codebook.by_guid()
    matched = []
    for i, c in enumerate(imported, start=1):
        target = answers.by_guid.get(c.source_guid) or answers.by_name.get(c.source_name)
        if target is None:
            report.add(Problem("unknown_answer", f"Coding {i} is on the source '{c.source_name or c.source_guid}', "
                                                 f"which {answers.outside(c.source_guid, c.source_name)}",
                               file=file, row=i))
            continue
        code = by_guid.get(c.code_guid)
        if code is None or not code.codable:
            report.add(Problem("unknown_code", f"Coding {i} uses a code (guid {c.code_guid}) that is not in the "
                                               "study's codebook; import the codebook first (fiit codebook import).",
                               file=file, row=i))
            continue
        matched.append((i, c, target, code.id))
    if not report.valid:
        return [], report
    answers.load_texts({(t[0].pk, t[1]) for _i, _c, t, _code in matched})
    rows = []
    for i, c, (interview, qid), code in matched:
        text = answers.text(interview, qid)
        if text is None:
            report.add(Problem("unreadable_answer", f"Coding {i}: the answer cannot be read any more (withdrawn?).",
                               file=file, row=i))
            continue
        if c.source_text is not None and c.source_text != text:
            report.add(Problem("source_changed", f"Coding {i}: the source text in the file differs from the stored "
                                                 "answer, so its positions cannot be trusted.", file=file, row=i))
            continue
        if not (0 <= c.start < c.end <= len(text)):
            report.add(Problem("bad_passage", f"Coding {i}: the passage {c.start}–{c.end} does not lie inside the "
                                              f"answer ({len(text)} characters).", file=file, row=i))
            continue
        rows.append(Coding(interview=interview, question_id=qid, coder=(coder or c.coder)[:150], code=code,
                           start=c.start, end=c.end, consensus=getattr(c, "consensus", False)))
    return rows, report


def _write(rows: list[Coding], study: Study, *, actor: str, fmt: str) -> int:
    with transaction.atomic():
        existing = set(Coding.objects.filter(interview__in={r.interview_id for r in rows}).values_list(
            "interview_id", "question_id", "coder", "code", "start", "end", "consensus"))
        new = {(r.interview_id, r.question_id, r.coder, r.code, r.start, r.end, r.consensus): r for r in rows}
        fresh = [r for key, r in new.items() if key not in existing]
        Coding.objects.bulk_create(fresh)
        for interview_id, qid, coder, consensus in {(r.interview_id, r.question_id, r.coder, r.consensus)
                                                    for r in rows}:
            CodedAnswer.objects.get_or_create(interview_id=interview_id, question_id=qid, coder=coder,
                                              consensus=consensus)
        record("qda_import", actor=actor, record_type="study", record_id=study.pk,
               details={"format": fmt, "codings": len(fresh), "already_there": len(new) - len(fresh)})
    return len(fresh)


def import_project(study: Study, data: bytes, allowed, keyfile, *, actor: str, file: str = "project.qdpx",
                   coder: str | None = None) -> tuple[int, Report]:
    """Add a .qdpx's codings to the answers they belong to; (codings added, problems). All or nothing."""
    project, report = import_qdpx(data, file=file, current=current_codebook(study))
    if project is None:
        return 0, report
    rows, problems = _resolve(study, project.codings, allowed, keyfile, actor=actor, file=file, coder=coder)
    report.extend(problems.problems)
    if not report.valid:
        return 0, report
    return _write(rows, study, actor=actor, fmt="qdpx"), report


def import_csv(study: Study, text: str, allowed, keyfile, *, actor: str, file: str = "codings.csv",
               coder: str | None = None) -> tuple[int, Report]:
    """Add codings from CSV (columns as :data:`CSV_COLUMNS`); all or nothing."""
    report = Report()
    if len(text.encode("utf-8")) > MAX_CSV_BYTES:
        report.add(Problem("too_large", "The file is larger than 20 MB.", file=file))
        return 0, report
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in CSV_COLUMNS[:6] if c not in (reader.fieldnames or [])]
    if missing:
        report.add(Problem("missing_columns", f"The file has no column {', '.join(missing)}; the first row must "
                                              f"name the columns {', '.join(CSV_COLUMNS)}.", file=file))
        return 0, report
    codebook = current_codebook(study)
    imported = []
    for row_number, row in enumerate(reader, start=2):
        try:
            start, end = int(row["start"]), int(row["end"])
        except (TypeError, ValueError):
            report.add(Problem("bad_offset", "start and end must be whole numbers.", file=file, row=row_number))
            continue
        code = (row.get("code") or "").strip()
        guid = codebook.code(code).guid if code in codebook else f"unknown:{code}"
        ref = AnswerRef((row.get("interview") or "").strip(), (row.get("question_id") or "").strip())
        item = _CsvCoding(source_guid=source_guid(ref), source_name="", source_text=None, code_guid=guid,
                          coder=(row.get("coder") or "").strip() or "imported", start=start, end=end)
        object.__setattr__(item, "consensus", (row.get("consensus") or "").strip().lower() in ("yes", "true", "1"))
        imported.append(item)
    if not report.valid:
        return 0, report
    rows, problems = _resolve(study, imported, allowed, keyfile, actor=actor, file=file, coder=coder)
    report.extend(problems.problems)
    if not report.valid:
        return 0, report
    return _write(rows, study, actor=actor, fmt="csv"), report


class _CsvCoding(ImportedCoding):
    consensus: bool = False
