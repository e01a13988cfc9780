"""The victims' answers that ``fiit stats`` counts, read once as a row per interview and counted in Python.

:mod:`fiit.db.tallies` counts them in three GROUP BY queries: every clear
answer of the unrouted and grouping questions (about 960,000 rows at 50,000
victims), the scale answers beside the scale groupings' answers (300,000) and
the routed questions beside their routing (a row per interview). SQLite
aggregates by sorting, and those sorts were most of ``fiit stats``' CPU time
(2.3 s for the first query alone, 1.0 s for the second, measured at 50,000
victims, issue 16).

Here one query reads a row per final interview: its country, its form version
and the stored JSON text of each question wanted (a LEFT JOIN per question over
the (interview, question) index: the same seeks as the queries). Each chunk of
rows is split by country and form version, and each column of a block is
counted by :class:`collections.Counter`, which counts in C (a column of texts
counts faster than tuples of them); memory holds one chunk. The results have
the shape of the three queries' results, in no particular order: their readers
look counts up, never rely on the rows' order (as on PostgreSQL, whose GROUP BY
does not sort). ``tests/db/test_columns.py`` checks ``fiit stats``' inputs read
this way against the three queries, and both against a row per interview
counted by pandas.

Measured at 50,000 victims (CPU time, load 2.5-5 on 2 CPUs): the read and the
counting 1.3-1.8 s, of which the query about 1.0 s (28 LEFT JOINs, one index
seek and one row each). Tried and left: a partial index on (question, value)
lets SQLite group the clear answers without sorting, but a lookup of the
interview per answer then costs what the sort did (2.4 s against 2.5 s); a
covering index (interview, question, value) is not chosen by SQLite's planner
over the unique (interview, question) one (it does not cover ``sealed IS
NULL``; a partial index on (interview, question, value, sealed) WHERE sealed IS
NULL does, and is chosen after ANALYZE or with INDEXED BY: the query alone took
15-30% less CPU, but whole ``fiit stats`` runs showed no difference beyond the
noise, load 1.5-1.8, for 40 MB more at 50,000 victims and one more index
written per answer); counting the million-row query's rows in Python instead of
grouping them costs as much as the sort (the rows' objects, not the sort, were
the cost). SQLite only: PostgreSQL aggregates by hashing and plans a LEFT JOIN
per question as a scan of the answers table each, so there
:func:`fiit.db.tallies.study_inputs` keeps the queries.

A LEFT JOIN cannot tell "no answer stored" from "an answer stored with no value"
(SQL NULL); the GROUP BY over the stored answers can. So an answer stored with
no value reads as the empty text, which no JSON text is (:data:`NO_VALUE`), and
is turned back into NULL where the queries would have shown one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import Callable, Collection, Hashable, Sequence

from django.db import connection

from fiit.db.models import Answer, Interview, Study
from fiit.instruments import Instrument

#: What a column reads for an answer stored with no value (SQL NULL): no JSON text is empty.
NO_VALUE = ""
#: Interviews read at a time: memory holds one chunk of rows, not the study.
CHUNK = 10_000
#: The kind of a stored value (fiit.db.tallies._KIND) by its text; any other text is an answer (1).
_KIND_OF = {None: 0, NO_VALUE: 0, "null": 0, '""': 0, "[]": 0, "NaN": 0, '"declined"': 2}
_COUNTRY_VERSION = itemgetter(0, 1)


@dataclass(frozen=True)
class CountedAnswers:
    """What the three queries of :mod:`fiit.db.tallies` return, counted from one read.

    * ``answers``: as :func:`~fiit.db.tallies.clear_answer_counts` (country, form version, question,
      JSON text, n) for the ``shared`` questions;
    * ``scale_rows``: as the scales query of :func:`~fiit.db.tallies.instrument_tallies` (country, scale,
      JSON text, the JSON text of each grouping question, n);
    * ``combos``: as the routing query of :func:`~fiit.db.tallies.answer_state_counts` (country, form
      version, a column per ``joined`` question: its kind or its JSON text, n).
    """

    answers: list[tuple]
    scale_rows: list[tuple]
    combos: list[tuple]


def count_interview_rows(study: Study, instrument: Instrument, country: str | None, *,
                         shared: Sequence[str], scales: Sequence[str], groupings: Sequence[str],
                         joined: Sequence[str], kinds: Collection[str],
                         categories: Sequence[Callable[[str | None], Hashable] | None] = ()) -> CountedAnswers:
    """Read the final interviews of ``instrument`` (``country`` only, if given) once and count them.

    ``shared``: questions whose stored answers are counted by text; ``scales`` with ``groupings`` (the
    scale groupings' questions, in their order): the scale answers by the groupings' answers;
    ``joined``: the columns of ``combos``, ``kinds`` those of them read as a kind (:data:`_KIND_OF`).
    ``categories``: for each of ``groupings``, a function of an answer's JSON text (None: no answer) whose
    value is all the scale counts need of it (its category, as :func:`fiit.analysis.tallies.grouping_category`
    gives it): answers of one category are counted under the first text seen with it, so ``scale_rows`` has a
    row per category, not per answer (at 50,000 victims about 10,000 rows instead of 34,000, each read
    into the tallies one by one). Only clear answers (``sealed IS NULL``) are read.
    """
    representatives = [_Representatives(category) if category else None
                       for category in (*categories, *[None] * (len(groupings) - len(categories)))]
    wanted = list(dict.fromkeys([*shared, *scales, *groupings, *joined]))
    at = {q: 2 + i for i, q in enumerate(wanted)}
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    if country is not None:
        final = final.filter(country_id=country)
    final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
    q = connection.ops.quote_name
    answer_table, value, pk = q(Answer._meta.db_table), q("value"), q("id")
    joins = "".join(f" LEFT JOIN {answer_table} r{k} ON r{k}.{q('interview_id')} = i.{pk}"
                    f" AND r{k}.{q('question_id')} = %s AND r{k}.{q('sealed')} IS NULL" for k in range(len(wanted)))
    columns = "".join(f", COALESCE(CAST(r{k}.{value} AS TEXT), CASE WHEN r{k}.{pk} IS NOT NULL THEN '' END)"
                      for k in range(len(wanted)))
    sql = (f"SELECT i.{q('country_id')}, i.{q('instrument_id')}{columns} FROM {q(Interview._meta.db_table)} i"
           f"{joins} WHERE i.{pk} IN ({final_sql})")
    # One Counter per block key, updated in C: (question, country, version) -> text -> interviews;
    # (question, country) -> (text, *groupings' texts) -> interviews; (country, version) -> joined -> interviews.
    by_text: dict[tuple, Counter] = {}
    by_scale: dict[tuple, Counter] = {}
    by_combo: dict[tuple, Counter] = {}
    # Has a column read NO_VALUE (an answer stored without a value)? The columns counted by text in ``shared``
    # tell it by their counts, after the read; only the others are looked through, block by block.
    empty = False
    looked_through = [at[q] for q in wanted if q not in set(shared)]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*wanted, *final_params])
        while rows := cursor.fetchmany(CHUNK):
            rows.sort(key=_COUNTRY_VERSION)  # a block per country and version: its columns counted alone
            for (c, v), block in groupby(rows, key=_COUNTRY_VERSION):
                columns_of = list(zip(*block))
                empty = empty or any(NO_VALUE in columns_of[k] for k in looked_through)
                for question in shared:
                    _counter(by_text, (question, c, v)).update(columns_of[at[question]])
                grouping_columns = [columns_of[at[g]] if texts is None else list(map(texts.__getitem__, columns_of[at[g]]))
                                    for g, texts in zip(groupings, representatives)]
                for question in scales:
                    _counter(by_scale, (question, c)).update(zip(columns_of[at[question]], *grouping_columns))
                if joined:
                    _counter(by_combo, (c, v)).update(zip(*(
                        [_KIND_OF.get(text, 1) for text in columns_of[at[question]]] if question in kinds
                        else columns_of[at[question]] for question in joined)))
                else:  # no routing: the interviews by country and version
                    _counter(by_combo, (c, v))[()] += len(columns_of[0])
    empty = empty or any(NO_VALUE in counted for counted in by_text.values())
    if not empty:  # every key is as the queries give it
        answers = [(c, v, question, text, n) for (question, c, v), counted in by_text.items()
                   for text, n in counted.items() if text is not None]
        scale_rows = [(c, question, *key, n) for (question, c), counted in by_scale.items()
                      for key, n in counted.items() if key[0] is not None]
        combo_rows = [(c, v, *key, n) for (c, v), counted in by_combo.items() for key, n in counted.items()]
        return CountedAnswers(answers, scale_rows, combo_rows)
    answers = _rows((c, v, question, _null(text), n) for (question, c, v), counted in by_text.items()
                    for text, n in counted.items() if text is not None)
    scale_rows = _rows((c, question, _null(text), *map(_null, grouped), n) for (question, c), counted in by_scale.items()
                       for (text, *grouped), n in counted.items() if text is not None)
    combo_rows = _rows((c, v, *(read if question in kinds else _null(read) for question, read in zip(joined, reads)), n)
                       for (c, v), counted in by_combo.items() for reads, n in counted.items())
    return CountedAnswers(answers, scale_rows, combo_rows)


class _Representatives(dict):
    """JSON text -> the first text seen whose answer has the same category (NO_VALUE: as no answer)."""

    def __init__(self, category: Callable[[str | None], Hashable]):
        super().__init__()
        self.category = category
        self.first: dict[Hashable, str | None] = {}

    def __missing__(self, text: str | None) -> str | None:
        found = self[text] = self.first.setdefault(self.category(None if text == NO_VALUE else text), text)
        return found


def _counter(counters: dict[tuple, Counter], key: tuple) -> Counter:
    counter = counters.get(key)
    if counter is None:
        counter = counters[key] = Counter()
    return counter


def _null(text: str | None) -> str | None:
    """A column's text as the GROUP BY queries show it: an answer stored with no value is NULL."""
    return None if text == NO_VALUE else text


def _rows(rows) -> list[tuple]:
    """Counted rows, the counts of equal keys summed (a text read as NO_VALUE and a missing one are both NULL)."""
    summed: dict[tuple, int] = {}
    for *key, n in rows:
        key = tuple(key)
        summed[key] = summed.get(key, 0) + n
    return [(*key, n) for key, n in summed.items()]
