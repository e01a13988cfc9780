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

from typing import Any, Collection, Mapping

from fiit.instruments import DECLINED, Instrument
from fiit.instruments.conditions import is_answered
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
