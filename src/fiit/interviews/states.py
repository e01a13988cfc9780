"""The state of each question of an interview: answered, declined, not applicable, unanswered, not asked.

Every question of every instrument can be declined (:data:`fiit.instruments.DECLINED`
is stored as the answer). The five states are told apart from what is stored,
so old interviews get them too:

* ``answered``: an answer is stored (any value but "declined");
* ``declined``: "declined to answer" is stored;
* ``not_applicable``: the question was skipped by routing: its relevance
  condition does not hold for the interview's other answers;
* ``unanswered``: the question applies and was part of the interview's form,
  but nothing is stored (the interviewer left it blank or the interview stopped);
* ``not_asked``: the question was not part of the form the interview was
  recorded with (an older version of the instrument, or an imported form
  without it).

A question can be in one state only; "not asked" wins over "not applicable".
Statistics are computed over ``answered`` answers only (:mod:`fiit.analysis`).
The labels of the states in five languages are vocabulary data
(``vocabulary().answer_states``). Pure core: no Django, no click.
"""

from __future__ import annotations

from typing import Any, Collection, Mapping, Sequence

from fiit.instruments import DECLINED, Instrument
from fiit.instruments.conditions import is_answered, referenced_questions
from fiit.instruments.validation import answer_rules

ANSWERED = "answered"
DECLINED_STATE = "declined"
NOT_APPLICABLE = "not_applicable"
UNANSWERED = "unanswered"
NOT_ASKED = "not_asked"
#: The states in the order they are published (the data package's codes, the stats' keys).
STATES: tuple[str, ...] = (ANSWERED, DECLINED_STATE, NOT_APPLICABLE, UNANSWERED, NOT_ASKED)


def is_missing_value(value: Any) -> bool:
    """Nothing stored: None, "", [], or a pandas/numpy missing value."""
    if value is None:
        return True
    try:
        if value != value:  # NaN, and pandas.NA raises below
            return True
    except (TypeError, ValueError):
        return True
    return not is_answered(value)


def answer_state(value: Any, *, applicable: bool, asked: bool = True) -> str:
    """The state of one question given its stored value, whether it applies and whether it was asked."""
    if not asked:
        return NOT_ASKED
    if not applicable:
        return NOT_APPLICABLE
    if is_missing_value(value):
        return UNANSWERED
    if isinstance(value, str) and value == DECLINED:
        return DECLINED_STATE
    return ANSWERED


def answer_states(instrument: Instrument, answers: Mapping[str, Any], *,
                  asked: Collection[str] | None = None,
                  questions: Collection[str] | None = None) -> dict[str, str]:
    """The state of every question of ``instrument`` (or of ``questions``) in one interview.

    ``answers``: what is stored, by question id (missing values may be None or
    pandas' NA). ``asked``: the question ids of the form the interview was
    recorded with; None means every question of ``instrument``.
    Relevance is decided with the instrument's own rules
    (:meth:`fiit.instruments.validation.AnswerRules.relevant`), so a condition
    on a declined or missing answer does not hold, as in the form.
    """
    clean = {q: (None if is_missing_value(v) else v) for q, v in answers.items()}
    applicable = answer_rules(instrument).relevant(clean)
    wanted = set(questions) if questions is not None else None
    out: dict[str, str] = {}
    for question in instrument.questions():
        if wanted is not None and question.id not in wanted:
            continue
        out[question.id] = answer_state(clean.get(question.id), applicable=question.id in applicable,
                                        asked=asked is None or question.id in asked)
    return out


def interview_states(recorded: Instrument, current: Instrument, answers: Mapping[str, Any]) -> dict[str, str]:
    """Every question's state in one interview, as ``fiit stats`` and the data package count it.

    ``recorded``: the version the interview was taken with; ``current``: the
    instrument's current version, whose questions and routing the statistics
    use (:func:`fiit.db.answer_states.answer_state_frame`), the questions
    ``recorded`` did not have being "not asked". A question only ``recorded``
    had (none so far) keeps the state its own routing gives. The interview's
    page shows these, so page and statistics cannot disagree.
    """
    states = answer_states(current, answers, asked=set(recorded.question_ids()))
    if recorded.version != current.version:
        for question_id, state in answer_states(recorded, answers).items():
            states.setdefault(question_id, state)
    return states


def _frozen(value: Any) -> Any:
    """A hashable stand-in for a stored value (lists become tuples, missing values None)."""
    if is_missing_value(value):
        return None
    return tuple(value) if isinstance(value, list) else value


def state_columns(instrument: Instrument, values: Mapping[str, Sequence[Any]], asked: Sequence[Any],
                  questions: Sequence[str]) -> dict[str, list[str]]:
    """:func:`answer_states` for many interviews at once, by column.

    ``values``: per question id, the stored value of each interview (one list, the
    same length for every question; the questions that routing refers to must be
    there); ``asked``: per interview, the question ids of its form (None: all).
    Relevance depends only on the answers of the questions conditions refer to,
    so it is decided once per distinct combination of those answers (a handful
    in a study), not once per interview: the same result as :func:`answer_states`
    row by row (``tests/interviews/test_states.py``), at a fraction of the cost.
    """
    rules = answer_rules(instrument)
    routers = sorted({r for q in instrument.questions() if q.relevant for r in referenced_questions(q.relevant)})
    size = len(asked)
    router_values = [[_frozen(v) for v in values[r]] if r in values else [None] * size for r in routers]
    applicable_of: dict[tuple, frozenset[str]] = {}
    applicable: list[frozenset[str]] = []
    for i in range(size):
        key = tuple(column[i] for column in router_values)
        found = applicable_of.get(key)
        if found is None:
            answers = {r: (list(v) if isinstance(v, tuple) else v) for r, v in zip(routers, key)}
            found = applicable_of[key] = frozenset(rules.relevant(answers))
        applicable.append(found)
    out: dict[str, list[str]] = {}
    for qid in questions:
        column = values[qid] if qid in values else [None] * size
        out[qid] = [answer_state(column[i], applicable=qid in applicable[i],
                                 asked=asked[i] is None or qid in asked[i]) for i in range(size)]
    return out
