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
from fiit.analysis.states import StateCounts
from fiit.analysis.tallies import Tallies, tally
from fiit.db.columns import NUMERIC_TYPES
from fiit.db.models import Answer, Interview, InstrumentVersion, Study
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


def answer_state_counts(study: Study, instrument: Instrument, country: str | None = None) -> StateCounts:
    """Final interviews of ``instrument`` by country and the state of each non-sensitive question, counted.

    The same counts as :func:`fiit.db.answer_states.answer_state_frame` (a row per interview), by GROUP
    BY. A question's state depends only on what is stored for it (nothing, "declined", or an answer:
    :data:`_KIND`), whether its form version had it, and, for a routed question, the answers routing
    refers to. So: interviews per country, form version and routing answers; stored answers of the
    routed questions per the same and their kind; stored answers of every other question per country,
    version and kind (no join: the bulk of the answers is read once). Each combination is classified
    once, by the same rules (:func:`fiit.interviews.states.answer_state`).
    """
    from fiit.db.answer_states import answer_state_frame, asked_questions
    from fiit.instruments import DECLINED
    from fiit.instruments.conditions import referenced_questions
    from fiit.instruments.validation import answer_rules
    from fiit.interviews.states import answer_state, is_missing_value

    questions = [q.id for q in instrument.questions() if not q.is_sensitive]
    routed = [q.id for q in instrument.questions() if q.relevant and q.id in questions]
    routing = sorted({r for q in instrument.questions() if q.relevant for r in referenced_questions(q.relevant)})
    if set(routing) - set(questions):  # routing on a sealed answer: seen as stored, unread (the frame path)
        frame = answer_state_frame(study, instrument)
        return StateCounts.of_frame(frame if country is None else frame[frame["country"] == country])
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    if country is not None:
        final = final.filter(country_id=country)
    final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
    answer_table, interview_table = _q(Answer._meta.db_table), _q(Interview._meta.db_table)
    joins = "".join(f" LEFT JOIN {answer_table} r{i} ON r{i}.{_q('interview_id')} = i.{_q('id')}"
                    f" AND r{i}.{_q('question_id')} = %s AND r{i}.{_q('sealed')} IS NULL"
                    for i in range(len(routing)))
    keys = "".join(f", CAST(r{i}.{_q('value')} AS TEXT)" for i in range(len(routing)))
    width = 2 + len(routing)
    group = ", ".join(str(i) for i in range(1, width + 1))
    kind = _KIND.format(value=f"a.{_q('value')}")
    combos = _fetch(f"SELECT i.{_q('country_id')}, i.{_q('instrument_id')}{keys}, COUNT(*) FROM {interview_table} i"
                    f"{joins} WHERE i.{_q('id')} IN ({final_sql}) GROUP BY {group}", [*routing, *final_params])
    stored_routed = _fetch(
        f"SELECT i.{_q('country_id')}, i.{_q('instrument_id')}{keys}, a.{_q('question_id')}, {kind}, COUNT(*)"
        f" FROM {interview_table} i{joins} JOIN {answer_table} a ON a.{_q('interview_id')} = i.{_q('id')}"
        f" AND a.{_q('question_id')} IN ({_marks(routed)}) AND a.{_q('sealed')} IS NULL"
        f" WHERE i.{_q('id')} IN ({final_sql}) GROUP BY {group}, {width + 1}, {width + 2}",
        [*routing, *routed, *final_params]) if routed else []
    plain = [q for q in questions if q not in routed]
    stored_plain = _fetch(
        f"SELECT i.{_q('country_id')}, i.{_q('instrument_id')}, a.{_q('question_id')}, {kind}, COUNT(*)"
        f" {_from()} WHERE a.{_q('interview_id')} IN ({final_sql}) AND a.{_q('question_id')} IN ({_marks(plain)})"
        f" AND a.{_q('sealed')} IS NULL GROUP BY 1, 2, 3, 4", [*final_params, *plain]) if plain else []
    asked = {pk: asked_questions(definition) for pk, definition in InstrumentVersion.objects.filter(
        pk__in={row[1] for row in combos}).values_list("pk", "definition")}
    rules = answer_rules(instrument)
    example = {_NOTHING: None, _DECLINED: DECLINED, _ANSWER: 1}  # a stored value of each kind
    decoded: dict[str | None, Any] = {None: None}

    def decode(text):
        if text not in decoded:
            decoded[text] = json.loads(text)
        return decoded[text]

    counts: dict[tuple[str, str, str], int] = {}

    def add(country_id, version, question_id, stored_kind, applicable, n):
        version_asked = asked.get(version)
        state = answer_state(example[stored_kind], applicable=applicable,
                             asked=version_asked is None or question_id in version_asked)
        key = (question_id, country_id, state)
        counts[key] = counts.get(key, 0) + n

    interviews: dict[str, int] = {}
    by_version: dict[tuple, int] = {}
    applicable: dict[tuple, set[str]] = {}
    left: dict[tuple, dict[str, int]] = {}  # interviews with nothing stored, per combination and question
    for row in combos:
        combo, n = row[:-1], row[-1]
        interviews[combo[0]] = interviews.get(combo[0], 0) + n
        by_version[combo[:2]] = by_version.get(combo[:2], 0) + n
        clean = {q: (None if is_missing_value(v) else v) for q, v in zip(routing, map(decode, combo[2:]))}
        applicable[combo] = rules.relevant(clean)
        left[combo] = dict.fromkeys(routed, n)
    for row in stored_routed:
        combo, question_id, stored_kind, n = row[:width], row[width], row[width + 1], row[-1]
        add(combo[0], combo[1], question_id, stored_kind, question_id in applicable[combo], n)
        left[combo][question_id] -= n
    for combo, by_question in left.items():
        for question_id, n in by_question.items():
            if n:
                add(combo[0], combo[1], question_id, _NOTHING, question_id in applicable[combo], n)
    plain_left = {(c, v, q): n for (c, v), n in by_version.items() for q in plain}
    for country_id, version, question_id, stored_kind, n in stored_plain:
        add(country_id, version, question_id, stored_kind, True, n)
        plain_left[(country_id, version, question_id)] -= n
    for (country_id, version, question_id), n in plain_left.items():
        if n:
            add(country_id, version, question_id, _NOTHING, True, n)
    return StateCounts(tuple(questions), interviews, counts)


#: What is stored for a question, as its JSON text tells it: nothing (no row, SQL or JSON null, "", [] or
#: NaN: fiit.interviews.states.is_missing_value), "declined to answer", or an answer.
_NOTHING, _DECLINED, _ANSWER = 0, 2, 1
_KIND = ("CASE WHEN {value} IS NULL THEN 0"
         " WHEN CAST({value} AS TEXT) IN ('null', '\"\"', '[]', 'NaN') THEN 0"
         " WHEN CAST({value} AS TEXT) = '\"declined\"' THEN 2 ELSE 1 END")


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


def state_inputs(study: Study, country: str | None = None) -> dict[str, StateCounts]:
    """Each instrument's interviews by answer state (:func:`answer_state_counts`), of ``country`` only if given."""
    from fiit.instruments import get_instrument

    return {i: answer_state_counts(study, get_instrument(i), country)
            for i in ("policymaker", "service_provider", "victim")}


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
