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
the (interview, question) index: the same seeks as the queries). The three
counts are taken from chunks of those rows by :class:`collections.Counter` over
tuples of columns, which counts in C; no sort is made over more than the few
thousand distinct combinations, and memory holds one chunk. The results have
the shape of the three queries' results and the order SQLite's GROUP BY gives
them (``tests/db/test_columns.py`` checks ``fiit stats``' inputs read this way
against the three queries, and both against a row per interview counted by
pandas).

A LEFT JOIN cannot tell "no answer stored" from "an answer stored with no value"
(SQL NULL); the GROUP BY over the stored answers can. So an answer stored with
no value reads as the empty text, which no JSON text is (:data:`NO_VALUE`), and
is turned back into NULL where the queries would have shown one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Collection, Sequence

from django.db import connection

from fiit.db.models import Answer, Interview, Study
from fiit.instruments import Instrument

#: What a column reads for an answer stored with no value (SQL NULL): no JSON text is empty.
NO_VALUE = ""
#: Interviews read at a time: memory holds one chunk of rows, not the study.
CHUNK = 10_000
#: The kind of a stored value (fiit.db.tallies._KIND) by its text; any other text is an answer (1).
_KIND_OF = {None: 0, NO_VALUE: 0, "null": 0, '""': 0, "[]": 0, "NaN": 0, '"declined"': 2}


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
                         joined: Sequence[str], kinds: Collection[str]) -> CountedAnswers:
    """Read the final interviews of ``instrument`` (``country`` only, if given) once and count them.

    ``shared``: questions whose stored answers are counted by text; ``scales`` with ``groupings`` (the
    scale groupings' questions, in their order): the scale answers by the groupings' answers;
    ``joined``: the columns of ``combos``, ``kinds`` those of them read as a kind (:data:`_KIND_OF`).
    Only clear answers (``sealed IS NULL``) are read.
    """
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
    by_text = {question: Counter() for question in shared}
    by_scale = {question: Counter() for question in scales}
    combos: Counter = Counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*wanted, *final_params])
        while rows := cursor.fetchmany(CHUNK):
            columns_of = list(zip(*rows))
            country_ids, versions = columns_of[0], columns_of[1]
            for question in shared:
                by_text[question].update(zip(country_ids, versions, columns_of[at[question]]))
            grouping_columns = [columns_of[at[g]] for g in groupings]
            for question in scales:
                by_scale[question].update(zip(country_ids, columns_of[at[question]], *grouping_columns))
            if joined:
                combos.update(zip(country_ids, versions, *(
                    [_KIND_OF.get(text, 1) for text in columns_of[at[question]]] if question in kinds
                    else columns_of[at[question]] for question in joined)))
    answers = _rows((c, v, question, _null(text), n) for question, counted in by_text.items()
                    for (c, v, text), n in counted.items() if text is not None)
    scale_rows = _rows((c, question, _null(text), *map(_null, grouped), n) for question, counted in by_scale.items()
                       for (c, text, *grouped), n in counted.items() if text is not None)
    combo_rows = _rows((c, v, *(read if question in kinds else _null(read) for question, read in zip(joined, reads)), n)
                       for (c, v, *reads), n in combos.items())
    return CountedAnswers(answers, scale_rows, combo_rows)


def _null(text: str | None) -> str | None:
    """A column's text as the GROUP BY queries show it: an answer stored with no value is NULL."""
    return None if text == NO_VALUE else text


def _rows(rows) -> list[tuple]:
    """Counted rows, the counts of equal keys summed (two texts can both become NULL), in the order of
    SQLite's GROUP BY (NULL first, then by value; text by code point, as BINARY collation orders UTF-8).

    A column holds numbers only (country codes, versions, kinds) or texts and NULL; no text left here is
    empty (:func:`_null`), so sorting NULL as the empty text puts it first."""
    summed: dict[tuple, int] = {}
    for *key, n in rows:
        key = tuple(key)
        summed[key] = summed.get(key, 0) + n
    return [(*key, n) for key, n in sorted(summed.items(), key=_null_first)]


def _null_first(item: tuple) -> tuple:
    return tuple([NO_VALUE if v is None else v for v in item[0]])
