"""The interview page's answers: each section's questions and answers as HTML, for reading.

Written here rather than as a template loop: a victim interview has about fifty
questions and the loop's ten tags each cost more than the whole pair does here
(issue 16: the loop was about a third of the page's CPU). Nor are the form's
fields built for it (:func:`fiit.web.capture.fields.steps_for`: choices, scale
points, relevance JSON for every question, issue 16 again): a question's number
and text, escaped, are kept per instrument and language for the process (a
loaded instrument never changes), and an answer is looked up in its options
only when it is shown. ``tests/web/test_reading.py`` compares the HTML with
what the form's fields give.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any, Mapping

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from fiit.instruments import Instrument, Question, pick
from fiit.interviews.states import UNANSWERED


@dataclass(frozen=True)
class AnsweredSection:
    """What the page draws of one section: its heading and its ``<dt>``/``<dd>`` pairs."""
    number: int
    label: str
    title: str
    answers_html: SafeString


def answer_state_labels(ui_lang: str) -> dict[str, str]:
    """What the page writes in place of an answer, by answer state, in the interface language."""
    return {state: format_html('<span class="subtle answer-state-{}" lang="{}">{}</span>', css, ui_lang, label)
            for state, css, label in (("declined", "declined", _("Declined to answer")),
                                      ("not_applicable", "not-applicable", _("Not applicable (skipped by routing)")),
                                      (UNANSWERED, "unanswered", _("no answer")))}


def display_value(question: Question, value: Any, lang: str, country: str) -> Any:
    """An answer as the page shows it: options by their label in ``lang`` (those offered in ``country``),
    a ranking numbered, anything else as text."""
    if question.is_declined(value):
        value = None
    if question.type not in ("single_choice", "multiple_choice", "ranking"):
        return "" if value is None else str(value)
    labels = {o.value: pick(o.label, lang) for o in question.options if o.offered_in(country)}
    if question.type == "single_choice":
        text = "" if value is None else str(value)
        return labels.get(text, text)
    values = value or []
    if question.type == "ranking":
        return " › ".join(f"{n}. {labels.get(v, v)}" for n, v in enumerate(values, start=1))
    return "; ".join(labels.get(v, v) for v in values)


def answered_sections(instrument: Instrument, lang: str, country: str, answers: Mapping[str, Any],
                      states: Mapping[str, str], labels: Mapping[str, str],
                      hidden: set[str] | frozenset[str] = frozenset()) -> list[AnsweredSection]:
    """The sections with a question not in ``hidden``, numbered from 1; ``states``: question id -> answer
    state (:func:`fiit.interviews.states.interview_states`), ``labels`` from :func:`answer_state_labels`."""
    out = []
    for section, title, questions in _layout(instrument, lang):
        pairs = []
        for question, head in questions:
            if question.id in hidden:
                continue
            state = states.get(question.id, UNANSWERED)
            if state == "answered":
                answer = linebreaksbr(display_value(question, answers.get(question.id), lang, country),
                                      autoescape=True)
            else:
                answer = labels.get(state, labels[UNANSWERED])
            pairs.append(f'{head}{conditional_escape(state)}">{answer}</dd>\n')
        if pairs:
            # nosec B308: the heads were escaped in _layout, each answer by linebreaksbr or format_html
            out.append(AnsweredSection(len(out) + 1, section.number, title, mark_safe("".join(pairs))))
    return out


def sections_html(sections: list[AnsweredSection], lang: str) -> SafeString:
    """The interview page's sections (``<section>`` each, heading and answers), for the template as one value:
    the template loop's five values a section cost about as much as the rest of the page's template."""
    form_lang = conditional_escape(lang)
    return mark_safe("".join(  # nosec B308: label and title escaped here, the answers by answered_sections
        f'\n<section class="answers-section" aria-labelledby="s-{s.number}">\n'
        f'  <h2 id="s-{s.number}" lang="{form_lang}">'
        f'{conditional_escape(s.label) + ". " if s.label else ""}{conditional_escape(s.title)}</h2>\n'
        f'  <dl class="answers" lang="{form_lang}">\n{s.answers_html}  </dl>\n</section>\n'
        for s in sections))


_layouts: dict[tuple[int, str], tuple[Instrument, list]] = {}
_lock = threading.Lock()


def _layout(instrument: Instrument, lang: str) -> list:
    """Per section: the section, its title in ``lang`` and, per question, the escaped ``<dt>`` and the
    ``<dd>`` up to its state. Kept by the instrument object itself (held here, so its id is never reused)."""
    key = (id(instrument), lang)
    kept = _layouts.get(key)
    if kept is not None and kept[0] is instrument:
        return kept[1]
    layout = []
    for section in instrument.sections:
        questions = []
        for q in section.questions:
            number = f'<span class="number">{conditional_escape(q.number)}</span> ' if q.number else ""
            questions.append((q, f'    <dt>{number}{conditional_escape(pick(q.text, lang))}</dt>\n'
                                 f'    <dd id="a-{conditional_escape(q.id)}" data-state="'))
        layout.append((section, pick(section.title, lang), questions))
    with _lock:
        _layouts[key] = (instrument, layout)
    return layout
