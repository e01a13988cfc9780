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
scale's n and its answered count are one number too. A country whose number
of interviews is withheld gets no row: it is counted, with the others like it,
in a row that is protected but never published. A question whose table cannot
be protected given what was published before is left out whole and named in
``context.withheld``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Mapping, Sequence

from fiit.analysis.disclosure import DisclosureContext, DisclosureError, ProtectedTable
from fiit.analysis.tables import Cell, Table, conditions, two_way_table
from fiit.interviews.states import ANSWERED, STATES

if TYPE_CHECKING:
    import pandas as pd

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


@dataclass(frozen=True)
class StateCounts:
    """One instrument's interviews counted by country and by the state of each question.

    What the tables below need, without a row per interview: the database
    counts it (:func:`fiit.db.tallies.answer_state_counts`, issue 16) or
    :meth:`of_frame` counts a frame of states.
    """

    questions: tuple[str, ...]
    #: country -> interviews
    interviews: Mapping[str, int]
    #: (question, country, state) -> interviews
    counts: Mapping[tuple[str, str, str], int]

    @classmethod
    def of_frame(cls, states: pd.DataFrame) -> "StateCounts":
        import pandas as pd

        questions = tuple(c for c in states.columns if c not in ("interview", "country"))
        country = states["country"] if "country" in states.columns else pd.Series(dtype=object)
        interviews = {str(c): int(n) for c, n in country.value_counts().items()}
        counts: dict[tuple[str, str, str], int] = {}
        for question_id in questions:
            pairs = pd.DataFrame({"c": country, "s": states[question_id]}).value_counts()
            counts.update({(question_id, str(c), str(state)): int(n) for (c, state), n in pairs.items()})
        return cls(questions, interviews, counts)


def as_state_counts(states: "pd.DataFrame | StateCounts") -> StateCounts:
    return states if isinstance(states, StateCounts) else StateCounts.of_frame(states)


def state_key(instrument: str, question_id: str, country: str | None, state: str | None) -> frozenset:
    """The set of respondents a cell counts: the interview counts' key, plus the state of the question."""
    population = conditions({"instrument": instrument}, country=country)
    if state is None:
        return population
    if state == ANSWERED:  # the key of a scale's (or the ranking's) n: fiit.analysis.document._Keys
        return population | {("answered", question_id)}
    return population | {("answer_state", f"{question_id}:{state}")}


def state_table(instrument: str, question_id: str, states: "pd.DataFrame | StateCounts",
                countries: Sequence[str], merged: Sequence[str] = ()) -> Table:
    """Interviews by country (rows) and state of ``question_id`` (columns), with totals.

    ``merged``: countries counted together in one more row (labelled ``BE+FR``), for
    countries whose number of interviews is withheld: the row is there so that the
    all-countries figures are protected with it; it is never published (it is the
    all-countries row less the published ones).
    """
    counted = as_state_counts(states)
    groups = [[c] for c in countries] + ([list(merged)] if merged else [])
    rows = list(countries) + (["+".join(merged)] if merged else [])
    counts = [[sum(counted.counts.get((question_id, c, s), 0) for c in g) for s in STATES] for g in groups]
    row_totals = [sum(counted.interviews.get(c, 0) for c in g) for g in groups]
    countries = rows
    table = two_way_table(f"{instrument}/{question_id}/states", countries, STATES, counts,
                          row_totals=row_totals, grand_total=sum(row_totals),
                          key=lambda r, c: state_key(instrument, question_id, r, c))
    within = tuple((cell.key, state_key(instrument, question_id, cell.row, None))
                   for cell in table.cells if cell.column is not None)
    return dataclasses.replace(table, within=within)


def state_counts(instrument: str, states: "pd.DataFrame | StateCounts", countries: Sequence[str],
                 questions: Sequence[str] | None = None) -> list[AnswerStateCount]:
    """The counts, unprotected: per question, each country and all countries together."""
    states = as_state_counts(states)
    out = []
    for question_id in _questions(states, questions):
        table = state_table(instrument, question_id, states, countries)
        for row in (*countries, None):
            out.append(AnswerStateCount(instrument, question_id, row,
                                        {s: table.cell(row, s).value for s in STATES}))
    return out


def protect_state_counts(instrument: str, states: "pd.DataFrame | StateCounts", countries: Sequence[str],
                         context: DisclosureContext,
                         questions: Sequence[str] | None = None) -> list[AnswerStateCount]:
    """The counts after disclosure control, in the report's ``context``."""
    states = as_state_counts(states)
    out = []
    # A country whose number of interviews is withheld gets no row of its own (its states would be
    # small counts within a withheld one); it is counted with the others like it.
    merged = [c for c in countries if context.status(state_key(instrument, "", c, None)) == "suppressed"]
    countries = [c for c in countries if c not in merged]
    for question_id in _questions(states, questions):
        table = state_table(instrument, question_id, states, countries, merged)
        try:
            protected = _protect(table, context)
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


def _protect(table: Table, context: DisclosureContext) -> ProtectedTable:
    """Protect ``table`` in ``context``; alone when every key it shares with earlier tables is published.

    Linked only through published numbers (constants to a reader), the table's
    cells can be worked out from its own relations and those numbers alone, so
    it is protected in a fresh context that knows just them, and adopted into
    ``context``. This keeps a study's ~80 state tables from being checked all
    together against every count table (64 s instead of 2 s on the demo).
    """
    known = [c for c in table.cells if context.status(c.key) is not None]
    if any(context.status(c.key) != "published" for c in known):
        return context.protect(table)
    alone = DisclosureContext(context.k, symbol=context.symbol)
    if known:
        alone.publish(Table(f"{table.name}/published", (), (), tuple(
            Cell(c.key, c.value, c.row, c.column) for c in known), ()))
    return context.adopt(table, alone.protect(table))


def _questions(states: StateCounts, questions: Sequence[str] | None) -> list[str]:
    columns = list(states.questions)
    return [q for q in questions if q in columns] if questions is not None else columns
