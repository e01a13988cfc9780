"""How many interviews answered, declined, skipped by routing, left unanswered or were not asked each question.

Input: per instrument a frame of states (``interview``, ``country`` and one
column per question holding a code of :data:`fiit.interviews.states.STATES`),
one row per interview, as :func:`fiit.db.answer_states.answer_state_frames`
reads it. Every statistic of fiit (scale means, medians, intervals,
distributions, rankings) is computed over the ``answered`` interviews only;
these counts say how many were left out and why.

Disclosure control: the counts of one question form a table, countries x
states, whose row totals are the interviews of each country (the same keys as
``fiit stats``' interview counts, so one number has one status). The
``answered`` cells have the key of a scale's n (``answered=<question>``), so a
scale's n and its answered count are one number too. A question whose table
cannot be protected given what was published before is left out whole and
named in ``context.withheld``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Mapping, Sequence

import pandas as pd

from fiit.analysis.disclosure import DisclosureContext, DisclosureError
from fiit.analysis.tables import Table, conditions, two_way_table
from fiit.interviews.states import ANSWERED, STATES

#: What every statistic is computed over (said in ``fiit stats --json``).
STATISTICS_OVER = ANSWERED


@dataclass(frozen=True)
class AnswerStateCount:
    """The interviews of one instrument in one country (None: all) by the state of one question.

    ``counts`` maps each state of :data:`~fiit.interviews.states.STATES` to a
    number, or to None where disclosure control withholds it.
    """

    instrument: str
    question_id: str
    country: str | None
    counts: Mapping[str, int | None]
    suppressed: bool = False

    def as_json(self) -> dict:
        return {"instrument": self.instrument, "question_id": self.question_id, "country": self.country,
                **{state: self.counts.get(state) for state in STATES}, "suppressed": self.suppressed}


def state_key(instrument: str, question_id: str, country: str | None, state: str | None) -> frozenset:
    """The set of respondents a cell counts: the interview counts' key, plus the state of the question."""
    population = conditions({"instrument": instrument}, country=country)
    if state is None:
        return population
    if state == ANSWERED:  # the key of a scale's (or the ranking's) n: fiit.analysis.document._Keys
        return population | {("answered", question_id)}
    return population | {("answer_state", f"{question_id}:{state}")}


def state_table(instrument: str, question_id: str, states: pd.DataFrame,
                countries: Sequence[str]) -> Table:
    """Interviews by country (rows) and state of ``question_id`` (columns), with totals."""
    country = states["country"]
    column = states[question_id]
    counts = [[int(((country == c) & (column == s)).sum()) for s in STATES] for c in countries]
    row_totals = [int((country == c).sum()) for c in countries]
    table = two_way_table(f"{instrument}/{question_id}/states", countries, STATES, counts,
                          row_totals=row_totals, grand_total=sum(row_totals),
                          key=lambda r, c: state_key(instrument, question_id, r, c))
    within = tuple((cell.key, state_key(instrument, question_id, cell.row, None))
                   for cell in table.cells if cell.column is not None)
    return dataclasses.replace(table, within=within)


def state_counts(instrument: str, states: pd.DataFrame, countries: Sequence[str],
                 questions: Sequence[str] | None = None) -> list[AnswerStateCount]:
    """The counts, unprotected: per question, each country and all countries together."""
    out = []
    for question_id in _questions(states, questions):
        table = state_table(instrument, question_id, states, countries)
        for row in (*countries, None):
            out.append(AnswerStateCount(instrument, question_id, row,
                                        {s: table.cell(row, s).value for s in STATES}))
    return out


def protect_state_counts(instrument: str, states: pd.DataFrame, countries: Sequence[str],
                         context: DisclosureContext,
                         questions: Sequence[str] | None = None) -> list[AnswerStateCount]:
    """The counts after disclosure control, in the report's ``context``."""
    out = []
    for question_id in _questions(states, questions):
        table = state_table(instrument, question_id, states, countries)
        try:
            protected = context.protect(table)
        except (DisclosureError, ValueError):
            # ValueError: a key published earlier with another value (a ranking's n counts raters
            # differently); never publish two numbers for one set of respondents.
            context.withheld.append(table.name)
            continue
        for row in (*countries, None):
            cells = {s: protected.cell(row, s) for s in STATES}
            out.append(AnswerStateCount(instrument, question_id, row,
                                        {s: (None if c.suppressed else c.value) for s, c in cells.items()},
                                        suppressed=any(c.suppressed for c in cells.values())))
    return out


def _questions(states: pd.DataFrame, questions: Sequence[str] | None) -> list[str]:
    columns = [c for c in states.columns if c not in ("interview", "country")]
    return [q for q in questions if q in columns] if questions is not None else columns
