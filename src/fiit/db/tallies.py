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

On SQLite ``fiit stats`` does not run these queries over the victims: it reads
their answers once, a row per interview, and counts the rows in Python
(:mod:`fiit.db.interview_rows`), which gives the three queries' results without
their sorts; :func:`study_inputs` hands those results to the functions here.
Measured at 50,000 victims on SQLite (CPU time, load 2.5-5 on 2 CPUs): the
counting inputs of ``fiit stats`` 1.7-2.1 s, down from 4.5 s with the queries
(the clear answers' GROUP BY 2.3 s, (3) 1.0 s, the routed states 0.5 s, and
the Python around them). PostgreSQL keeps the queries: it aggregates by
hashing, and plans the read's LEFT JOIN per question as a scan of the whole
answers table each.

Only clear answers are counted (``sealed IS NULL``): a sealed answer is never
read here, so this needs no key file. Answers are decoded from their JSON text
once per distinct text and classified by the analysis
(:func:`fiit.analysis.tallies.tally`), as they are when counted in a frame;
``tests/db/test_columns.py`` compares the two on the demo and 2,000 synthetic
victims.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Iterable, Sequence

from django.db import connection
from django.db.models import Count

from fiit.analysis.groups import COUNT_GROUPINGS, SCALE_GROUPINGS, Grouping
from fiit.analysis.states import StateCounts
from fiit.analysis.tallies import Tallies, grouping_category, tally
from fiit.db.columns import NUMERIC_TYPES
from fiit.db.models import Answer, Interview, InstrumentVersion, Study
from fiit.instruments import Instrument
from fiit.interviews.states import is_missing_value


def instrument_tallies(study: Study, instrument: Instrument, scales: Iterable[str], *,
                       country: str | None = None,
                       scale_groupings: Sequence[Grouping] = SCALE_GROUPINGS,
                       count_groupings: Sequence[Grouping] = COUNT_GROUPINGS,
                       answers: Sequence[tuple] | None = None,
                       scale_rows: Sequence[tuple] | None = None,
                       interviews: Sequence[tuple[str, int]] | None = None) -> Tallies:
    """Final interviews of ``instrument`` (any stored version; ``country`` only, if given), counted.

    ``answers``: :func:`clear_answer_counts` of the same interviews, when the caller has scanned them
    already (for the answer states too); else they are counted here. ``scale_rows``: the rows of the
    scales query below, when the caller has counted them (:mod:`fiit.db.interview_rows`). ``interviews``:
    (country, final interviews) by country, when the caller has counted them (the same read).
    """
    clear = {q.id: q for q in instrument.questions() if not q.is_sensitive}
    scales, present = _scale_plan(instrument, scales, scale_groupings)
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    if country is not None:
        final = final.filter(country_id=country)
    if interviews is None:
        interviews = [(c, n) for c, n in final.values_list("country_id").annotate(n=Count("pk")).order_by()]
    groupings = {g.question_id: g for g in (*scale_groupings, *count_groupings) if g.question_id in clear}
    final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
    decode = _Decoder()
    group_answers = []
    if groupings:
        if answers is None:
            answers = clear_answer_counts(study, instrument, country, questions=groupings)
        summed: dict[tuple, int] = {}  # over form versions
        for c, _version, q, text, n in answers:
            if q in groupings:
                summed[(c, q, text)] = summed.get((c, q, text), 0) + n
        group_answers = [(q, c, decode(text), n) for (c, q, text), n in sorted(summed.items(), key=_order)]
    scale_answers = []
    if scales and scale_rows is not None:
        rows = scale_rows
    elif scales:
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
    if scales:
        # where each scale grouping's answer is in a row (None: the grouping's question is sealed or absent)
        column = [3 + present.index(g) if g in present else None for g in scale_groupings]
        for row in rows:
            raw = tuple(None if i is None else decode(row[i]) for i in column)
            scale_answers.append((row[0], raw, row[1], decode(row[2]), row[-1]))
    return tally(interviews, group_answers, scale_answers, questions=clear, scales=scales,
                 scale_groupings=scale_groupings, count_groupings=count_groupings,
                 numeric=(q for q, question in clear.items() if question.type in NUMERIC_TYPES))


def _scale_plan(instrument: Instrument, scales: Iterable[str], scale_groupings: Sequence[Grouping]
                ) -> tuple[tuple[str, ...], list[Grouping]]:
    """The scales that are clear questions of ``instrument``, and the scale groupings whose question is."""
    clear = {q.id for q in instrument.questions() if not q.is_sensitive}
    return tuple(q for q in scales if q in clear), [g for g in scale_groupings if g.question_id in clear]


def _shared_questions(instrument: Instrument) -> list[str]:
    """What :func:`clear_answer_counts` counts by default: the clear questions, unrouted or grouping."""
    grouping = {g.question_id for g in (*SCALE_GROUPINGS, *COUNT_GROUPINGS)}
    return [q.id for q in instrument.questions() if not q.is_sensitive and (not q.relevant or q.id in grouping)]


def clear_answer_counts(study: Study, instrument: Instrument, country: str | None = None,
                        questions: Iterable[str] | None = None) -> list[tuple]:
    """(country, form version, question, JSON text, n): every clear answer to a non-sensitive question of
    the final interviews of ``instrument`` (``country`` only, if given), counted in one GROUP BY; routed
    questions left out unless they group (:func:`answer_state_counts` counts them with their routing).

    The one scan of an instrument's answers that the groupings (:func:`instrument_tallies`) and the
    answer states of unrouted questions (:func:`answer_state_counts`) both read: ``fiit stats`` scanned
    them once for each before (issue 16). Its cost is about 1.5 µs of CPU per answer on SQLite (50,000
    victims: 2 s), most of it the GROUP BY's sort; grouping by the answer's kind instead of its text
    costs the same.
    """
    wanted = None if questions is None else set(questions)
    questions = (_shared_questions(instrument) if wanted is None
                 else [q.id for q in instrument.questions() if not q.is_sensitive and q.id in wanted])
    if not questions:
        return []
    final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
    if country is not None:
        final = final.filter(country_id=country)
    final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
    return _fetch(f"SELECT i.{_q('country_id')}, i.{_q('instrument_id')}, a.{_q('question_id')},"
                  f" CAST(a.{_q('value')} AS TEXT), COUNT(*) {_from()} WHERE a.{_q('interview_id')} IN ({final_sql})"
                  f" AND a.{_q('question_id')} IN ({_marks(questions)}) AND a.{_q('sealed')} IS NULL"
                  f" GROUP BY 1, 2, 3, 4", [*final_params, *questions])


def _order(item: tuple) -> tuple:
    """A sort key for counted rows whose key may hold None (SQL NULL)."""
    return tuple((v is not None, v) for v in item[0])


@dataclass(frozen=True)
class _StatePlan:
    """How :func:`answer_state_counts` reads an instrument: its clear questions, the routed ones, the
    questions routing refers to, those read by kind only, and the columns of its routing query."""

    questions: list[str]
    routed: list[str]
    routing: list[str]
    as_kind: frozenset[str]
    joined: list[str]

    @property
    def reads_sealed(self) -> bool:
        """Does routing refer to a sealed answer? (Then the states come from a row per interview.)"""
        return bool(set(self.routing) - set(self.questions))

    @property
    def kinds(self) -> frozenset[str]:
        """The routing query's columns read as a kind (:data:`_KIND`), not as JSON text."""
        return frozenset(q for q in self.joined if q in self.as_kind or q not in self.routing)


def _state_plan(instrument: Instrument) -> _StatePlan:
    from fiit.instruments.conditions import referenced_questions

    questions = [q.id for q in instrument.questions() if not q.is_sensitive]
    routed = [q.id for q in instrument.questions() if q.relevant and q.id in questions]
    routing = sorted({r for q in instrument.questions() if q.relevant for r in referenced_questions(q.relevant)})
    as_kind = _answered_only(instrument, routing) if not set(routing) - set(questions) else frozenset()
    return _StatePlan(questions, routed, routing, as_kind, [*routing, *(q for q in routed if q not in routing)])


def answer_state_counts(study: Study, instrument: Instrument, country: str | None = None,
                        answers: Sequence[tuple] | None = None, combos: Sequence[tuple] | None = None
                        ) -> StateCounts:
    """Final interviews of ``instrument`` by country and the state of each non-sensitive question, counted.

    The same counts as :func:`fiit.db.answer_states.answer_state_frame` (a row per interview), by GROUP
    BY. A question's state depends only on what is stored for it (nothing, "declined", or an answer:
    :data:`_KIND`), whether its form version had it, and, for a routed question, the answers routing
    refers to. So: interviews per country, form version, routing answers and kind of each routed
    question's stored answer (one query: a routing answer that routing only asks to be there is read as
    its kind too); stored answers of every other question per country, version and kind (no join: the
    bulk of the answers is read once). Each combination is classified once, by the same rules
    (:func:`fiit.interviews.states.answer_state`).

    ``answers``: :func:`clear_answer_counts` of the same interviews, when the caller has them already;
    ``combos``: the rows of the routing query below, when the caller has counted them
    (:mod:`fiit.db.interview_rows`).
    """
    from fiit.db.answer_states import answer_state_frame, asked_questions
    from fiit.instruments import DECLINED
    from fiit.instruments.validation import answer_rules
    from fiit.interviews.states import answer_state

    plan = _state_plan(instrument)
    questions, routed, routing, as_kind, joined = plan.questions, plan.routed, plan.routing, plan.as_kind, plan.joined
    if plan.reads_sealed:  # routing on a sealed answer: seen as stored, unread (the frame path)
        frame = answer_state_frame(study, instrument)
        return StateCounts.of_frame(frame if country is None else frame[frame["country"] == country])
    if combos is None:
        final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument.id)
        if country is not None:
            final = final.filter(country_id=country)
        final_sql, final_params = final.order_by().values("pk").query.sql_with_params()
        answer_table, interview_table = _q(Answer._meta.db_table), _q(Interview._meta.db_table)
        joins = "".join(f" LEFT JOIN {answer_table} r{i} ON r{i}.{_q('interview_id')} = i.{_q('id')}"
                        f" AND r{i}.{_q('question_id')} = %s AND r{i}.{_q('sealed')} IS NULL"
                        for i in range(len(joined)))  # one LEFT JOIN each
        values = [f"r{i}.{_q('value')}" for i in range(len(joined))]
        keys = "".join(f", {_KIND.format(value=v)}" if q in plan.kinds else f", CAST({v} AS TEXT)"
                       for q, v in zip(joined, values))
        group = ", ".join(str(i) for i in range(1, 3 + len(joined)))
        combos = _fetch(f"SELECT i.{_q('country_id')}, i.{_q('instrument_id')}{keys}, COUNT(*) FROM {interview_table} i"
                        f"{joins} WHERE i.{_q('id')} IN ({final_sql}) GROUP BY {group}", [*joined, *final_params])
    plain = [q for q in questions if q not in routed]
    if answers is None:
        answers = clear_answer_counts(study, instrument, country, questions=plain) if plain else []
    plain_set = set(plain)
    stored_plain = [(c, v, q, _kind_of(text), n) for c, v, q, text, n in answers if q in plain_set]
    asked = {pk: asked_questions(definition) for pk, definition in InstrumentVersion.objects.filter(
        pk__in={row[1] for row in combos}).values_list("pk", "definition")}
    rules = answer_rules(instrument)
    example = {_NOTHING: None, _DECLINED: DECLINED, _ANSWER: 1}  # a stored value of each kind
    decoded: dict[str | None, Any] = {None: None}

    def decode(text):
        if text not in decoded:
            decoded[text] = json.loads(text)
        return decoded[text]

    # Interviews by (country, version, question, kind of stored value, applicable): each such key is
    # classified once, at the end (answer_state), not once per combination it occurs in.
    by_kind: dict[tuple, int] = {}

    def add(key, n):
        by_kind[key] = by_kind.get(key, 0) + n

    interviews: dict[str, int] = {}
    by_version: dict[tuple, int] = {}
    signature = _routing_signature(instrument, routing)
    relevant: dict[tuple, set[str]] = {}  # by what routing tells of the answers (most combinations share one)
    position = {q: 2 + i for i, q in enumerate(joined)}
    routing_values = itemgetter(*(position[q] for q in routing)) if routing else (lambda row: ())
    routed_columns = [(q, position[q], q in as_kind or q not in routing) for q in routed]
    applicable_by_values: dict[Any, set[str]] = {}  # by the routing columns as read (many combinations share them)
    for row in combos:
        country_id, version, n = row[0], row[1], row[-1]
        interviews[country_id] = interviews.get(country_id, 0) + n
        by_version[(country_id, version)] = by_version.get((country_id, version), 0) + n
        values = routing_values(row)
        applicable = applicable_by_values.get(values)
        if applicable is None:
            clean = {q: (example[row[position[q]]] if q in as_kind else _clean(decode(row[position[q]])))
                     for q in routing}
            told = signature(clean)
            if told not in relevant:
                relevant[told] = rules.relevant(clean)
            applicable = applicable_by_values[values] = relevant[told]
        for question_id, column, read_as_kind in routed_columns:
            value = row[column]
            add((country_id, version, question_id, value if read_as_kind else _kind_of(value),
                 question_id in applicable), n)
    plain_left = {(c, v, q): n for (c, v), n in by_version.items() for q in plain}
    for country_id, version, question_id, stored_kind, n in stored_plain:
        add((country_id, version, question_id, stored_kind, True), n)
        plain_left[(country_id, version, question_id)] -= n
    for (country_id, version, question_id), n in plain_left.items():
        if n:
            add((country_id, version, question_id, _NOTHING, True), n)
    counts: dict[tuple[str, str, str], int] = {}
    for (country_id, version, question_id, stored_kind, applicable), n in by_kind.items():
        version_asked = asked.get(version)
        state = answer_state(example[stored_kind], applicable=applicable,
                             asked=version_asked is None or question_id in version_asked)
        key = (question_id, country_id, state)
        counts[key] = counts.get(key, 0) + n
    return StateCounts(tuple(questions), interviews, counts)


def _clean(value: Any) -> Any:
    return None if is_missing_value(value) else value


def _answered_only(instrument: Instrument, routing: Sequence[str]) -> frozenset[str]:
    """The routing questions that conditions only ask to be answered (``answered: ...``): their kind
    (:data:`_KIND`) tells routing all it needs (a year of birth is then one of three values, not one of
    60)."""
    leaves = _leaves(instrument, routing)
    return frozenset(q for q in routing if leaves[q] and all("answered" in leaf for leaf in leaves[q]))


def _leaves(instrument: Instrument, routing: Sequence[str]) -> dict[str, list[dict]]:
    """The condition leaves (equals, includes, answered) on each routing question."""
    leaves: dict[str, list[dict]] = {q: [] for q in routing}

    def collect(condition):
        if "all" in condition or "any" in condition:
            for part in condition.get("all") or condition.get("any") or ():
                collect(part)
        elif "not" in condition:
            collect(condition["not"])
        elif condition.get("question") in leaves:
            leaves[condition["question"]].append(condition)

    for q in instrument.questions():
        if q.relevant:
            collect(q.relevant)
    return leaves


def _routing_signature(instrument: Instrument, routing: Sequence[str]):
    """answers -> what the instrument's routing can tell of them: for each routing question, the result of
    every condition leaf (equals, includes, answered) on it. Routing sees answers through those leaves
    only, so answers with one signature make the same questions relevant (a year of birth that routing
    only asks to be answered counts as "answered", not as one of 60 years)."""
    from fiit.instruments.conditions import evaluate

    leaves = _leaves(instrument, routing)
    tests = [(q, tuple(leaves[q])) for q in routing]
    return lambda answers: tuple(evaluate(leaf, answers) for q, found in tests for leaf in found)


#: What is stored for a question, as its JSON text tells it: nothing (no row, SQL or JSON null, "", [] or
#: NaN: fiit.interviews.states.is_missing_value), "declined to answer", or an answer.
_NOTHING, _DECLINED, _ANSWER = 0, 2, 1
_KIND = ("CASE WHEN {value} IS NULL THEN 0"
         " WHEN CAST({value} AS TEXT) IN ('null', '\"\"', '[]', 'NaN') THEN 0"
         " WHEN CAST({value} AS TEXT) = '\"declined\"' THEN 2 ELSE 1 END")
_NOTHING_TEXTS = frozenset(("null", '""', "[]", "NaN"))


def _kind_of(text: str | None) -> int:
    """:data:`_KIND` of a value's JSON text (as the database casts it), in Python."""
    if text is None or text in _NOTHING_TEXTS:
        return _NOTHING
    return _DECLINED if text == '"declined"' else _ANSWER


def study_inputs(study: Study, scales: Iterable[str], country: str | None = None
                 ) -> tuple[dict, dict[str, StateCounts]]:
    """:func:`statistics_inputs` and :func:`state_inputs` together, the victims' answers read once for both.

    On SQLite, which aggregates by sorting, they are read as a row per interview and counted in Python
    (:mod:`fiit.db.interview_rows`); elsewhere (PostgreSQL aggregates by hashing, and plans a LEFT JOIN per
    question as a scan of the whole answers table each: 3.6 s in the server at 10,000 victims) by the
    queries here, the clear answers scanned once (:func:`clear_answer_counts`).
    """
    from fiit.instruments import get_instrument

    victim = get_instrument("victim")
    if connection.vendor != "sqlite":
        answers = clear_answer_counts(study, victim, country)
        frames = statistics_inputs(study, scales, country, victim_answers=answers)
        states = {i: answer_state_counts(study, get_instrument(i), country,
                                         answers=answers if i == "victim" else None)
                  for i in ("policymaker", "service_provider", "victim")}
        return frames, states
    from fiit.db.interview_rows import count_interview_rows

    scales, present = _scale_plan(victim, scales, SCALE_GROUPINGS)
    plan = _state_plan(victim)
    routed = () if plan.reads_sealed else plan.joined
    decode = _Decoder()
    categories = [lambda text, g=g: grouping_category(g, decode(text)) for g in present]
    counted = count_interview_rows(study, victim, country, shared=_shared_questions(victim), scales=scales,
                                   groupings=[g.question_id for g in present], joined=routed, kinds=plan.kinds,
                                   categories=categories)
    interviews: dict[str, int] = {}  # each interview is in one combination (the read's row per interview)
    for row in counted.combos:
        interviews[row[0]] = interviews.get(row[0], 0) + row[-1]
    frames = statistics_inputs(study, scales, country, victim_answers=counted.answers,
                               victim_scale_rows=counted.scale_rows, victim_interviews=sorted(interviews.items()))
    states = {i: answer_state_counts(study, get_instrument(i), country) for i in ("policymaker", "service_provider")}
    states["victim"] = answer_state_counts(study, victim, country, answers=counted.answers,
                                           combos=None if plan.reads_sealed else counted.combos)
    return frames, states


def statistics_inputs(study: Study, scales: Iterable[str], country: str | None = None, *,
                      victim_answers: Sequence[tuple] | None = None,
                      victim_scale_rows: Sequence[tuple] | None = None,
                      victim_interviews: Sequence[tuple[str, int]] | None = None) -> dict:
    """What :func:`fiit.analysis.study_statistics` reads: the professionals' frames (a few hundred rows
    at most) and the victims counted here, of ``country`` only if given.

    A professional instrument without final interviews (there) comes as its
    :meth:`~fiit.analysis.tallies.Tallies.without_interviews`, which the counts and the rankings read as they
    read an empty frame: a study of victims only is then counted without pandas (0.2-0.3 s of CPU to import,
    a tenth of ``fiit stats`` over 50,000 victims, issue 16)."""
    from fiit.db.columns import instrument_frame
    from fiit.instruments import get_instrument

    inputs: dict = {}
    for instrument_id in ("policymaker", "service_provider"):
        instrument = get_instrument(instrument_id)
        final = Interview.objects.filter(study=study, status="final", instrument__instrument_id=instrument_id)
        if not (final if country is None else final.filter(country_id=country)).exists():
            questions = {q.id for q in instrument.questions() if not q.is_sensitive} - {"interview", "country"}
            inputs[instrument_id] = Tallies.without_interviews(questions, scale_groupings=())
            continue
        frame = instrument_frame(study, instrument)
        inputs[instrument_id] = (frame if country is None
                                 else frame[frame["country"] == country].reset_index(drop=True))
    inputs["victim"] = instrument_tallies(study, get_instrument("victim"), scales, country=country,
                                          answers=victim_answers, scale_rows=victim_scale_rows,
                                          interviews=victim_interviews)
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
