"""An instrument as a reader sees it: texts in one language, conditions in words.

Turns an :class:`~fiit.instruments.Instrument` into plain structures for the
instrument page: each question's number, type, texts in the chosen language,
scale anchors, options (with the countries a country-specific option is
offered in), whether it is encrypted at rest and why, and its relevance
condition written as a sentence in the interface language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fiit.instruments import Instrument, Question, pick

TYPE_LABELS = {
    "text": gettext_lazy("Open text"),
    "scale": gettext_lazy("Scale"),
    "single_choice": gettext_lazy("Single choice"),
    "multiple_choice": gettext_lazy("Multiple choice"),
    "ranking": gettext_lazy("Ranking"),
    "integer": gettext_lazy("Whole number"),
    "date": gettext_lazy("Date"),
}

# Short names for the three FIIT instruments, used as column headings.
INSTRUMENT_SHORT = {
    "policymaker": gettext_lazy("Policymakers"),
    "service_provider": gettext_lazy("Service providers"),
    "victim": gettext_lazy("Victims"),
}

SNIPPET_LENGTH = 60


def short_name(instrument_id: str) -> str:
    return str(INSTRUMENT_SHORT.get(instrument_id, instrument_id))


@dataclass
class OptionView:
    value: str
    label: str
    countries: tuple[str, ...]
    available_in: tuple[str, ...] = ()  # where the FIIT report found it (noted, not enforced)


@dataclass
class QuestionView:
    id: str
    number: str
    type: str
    type_label: str
    text: str
    hint: str
    required: bool
    encrypted: bool
    encrypted_reason: str
    condition: SafeString | None
    low: tuple[Any, str] | None = None
    high: tuple[Any, str] | None = None
    bounds: str = ""
    options: list[OptionView] = field(default_factory=list)
    choices_from: SafeString | None = None
    note: str = ""  # a deviation from the seed or a change between versions


@dataclass
class SectionView:
    id: str
    number: str
    title: str
    intro: str
    questions: list[QuestionView]


def question_ref(question: Question, lang: str) -> SafeString:
    """A link to a question, named by its printed number, else by the start of its text."""
    if question.number:
        name = _("question %(number)s") % {"number": question.number}
    else:
        text = pick(question.text, lang)
        snippet = text if len(text) <= SNIPPET_LENGTH else text[: SNIPPET_LENGTH - 1].rstrip() + "…"
        quoted = format_html('<q lang="{}">{}</q>', lang, snippet)
        name = format_html(_("question {text}"), text=quoted)
    return format_html('<a href="#q-{}">{}</a>', question.id, name)


def option_label(question: Question, value: Any, lang: str) -> SafeString:
    """The option's label in ``lang``, quoted and marked with its language."""
    option = question.option(str(value))
    label = pick(option.label, lang) if option is not None else str(value)
    return format_html('<q lang="{}">{}</q>', lang, label)


def describe_condition(condition: Mapping[str, Any], instrument: Instrument, lang: str) -> SafeString:
    """The condition as words in the interface language; option labels in ``lang``."""
    if "all" in condition or "any" in condition:
        parts = [describe_condition(p, instrument, lang) for p in condition.get("all") or condition.get("any")]
        joined = format_html_join("", "<li>{}</li>", ((p,) for p in parts))
        head = _("all of these hold:") if "all" in condition else _("at least one of these holds:")
        return format_html("{} <ul>{}</ul>", head, joined)
    if "not" in condition:
        return format_html("{} {}", _("it is not the case that"), describe_condition(condition["not"], instrument, lang))
    try:
        ref_question = instrument.question(condition["question"])
    except KeyError:
        return format_html(_("question {question} (not in this instrument)"), question=condition["question"])
    ref = question_ref(ref_question, lang)
    if "equals" in condition:
        return format_html(
            _("the answer to {question} is {value}"),
            question=ref, value=option_label(ref_question, condition["equals"], lang),
        )
    if "includes" in condition:
        return format_html(
            _("the answer to {question} includes {value}"),
            question=ref, value=option_label(ref_question, condition["includes"], lang),
        )
    if condition.get("answered"):
        return format_html(_("{question} has been answered"), question=ref)
    return format_html(_("{question} has not been answered"), question=ref)


def encrypted_reason(question: Question) -> str:
    if question.identifying:
        return _("identifying field")
    if question.is_open_text:
        return _("open text")
    return ""


def bounds_text(question: Question) -> str:
    if question.type not in ("integer", "date"):
        return ""
    low, high = question.min, question.max
    if low is not None and high is not None:
        return _("from %(min)s to %(max)s") % {"min": low, "max": high}
    if low is not None:
        return _("at least %(min)s") % {"min": low}
    if high is not None:
        return _("at most %(max)s") % {"max": high}
    return ""


def question_view(question: Question, instrument: Instrument, lang: str) -> QuestionView:
    view = QuestionView(
        id=question.id,
        number=question.number,
        type=question.type,
        type_label=str(TYPE_LABELS.get(question.type, question.type)),
        text=pick(question.text, lang),
        hint=pick(question.hint, lang),
        required=question.required,
        encrypted=question.is_sensitive,
        encrypted_reason=encrypted_reason(question),
        condition=describe_condition(question.relevant, instrument, lang) if question.relevant else None,
        bounds=bounds_text(question),
        options=[OptionView(o.value, pick(o.label, lang), o.countries, o.available_in) for o in question.options],
        note=pick(question.note, lang),
    )
    if question.type == "scale" and question.anchors:
        view.low = (question.min, pick(question.anchors["low"], lang))
        view.high = (question.max, pick(question.anchors["high"], lang))
    if question.choices_from:
        try:
            view.choices_from = question_ref(instrument.question(question.choices_from), lang)
        except KeyError:
            view.choices_from = None
    return view


def instrument_sections(instrument: Instrument, lang: str) -> list[SectionView]:
    return [
        SectionView(
            id=s.id,
            number=s.number,
            title=pick(s.title, lang),
            intro=pick(s.intro, lang),
            questions=[question_view(q, instrument, lang) for q in s.questions],
        )
        for s in instrument.sections
    ]


def instrument_summary(instrument: Instrument, lang: str) -> dict[str, Any]:
    questions = list(instrument.questions())
    return {
        "id": instrument.id,
        "short": short_name(instrument.id),
        "title": pick(instrument.title, lang),
        "version": instrument.version,
        "languages": instrument.languages,
        "source": instrument.source,
        "sections": len(instrument.sections),
        "questions": len(questions),
        "numbered": len(instrument.numbered_questions()),
        "scales": len(instrument.scales()),
        "encrypted": sum(1 for q in questions if q.is_sensitive),
        "conditional": sum(1 for q in questions if q.relevant),
    }
