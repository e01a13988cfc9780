"""Validate a set of answers against an instrument.

The result is a :class:`fiit.problems.Report`: ``valid`` plus errors, each with
the question id and a plain sentence in the interviewer's language.

An instrument's rules are prepared once (:func:`answer_rules`): relevance
conditions compiled into functions, one checker per question with its options
in a dict. Validating an interview then runs those, which matters when an
import checks a hundred thousand interviews against the same instrument.
"""

from __future__ import annotations

import datetime as dt
import functools
import weakref
from typing import Any, Callable, Mapping, NamedTuple

from fiit.instruments.conditions import Predicate, compile_condition, is_answered
from fiit.problems.catalogue import render
from fiit.instruments.model import DECLINED, Instrument, Question
from fiit.problems import Problem, Report

# problem(code, question id, severity="error", **params): records one problem.
AddProblem = Callable[..., None]
# check(value, all answers, country, problem): checks one answered, relevant question.
Check = Callable[[Any, Mapping[str, Any], "str | None", AddProblem], None]


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


class AnswerRules:
    """The validation rules of one instrument, prepared once and applied to any number of interviews."""

    def __init__(self, instrument: Instrument):
        self._known = frozenset(q.id for q in instrument.questions())
        steps = []
        for q in instrument.questions():
            check, sure = _checker(q)
            steps.append((q.id, compile_condition(q.relevant), q.required, check, sure,
                          q.declinable, q.type != "text"))
        self._steps: tuple[tuple[str, Predicate | None, bool, Check | None, Sure | None, bool, bool], ...] = \
            tuple(steps)

    def relevant(self, answers: Mapping[str, Any]) -> set[str]:
        """Ids of the questions that apply, given these answers.

        A question whose condition refers to a question that is itself not
        relevant sees that answer as missing, so relevance cascades down a chain.
        """
        applicable: set[str] = set()
        seen: dict[str, Any] = {}
        for question_id, relevant, *_ in self._steps:
            if relevant is None or relevant(seen):
                applicable.add(question_id)
                seen[question_id] = answers.get(question_id)
        return applicable

    def validate(self, answers: Mapping[str, Any], *, country: str | None = None, lang: str = "en",
                 complete: bool = True) -> Report:
        report = Report()

        def problem(code: str, question_id: str, severity: str = "error", **params: Any) -> None:
            report.add(Problem(code=code, message=render(code, lang, **params), question_id=question_id,
                               severity=severity, params=params))

        known = self._known
        for question_id in answers:
            if question_id not in known and is_answered(answers[question_id]):
                problem("unknown_question", question_id, question=question_id)
        missing = "error" if complete else "warning"
        seen: dict[str, Any] = {}  # the answers of the relevant questions so far
        for question_id, relevant, required, check, sure, declinable, typed in self._steps:
            value = answers.get(question_id)
            answered = value is not None and value != "" and value != []  # is_answered(), inlined: a hot loop
            if relevant is not None and not relevant(seen):
                if answered:
                    problem("not_relevant", question_id)
                continue
            seen[question_id] = value
            if not answered:
                if required:
                    problem("required_missing", question_id, severity=missing)
                continue
            if check is None:
                continue
            if sure is not None and value.__class__ is sure.type:  # the common case, without a call
                allowed = sure.allowed.get(country, ()) if sure.by_country else sure.allowed
                if allowed is None or value in allowed:
                    continue
            if value == DECLINED:
                # "Declined to answer" satisfies a declinable question of any type (and counts as answered);
                # elsewhere it is refused. A text question takes the word as the text it is.
                if declinable:
                    continue
                if typed:
                    problem("not_declinable", question_id)
                    continue
            check(value, answers, country, problem)
        return report


# -- one checker per question ---------------------------------------------------------------

class Sure(NamedTuple):
    """Values a question certainly accepts, checked in the validation loop itself.

    A value of exactly ``type`` that is in ``allowed`` (any such value if
    ``allowed`` is None; with ``by_country``, ``allowed`` maps a country to the
    values offered there, as its checker fills it) has nothing to report; any
    other value goes to the question's checker.
    """

    type: type
    allowed: Any = None
    by_country: bool = False


def _checker(question: Question) -> tuple[Check | None, Sure | None]:
    kind = question.type
    if kind == "text":
        return _text_checker(question), Sure(str)
    if kind in ("scale", "integer"):
        low, high = question.min, question.max
        sure = Sure(int, range(low, high + 1)) if isinstance(low, int) and isinstance(high, int) else None
        return _number_checker(question), sure
    if kind == "single_choice":
        offered: dict[str | None, frozenset[str]] = {}
        return _single_choice_checker(question, offered), Sure(str, offered, by_country=True)
    if kind in ("multiple_choice", "ranking"):
        return _choices_checker(question), None
    if kind == "date":
        return _date_checker(question), None
    return None, None


def _text_checker(question: Question) -> Check:
    qid = question.id

    def check(value: Any, answers: Mapping[str, Any], country: str | None, problem: AddProblem) -> None:
        if not isinstance(value, str):
            problem("not_text", qid)

    return check


def _number_checker(question: Question) -> Check:
    qid, low, high = question.id, question.min, question.max

    def check(value: Any, answers: Mapping[str, Any], country: str | None, problem: AddProblem) -> None:
        if isinstance(value, bool) or not isinstance(value, int):
            problem("not_a_number", qid, value=value)
            return
        if low is not None and high is not None and not low <= value <= high:
            problem("out_of_range", qid, value=value, min=low, max=high)
        elif low is not None and value < low:
            problem("below_min", qid, value=value, min=low)
        elif high is not None and value > high:
            problem("above_max", qid, value=value, max=high)

    return check


def _choice_checker(question: Question,
                    offered: dict | None = None) -> Callable[[Any, str | None, AddProblem], bool]:
    qid = question.id
    options: dict[str, Any] = {}
    for option in question.options:
        options.setdefault(option.value, option)  # the first option with a value wins, as Question.option()
    offered = {} if offered is None else offered  # country -> the values offered there, filled on first use

    def one_choice(value: Any, country: str | None, problem: AddProblem) -> bool:
        allowed = offered.get(country)
        if allowed is None:
            allowed = offered[country] = frozenset(v for v, option in options.items() if option.offered_in(country))
        if value.__class__ is str and value in allowed:
            return True
        option = options.get(value) if isinstance(value, str) else None
        if option is None:
            problem("unknown_choice", qid, value=value)
            return False
        if not option.offered_in(country):
            problem("not_offered_in_country", qid, value=value, country=country)
            return False
        return True

    return one_choice


def _single_choice_checker(question: Question, offered: dict) -> Check:
    one_choice = _choice_checker(question, offered)

    def check(value: Any, answers: Mapping[str, Any], country: str | None, problem: AddProblem) -> None:
        one_choice(value, country, problem)

    return check


def _choices_checker(question: Question) -> Check:
    qid, source, ranking, min_ranked = question.id, question.choices_from, question.type == "ranking", question.min_ranked
    one_choice = _choice_checker(question)

    def check(value: Any, answers: Mapping[str, Any], country: str | None, problem: AddProblem) -> None:
        if not isinstance(value, (list, tuple)):
            problem("not_a_list", qid)
            return
        seen: set[str] = set()
        for item in value:
            if item in seen:
                problem("duplicate_choice", qid, value=item)
                continue
            seen.add(item)
            if not one_choice(item, country, problem):
                continue
            if source:
                picked = answers.get(source) or []
                if item not in picked:
                    problem("not_selected_before", qid, value=item, source=source)
        if ranking and len(seen) < min_ranked:
            problem("too_few_ranked", qid, min=min_ranked)

    return check


def _date_checker(question: Question) -> Check:
    qid, low, high = question.id, question.min, question.max

    def check(value: Any, answers: Mapping[str, Any], country: str | None, problem: AddProblem) -> None:
        parsed = parse_date(value)
        if parsed is None:
            problem("bad_date", qid, value=value)
            return
        if low is not None and parsed < low:
            problem("below_min", qid, value=parsed.isoformat(), min=low.isoformat())
        if high is not None and parsed > high:
            problem("above_max", qid, value=parsed.isoformat(), max=high.isoformat())

    return check


# -- the rules of each instrument, prepared on first use ----------------------------------------

_rules: dict[int, tuple[weakref.ref, AnswerRules]] = {}


def answer_rules(instrument: Instrument) -> AnswerRules:
    """The prepared rules of this instrument object (made once, forgotten with the instrument)."""
    key = id(instrument)
    cached = _rules.get(key)
    if cached is not None and cached[0]() is instrument:
        return cached[1]
    rules = AnswerRules(instrument)
    _rules[key] = (weakref.ref(instrument, functools.partial(_forget, _rules, key)), rules)
    return rules


def _forget(cache: dict, key: int, ref: weakref.ref) -> None:
    # An instrument was garbage-collected: drop its rules, unless its id already belongs to another.
    cached = cache.get(key)
    if cached is not None and cached[0] is ref:
        del cache[key]


def relevant_questions(instrument: Instrument, answers: Mapping[str, Any]) -> set[str]:
    """Ids of the questions that apply, given these answers (see :meth:`AnswerRules.relevant`)."""
    return answer_rules(instrument).relevant(answers)


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
    return answer_rules(instrument).validate(answers, country=country, lang=lang, complete=complete)
