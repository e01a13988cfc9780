"""One instrument's interviews as counts: what every victim figure needs, without a row per interview.

The published victim figures (scale statistics, comparisons between groups,
counts of interviews, and the disclosure tables over them) rest on counts
only: how many interviews a country has, how many in each group, and for each
scale, country and group how many answered 1, 2, ... 10. :class:`Tallies` holds
exactly those, so memory grows with the number of cells published, not with
the number of interviews (issue 16: 50,000 victims took 1.8 GB as objects).

A :class:`Tallies` is made from counted *raw* answers, by :func:`tally`:

* ``interviews``: (country, n) per country;
* ``group_answers``: (question, country, answer, n) for each grouping question;
* ``scale_answers``: (country, (answer of each scale grouping, in order),
  question, answer, n) for each scale question: the joint counts over the
  scale groupings, one row per combination that occurs.

The database counts these with GROUP BY (:mod:`fiit.db.tallies`, one query per
table); :meth:`Tallies.of_frame` counts them in a frame (the same rows, by
pandas). Either way the answers are classified here, by the groupings'
own rules (:meth:`~fiit.analysis.groups.Grouping.category_of`) and
:func:`scale_value`, so the two paths cannot classify differently.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

import numpy as np

from fiit.analysis.groups import COUNT_GROUPINGS, SCALE_GROUPINGS, Grouping, countries_in, is_missing

if TYPE_CHECKING:  # imported where a frame is counted: counted victims need no pandas
    import pandas as pd

#: (grouping name or None, country or None, category or None): a cell of counts.
#: Grouping None: everyone (category None); country None: all countries;
#: category None within a grouping: interviews in none of its categories (not stated).
CellKey = tuple[str | None, str | None, str | None]


def scale_value(answer: Any) -> float | None:
    """A stored scale (or other numeric) answer as a number, None when missing or not a number.

    The rule of the frames (``pandas.to_numeric(errors="coerce")``): numbers stay,
    numeric text is read, anything else ("declined", a word) is missing.
    """
    if is_missing(answer) or isinstance(answer, bool):
        return None
    if isinstance(answer, (int, float, np.integer, np.floating)):
        return float(answer)
    if isinstance(answer, str):
        try:
            return float(answer)
        except ValueError:
            return None
    return None


def _scale_index(question_id: str, value: float | None) -> int | None:
    if value is None or value != value:
        return None
    if not (1 <= value <= 10 and value == round(value)):
        raise ValueError(f"{question_id}: scale answers must be whole numbers from 1 to 10")
    return int(value) - 1


@dataclass(frozen=True)
class Tallies:
    """Counts of one instrument's interviews (see the module notes); read-only."""

    #: every country with an interview, in report order
    countries: tuple[str, ...]
    #: the questions the counts cover (a frame's columns): a grouping or scale not among them was not asked
    questions: frozenset[str]
    #: the groupings counted, by name (for scales: ``scale_groupings``)
    groupings: Mapping[str, Grouping]
    scale_groupings: tuple[Grouping, ...]
    #: country (None: all) -> interviews
    interviews: Mapping[str | None, int]
    #: grouping name -> (country or None, category or None) -> interviews
    population: Mapping[str, Mapping[tuple[str | None, str | None], int]]
    #: scale question -> CellKey -> ten counts (answers 1..10)
    scales: Mapping[str, Mapping[CellKey, np.ndarray]]

    def interviews_in(self, country: str | None, grouping: str | None = None,
                      category: str | None = None) -> int:
        """Interviews of ``country`` (None: all) in ``category`` of ``grouping`` (None: everyone)."""
        if grouping is None:
            return int(self.interviews.get(country, 0))
        return int(self.population.get(grouping, {}).get((country, category), 0))

    def present(self, grouping: str) -> tuple[str, ...]:
        """The categories of ``grouping`` that occur, in the grouping's own order."""
        counts = self.population.get(grouping, {})
        return tuple(c for c in self.groupings[grouping].categories if counts.get((None, c), 0) > 0)

    def not_stated_anywhere(self, grouping: str) -> bool:
        return self.population.get(grouping, {}).get((None, None), 0) > 0

    def counts(self, question_id: str, country: str | None, grouping: str | None = None,
               category: str | None = None) -> np.ndarray:
        """The ten counts of one cell (zeros where nobody answered)."""
        return self.scales.get(question_id, {}).get((grouping, country, category), _ZEROS)

    def answered_by_everyone(self, question_id: str) -> bool:
        """Every interview holds an answer (1..10) to the question."""
        return (question_id in self.questions
                and int(self.counts(question_id, None).sum()) == self.interviews_in(None))

    @classmethod
    def of_frame(cls, frame: pd.DataFrame, scales: Iterable[str] = (),
                 scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                 count_groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> "Tallies":
        """The tallies of a frame (one row per interview), counted by pandas."""
        import pandas as pd

        questions = frozenset(frame.columns) - {"interview", "country"}
        country = (frame["country"] if "country" in frame.columns
                   else pd.Series([None] * len(frame), index=frame.index, dtype=object))
        interviews = [(c, int(n)) for c, n in country.value_counts(dropna=True).items()]
        groupings = _union(scale_groupings, count_groupings)
        group_answers = []
        for g in groupings:
            if g.question_id in frame.columns:
                counted = _count(pd.DataFrame({"c": country, "a": _hashable(frame[g.question_id])}))
                group_answers += [(g.question_id, c, a, n) for (c, a), n in counted]
        scale_answers = []
        raw = {g.name: (_hashable(frame[g.question_id]) if g.question_id in frame.columns
                        else pd.Series([None] * len(frame), index=frame.index, dtype=object))
               for g in scale_groupings}
        for question_id in scales:
            if question_id not in frame.columns:
                continue
            table = pd.DataFrame({"c": country, **{f"g{i}": raw[g.name] for i, g in enumerate(scale_groupings)},
                                  "v": _hashable(frame[question_id])})
            for key, n in _count(table):
                scale_answers.append((key[0], tuple(key[1:-1]), question_id, key[-1], n))
        return tally(interviews, group_answers, scale_answers, questions=questions,
                     scales=tuple(q for q in scales if q in frame.columns),
                     scale_groupings=scale_groupings, count_groupings=count_groupings)

    @classmethod
    def without_interviews(cls, questions: Iterable[str], *,
                           scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                           count_groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> "Tallies":
        """The tallies of an instrument with no interview: what :meth:`of_frame` gives for a frame without
        rows whose columns are ``questions`` (and no scales), without building one (nor importing pandas)."""
        return tally((), (), (), questions=questions, scale_groupings=scale_groupings,
                     count_groupings=count_groupings)


_ZEROS = np.zeros(10, dtype=np.int64)
_ZEROS.setflags(write=False)


def _union(*lists: Sequence[Grouping]) -> tuple[Grouping, ...]:
    seen: dict[str, Grouping] = {}
    for groupings in lists:
        for g in groupings:
            seen.setdefault(g.name, g)
    return tuple(seen.values())


def _hashable(column: pd.Series) -> pd.Series:
    """A column whose missing values are one None (lists, never a grouping answer, as tuples)."""
    import pandas as pd

    values = column.to_numpy(dtype=object, na_value=None)
    return pd.Series([tuple(v) if isinstance(v, list) else v for v in values.tolist()],
                     index=column.index, dtype=object)


def _count(table: pd.DataFrame) -> list[tuple[tuple, int]]:
    if table.empty:
        return []
    sizes = table.groupby(list(table.columns), dropna=False, sort=False).size()
    return [((k if isinstance(k, tuple) else (k,)), int(n)) for k, n in sizes.items()]


def _none(value: Any) -> Any:
    return None if is_missing(value) and not isinstance(value, str) else value


def grouping_category(grouping: Grouping, answer: Any) -> str | None:
    """The category a scale answer's row is counted under for ``grouping``, from the raw answer to its
    question (lists as tuples; None: not answered). Rows whose raw answers have the same categories count
    alike, so a reader may merge them before :func:`tally` (:mod:`fiit.db.interview_rows` does)."""
    return grouping.category_of(_none(answer))


def tally(interviews: Iterable[tuple[str, int]],
          group_answers: Iterable[tuple[str, str, Any, int]],
          scale_answers: Iterable[tuple[str, Sequence[Any], str, Any, int]], *,
          questions: Iterable[str], scales: Iterable[str] = (),
          scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS,
          count_groupings: Sequence[Grouping] = COUNT_GROUPINGS,
          numeric: Iterable[str] = ()) -> Tallies:
    """:class:`Tallies` from counted raw answers (see the module notes).

    ``numeric``: grouping questions whose answers are numbers (age): read by
    :func:`scale_value` first, as a frame's numeric column is.
    """
    questions = frozenset(questions)
    numeric = frozenset(numeric)
    groupings = _union(scale_groupings, count_groupings)
    by_question = {g.question_id: g for g in groupings}
    per_country: dict[str | None, int] = defaultdict(int)
    for country, n in interviews:
        per_country[country] += n
        per_country[None] += n
    population: dict[str, dict[tuple[str | None, str | None], int]] = {}
    for g in groupings:
        if g.question_id not in questions:
            continue
        cells = population[g.name] = defaultdict(int)
        for country, n in per_country.items():
            cells[(country, None)] += n  # not stated, until an answer moves it to its category
    for question_id, country, answer, n in group_answers:
        g = by_question[question_id]
        if question_id in numeric:
            number = scale_value(answer)
            answer = None if number is None else int(number) if number == int(number) else number
        category = g.category_of(_none(answer))
        if category is None:
            continue
        cells = population[g.name]
        for c in (country, None):
            cells[(c, None)] -= n
            cells[(c, category)] += n
    counts: dict[str, dict[CellKey, list[int]]] = {q: {} for q in scales}
    names = [g.name for g in scale_groupings]
    classified: dict[tuple, tuple] = {}
    indices: dict[tuple[str, Any], int | None] = {}
    for country, group_raw, question_id, answer, n in scale_answers:
        index = indices.get((question_id, answer), -1) if _hashable_answer(answer) else -1
        if index == -1:
            index = _scale_index(question_id, scale_value(_none(answer)))
            if _hashable_answer(answer):
                indices[(question_id, answer)] = index
        if index is None:
            continue
        key = tuple(group_raw)
        categories = classified.get(key)
        if categories is None:
            categories = classified[key] = tuple(grouping_category(g, a) for g, a in zip(scale_groupings, key))
        cells = counts.setdefault(question_id, {})
        for c in (country, None):
            for cell in ((None, c, None), *zip(names, (c,) * len(names), categories)):
                row = cells.get(cell)
                if row is None:
                    row = cells[cell] = [0] * 10
                row[index] += n
    order = countries_in([], extra=(c for c in per_country if c is not None))
    arrays = {q: {cell: _frozen(row) for cell, row in cells.items()} for q, cells in counts.items()}
    return Tallies(order, questions, {g.name: g for g in groupings}, tuple(scale_groupings),
                   dict(per_country), {k: dict(v) for k, v in population.items()}, arrays)


def _frozen(row: list[int]) -> np.ndarray:
    array = np.array(row, dtype=np.int64)
    array.setflags(write=False)
    return array


def _hashable_answer(answer: Any) -> bool:
    try:
        hash(answer)
    except TypeError:
        return False
    return not (isinstance(answer, float) and answer != answer)


def as_tallies(source: "pd.DataFrame | Tallies", scales: Iterable[str] = (),
               scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS) -> Tallies:
    """``source`` if it is already counted, else the tallies of the frame."""
    if isinstance(source, Tallies):
        return source
    return Tallies.of_frame(source, scales, scale_groupings)
