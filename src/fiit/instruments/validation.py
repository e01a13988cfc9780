"""Validate a set of answers against an instrument.

The result is a :class:`fiit.problems.Report`: ``valid`` plus errors, each with
the question id and a plain sentence in the interviewer's language.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from fiit.instruments import conditions
from fiit.instruments.messages import render
from fiit.instruments.model import Instrument, Question
from fiit.problems import Problem, Report


def relevant_questions(instrument: Instrument, answers: Mapping[str, Any]) -> set[str]:
    """Ids of the questions that apply, given these answers.

    A question whose condition refers to a question that is itself not relevant
    sees that answer as missing, so relevance cascades down a chain.
    """
    applicable: set[str] = set()
    seen: dict[str, Any] = {}
    for question in instrument.questions():
        if conditions.evaluate(question.relevant, seen):
            applicable.add(question.id)
            seen[question.id] = answers.get(question.id)
    return applicable


def parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


class _AnswerChecker:
    def __init__(self, instrument: Instrument, answers: Mapping[str, Any], country: str | None, lang: str):
        self.instrument = instrument
        self.answers = answers
        self.country = country
        self.lang = lang
        self.report = Report()

    def problem(self, code: str, question_id: str, severity: str = "error", **params: Any) -> None:
        self.report.add(
            Problem(
                code=code,
                message=render(code, self.lang, **params),
                question_id=question_id,
                severity=severity,
                params=params,
            )
        )

    def run(self, complete: bool) -> Report:
        known = self.instrument._by_id
        for question_id in self.answers:
            if question_id not in known and conditions.is_answered(self.answers[question_id]):
                self.problem("unknown_question", question_id, question=question_id)
        applicable = relevant_questions(self.instrument, self.answers)
        for question in self.instrument.questions():
            value = self.answers.get(question.id)
            answered = conditions.is_answered(value)
            if question.id not in applicable:
                if answered:
                    self.problem("not_relevant", question.id)
                continue
            if not answered:
                if question.required:
                    self.problem("required_missing", question.id, severity="error" if complete else "warning")
                continue
            self.check_value(question, value)
        return self.report

    def check_value(self, question: Question, value: Any) -> None:
        kind = question.type
        if kind == "text":
            if not isinstance(value, str):
                self.problem("not_text", question.id)
        elif kind in ("scale", "integer"):
            self.check_number(question, value)
        elif kind == "single_choice":
            self.check_choice(question, value)
        elif kind in ("multiple_choice", "ranking"):
            self.check_choices(question, value)
        elif kind == "date":
            self.check_date(question, value)

    def check_number(self, question: Question, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem("not_a_number", question.id, value=value)
            return
        low, high = question.min, question.max
        if low is not None and high is not None and not low <= value <= high:
            self.problem("out_of_range", question.id, value=value, min=low, max=high)
        elif low is not None and value < low:
            self.problem("below_min", question.id, value=value, min=low)
        elif high is not None and value > high:
            self.problem("above_max", question.id, value=value, max=high)

    def check_one_choice(self, question: Question, value: Any) -> bool:
        option = question.option(value) if isinstance(value, str) else None
        if option is None:
            self.problem("unknown_choice", question.id, value=value)
            return False
        if not option.offered_in(self.country):
            self.problem("not_offered_in_country", question.id, value=value, country=self.country)
            return False
        return True

    def check_choice(self, question: Question, value: Any) -> None:
        self.check_one_choice(question, value)

    def check_choices(self, question: Question, value: Any) -> None:
        if not isinstance(value, (list, tuple)):
            self.problem("not_a_list", question.id)
            return
        seen: set[str] = set()
        for item in value:
            if item in seen:
                self.problem("duplicate_choice", question.id, value=item)
                continue
            seen.add(item)
            if not self.check_one_choice(question, item):
                continue
            if question.choices_from:
                picked = self.answers.get(question.choices_from) or []
                if item not in picked:
                    self.problem("not_selected_before", question.id, value=item, source=question.choices_from)
        if question.type == "ranking" and len(seen) < question.min_ranked:
            self.problem("too_few_ranked", question.id, min=question.min_ranked)

    def check_date(self, question: Question, value: Any) -> None:
        parsed = parse_date(value)
        if parsed is None:
            self.problem("bad_date", question.id, value=value)
            return
        if question.min is not None and parsed < question.min:
            self.problem("below_min", question.id, value=parsed.isoformat(), min=question.min.isoformat())
        if question.max is not None and parsed > question.max:
            self.problem("above_max", question.id, value=parsed.isoformat(), max=question.max.isoformat())


def validate_answers(
    instrument: Instrument,
    answers: Mapping[str, Any],
    *,
    country: str | None = None,
    lang: str = "en",
    complete: bool = True,
) -> Report:
    """Check answers against the instrument.

    ``complete=False`` is for drafts: a missing required answer is then a
    warning, not an error, so a half-done interview can still be saved.
    """
    return _AnswerChecker(instrument, answers, country, lang).run(complete)
