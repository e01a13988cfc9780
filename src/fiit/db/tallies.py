"""Victim answers counted in the database: :class:`fiit.analysis.tallies.Tallies` by GROUP BY.

``fiit stats`` over 50,000 victims read a frame with a row per interview
(every clear answer through Python) before it counted anything. The figures
rest on counts only, so here the database counts, in three queries whatever
the study's size:

1. final interviews per country;
2. answers to the grouping questions (gender, age, citizenship, exploitation)
   per country and answer;
3. answers to the scales per country, scale, answer and the answers to the
   scale groupings (a LEFT JOIN per grouping question: an interview that did
   not answer one is counted under "not stated"), one row per combination
   that occurs (about 34,000 at 50,000 interviews, against 300,000 answers).

Measured at 50,000 victims on SQLite (a loaded machine): 0.4 s of CPU for (2),
1.0 s for (3); the whole ``fiit stats`` about 3 s of CPU against 1 s for the
DuckDB floor of ``bench/bench_scale.py`` (Python, pandas and scipy start-up
included in both).

Only clear answers are counted (``sealed IS NULL``): a sealed answer is never
read here, so this needs no key file. Answers are decoded from their JSON text
once per distinct text and classified by the analysis
(:func:`fiit.analysis.tallies.tally`), as they are when counted in a frame;
``tests/db/test_columns.py`` compares the two on the demo and 2,000 synthetic
victims.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Sequence

from django.db import connection
from django.db.models import Count

from fiit.analysis.groups import COUNT_GROUPINGS, SCALE_GROUPINGS, Grouping
from fiit.analysis.tallies import Tallies, tally
from fiit.db.columns import NUMERIC_TYPES
from fiit.db.models import Answer, Interview, Study
from fiit.instruments import Instrument


def instrument_tallies(study: Study, instrument: Instrument, scales: Iterable[str], *,
                       country: str | None = None,
                       scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                       count_groupings: Sequence[Grouping] = COUNT_GROUPINGS) -> Tallies:
    """Final interviews of ``instrument`` (any stored version; ``country`` only, if given), counted."""
    clear = {q.id: q for q in instrument.questions() if not q.is_sensitive}
    scales = tuple(q for q in scales if q in clear)
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    if country is not None:
        final = final.filter(country_id=country)
    interviews = [(c, n) for c, n in final.values_list("country_id").annotate(n=Count("pk")).order_by()]
    groupings = {g.question_id: g for g in (*scale_groupings, *count_groupings) if g.question_id in clear}
    final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
    decode = _Decoder()
    group_answers = []
    if groupings:
        rows = _fetch(f"SELECT i.{_q('country_id')}, a.{_q('question_id')}, CAST(a.{_q('value')} AS TEXT), COUNT(*)"
                      f" {_from()} WHERE a.{_q('interview_id')} IN ({final_sql}) AND a.{_q('sealed')} IS NULL"
                      f" AND a.{_q('question_id')} IN ({_marks(groupings)}) GROUP BY 1, 2, 3",
                      [*final_params, *groupings])
        group_answers = [(q, c, decode(text), n) for c, q, text, n in rows]
    present = [g for g in scale_groupings if g.question_id in clear]
    scale_answers = []
    if scales:
        # Driven by the interviews: each interview's grouping answers are looked up once (not once per
        # scale answer), then its scale answers; every lookup uses the (interview, question) index.
        answer_table, interview_table = _q(Answer._meta.db_table), _q(Interview._meta.db_table)
        joins = "".join(
            f" LEFT JOIN {answer_table} g{i} ON g{i}.{_q('interview_id')} = i.{_q('id')}"
            f" AND g{i}.{_q('question_id')} = %s AND g{i}.{_q('sealed')} IS NULL"
            for i in range(len(present)))
        group_columns = "".join(f", CAST(g{i}.{_q('value')} AS TEXT)" for i in range(len(present)))
        width = 3 + len(present)
        rows = _fetch(f"SELECT i.{_q('country_id')}, a.{_q('question_id')}, CAST(a.{_q('value')} AS TEXT)"
                      f"{group_columns}, COUNT(*) FROM {interview_table} i{joins}"
                      f" JOIN {answer_table} a ON a.{_q('interview_id')} = i.{_q('id')}"
                      f" AND a.{_q('question_id')} IN ({_marks(scales)}) AND a.{_q('sealed')} IS NULL"
                      f" WHERE i.{_q('id')} IN ({final_sql})"
                      f" GROUP BY {', '.join(str(i) for i in range(1, width + 1))}",
                      [*(g.question_id for g in present), *scales, *final_params])
        # where each scale grouping's answer is in a row (None: the grouping's question is sealed or absent)
        column = [3 + present.index(g) if g in present else None for g in scale_groupings]
        for row in rows:
            raw = tuple(None if i is None else decode(row[i]) for i in column)
            scale_answers.append((row[0], raw, row[1], decode(row[2]), row[-1]))
    return tally(interviews, group_answers, scale_answers, questions=clear, scales=scales,
                 scale_groupings=scale_groupings, count_groupings=count_groupings,
                 numeric=(q for q, question in clear.items() if question.type in NUMERIC_TYPES))


def statistics_inputs(study: Study, scales: Iterable[str], country: str | None = None) -> dict:
    """What :func:`fiit.analysis.study_statistics` reads: the professionals' frames (a few hundred rows
    at most) and the victims counted here, of ``country`` only if given."""
    from fiit.db.columns import instrument_frame
    from fiit.instruments import get_instrument

    inputs: dict = {}
    for instrument_id in ("policymaker", "service_provider"):
        frame = instrument_frame(study, get_instrument(instrument_id))
        inputs[instrument_id] = (frame if country is None
                                 else frame[frame["country"] == country].reset_index(drop=True))
    inputs["victim"] = instrument_tallies(study, get_instrument("victim"), scales, country=country)
    return inputs


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _marks(values) -> str:
    return ", ".join(["%s"] * len(values))


def _from() -> str:
    return (f"FROM {_q(Answer._meta.db_table)} a JOIN {_q(Interview._meta.db_table)} i"
            f" ON i.{_q('id')} = a.{_q('interview_id')}")


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


class _Decoder:
    """JSON text -> value, each distinct text decoded once (lists as tuples: counted answers are keys)."""

    def __init__(self):
        self.seen: dict[str | None, Any] = {None: None}

    def __call__(self, text: str | None) -> Any:
        if text not in self.seen:
            value = json.loads(text)
            self.seen[text] = tuple(value) if isinstance(value, list) else value
        return self.seen[text]
