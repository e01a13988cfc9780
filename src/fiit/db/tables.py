"""De-identified tables out of the database, for the open data and other exports.

Only clear answers are read (scales, choices, integers, dates; never a sealed
blob), and only the interview's country comes with them: no respondent code,
no interview id, no interviewer, no date. Sealed answers are not opened and
not even fetched, so this needs no key file.
"""

from __future__ import annotations

from typing import Iterator

from fiit.db.answer_states import asked_questions
from fiit.db.models import Answer, Country, Interview, InstrumentVersion, Study
from fiit.instruments import Instrument
from fiit.interop.opendata.datapackage import InterviewRecord

CHUNK = 2000


def countries() -> list[str]:
    return list(Country.objects.values_list("code", flat=True))


def interview_records(study: Study, instrument: Instrument) -> Iterator[InterviewRecord]:
    """One record per final interview of ``study`` taken with ``instrument`` (any stored version)."""
    open_questions = {q.id for q in instrument.questions() if q.is_sensitive}
    interviews = (
        Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
        .order_by("pk")
        .values_list("pk", "country_id", "instrument_id")
    )
    asked = {pk: asked_questions(definition) for pk, definition in InstrumentVersion.objects.filter(
        instrument_id=instrument.id).values_list("pk", "definition")}  # the questions each version had
    batch: list[tuple[int, str, int]] = []
    for row in interviews.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            yield from _records(batch, open_questions, asked)
            batch = []
    yield from _records(batch, open_questions, asked)


def _records(batch: list[tuple[int, str, int]], open_questions: set[str],
             asked: dict[int, frozenset[str]]) -> Iterator[InterviewRecord]:
    if not batch:
        return
    answers: dict[int, dict] = {pk: {} for pk, _, _ in batch}
    rows = (
        Answer.objects.filter(interview_id__in=list(answers), sealed__isnull=True)
        .exclude(question_id__in=open_questions)
        .values_list("interview_id", "question_id", "value")
    )
    for interview_id, question_id, value in rows:
        answers[interview_id][question_id] = value
    for pk, country, version in batch:
        yield InterviewRecord(country=country, answers=answers[pk], asked=asked.get(version))
