"""An instrument as form fields: what the template draws and how a posted form becomes answers.

Question texts, options and scale ends are in the interview's language; an
option offered only in some countries is left out of another country's form.
Relevance conditions travel to the browser as the same structured JSON the
core evaluates (``fiit.instruments.conditions``), so the page and the server
agree on which questions apply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping

from fiit.interviews import parse_whole_number
from fiit.instruments import DECLINED, Instrument, Question, pick



def field_name(question_id: str) -> str:
    return f"q-{question_id}"


def declined_name(question_id: str) -> str:
    """The "Declined to answer" checkbox of a declinable question."""
    return f"{field_name(question_id)}-declined"


@dataclass
class Choice:
    value: str
    label: str
    checked: bool = False


@dataclass
class Field:
    id: str
    name: str
    number: str
    type: str
    text: str
    hint: str
    required: bool
    identifying: bool
    declinable: bool
    declined: bool
    relevant_json: str
    value: Any
    errors: list[str]
    choices: list[Choice] = field(default_factory=list)
    scale: list[Choice] = field(default_factory=list)
    low_label: str = ""
    high_label: str = ""
    rank_positions: list[dict] = field(default_factory=list)
    choices_from: str = ""
    min: Any = None
    max: Any = None

    @property
    def grouped(self) -> bool:
        """Drawn as a fieldset with a legend (radio groups, checkboxes, ranking)."""
        return self.type in ("scale", "single_choice", "multiple_choice", "ranking")


@dataclass
class Step:
    number: int
    id: str
    label: str
    title: str
    intro: str
    fields: list[Field]
    has_errors: bool = False


def _text_value(value: Any) -> str:
    return "" if value is None else str(value)


def make_field(question: Question, lang: str, country: str, value: Any, errors: list[str]) -> Field:
    options = [o for o in question.options if o.offered_in(country)]
    declined = question.is_declined(value)
    if declined:
        value = None  # drawn as an empty, disabled input with the "Declined to answer" box ticked
    chosen = value if isinstance(value, list) else ([] if value is None else [value])
    f = Field(
        id=question.id, name=field_name(question.id), number=question.number, type=question.type,
        text=pick(question.text, lang), hint=pick(question.hint, lang), required=question.required,
        identifying=question.identifying, declinable=question.declinable, declined=declined,
        relevant_json=json.dumps(question.relevant) if question.relevant else "",
        value=value if question.type in ("multiple_choice", "ranking") else _text_value(value),
        errors=errors, choices_from=question.choices_from or "", min=question.min, max=question.max,
        choices=[Choice(o.value, pick(o.label, lang), o.value in [str(c) for c in chosen]) for o in options],
    )
    if question.type == "scale":
        low = question.min if question.min is not None else 1
        high = question.max if question.max is not None else 10
        f.scale = [Choice(str(n), str(n), str(value) == str(n)) for n in range(low, high + 1)]
        if question.anchors:
            f.low_label = pick(question.anchors.get("low"), lang)
            f.high_label = pick(question.anchors.get("high"), lang)
    if question.type == "ranking":
        ranked = list(value) if isinstance(value, list) else []
        f.rank_positions = [
            {"position": n, "selected": ranked[n - 1] if n - 1 < len(ranked) else ""}
            for n in range(1, len(options) + 1)
        ]
    return f


def steps_for(instrument: Instrument, lang: str, country: str, answers: Mapping[str, Any],
              errors: Mapping[str, list[str]], hidden: set[str] | frozenset[str] = frozenset()) -> list[Step]:
    steps = []
    for number, section in enumerate(instrument.sections, start=1):
        fields = [
            make_field(q, lang, country, answers.get(q.id), list(errors.get(q.id, [])))
            for q in section.questions if q.id not in hidden
        ]
        if not fields:
            continue
        steps.append(Step(
            number=len(steps) + 1, id=section.id, label=section.number, title=pick(section.title, lang),
            intro=pick(section.intro, lang), fields=fields, has_errors=any(f.errors for f in fields),
        ))
    return steps


def coerce(question: Question, value: Any) -> Any:
    """A value from the browser in the type the validator expects; unparseable text is kept as typed."""
    if value is None:
        return None
    if question.type in ("scale", "integer"):
        if isinstance(value, str):
            if not value.strip():
                return None
            number = parse_whole_number(value)  # the one rule: "7", " 7 " and "7.0" are 7, as in an import
            return number if number is not None else value
        return value
    if question.type in ("multiple_choice", "ranking"):
        if isinstance(value, list):
            return [v for v in value if v not in (None, "")]
        return value
    if isinstance(value, str) and not value.strip():
        return None
    return value


def answers_from_post(instrument: Instrument, post, hidden: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """Every question drawn on the form, read from a posted form (no JavaScript needed)."""
    out: dict[str, Any] = {}
    for question in instrument.questions():
        if question.id in hidden:
            continue
        name = field_name(question.id)
        if question.type == "multiple_choice":
            raw: Any = post.getlist(name)
        elif question.type == "ranking":
            raw = []
            for n in range(1, len(question.options) + 1):
                picked = post.get(f"{name}-rank-{n}", "")
                if picked and picked not in raw:
                    raw.append(picked)
        else:
            raw = post.get(name)
        if question.declinable and post.get(declined_name(question.id)):
            raw = DECLINED  # the box wins over whatever the (disabled) input still holds
        out[question.id] = coerce(question, raw)
    return out


def answers_from_json(instrument: Instrument, data: Mapping[str, Any]) -> dict[str, Any]:
    """The changes in a JSON save; unknown question ids are passed on (the save reports them)."""
    out: dict[str, Any] = {}
    for qid, value in data.items():
        try:
            question = instrument.question(qid)
        except KeyError:
            out[qid] = value
            continue
        out[qid] = coerce(question, value)
    return out
