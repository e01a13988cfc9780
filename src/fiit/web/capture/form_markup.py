"""The questions of the interview form as HTML, built in Python: the skeleton once, the answers per request.

Drawing ~60 questions through Django templates (an ``{% include %}`` per
question, a dozen ``{% if %}`` per widget) cost about 20 ms of CPU per form
page (issue 16). Everything on a question except its answer depends only on
the instrument version, the country (options offered there), the form's
language, the interface language (the "required" tags, "Declined to answer")
and which questions the user may not see. :func:`form_markup` builds that
skeleton once per process for each such combination: every label, hint,
option and relevance condition already escaped. A request then only fills in
the answers (:class:`AnswerState`, through :meth:`QuestionMarkup.render`),
about 1 ms for the whole form.

What the cache holds is derived from the instrument alone: no answer, sealed
or not, is kept across requests. Per-answer data enters the page in exactly
one place, :meth:`QuestionMarkup.render`, from the :class:`AnswerState` of
:func:`answer_states`; a new per-answer attribute belongs there.

The markup is the one the templates ``_steps.html``/``_question.html`` drew
(fields, names, ids, labels, ARIA, declined boxes, ``data-*`` attributes that
``capture.js`` and ``field.js`` read). Those templates are kept as the
reference in tests/web/form_reference/, and tests/web/test_form_markup.py
compares the two for every instrument version, country, language and answer
state: change both together.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Mapping

from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _  # the translators' text as it is, as {% translate "…" %} gave it

from fiit.instruments import Instrument, Question, pick
from fiit.web.capture.fields import declined_name, field_name

GROUPED = ("scale", "single_choice", "multiple_choice", "ranking")


def _e(value: Any) -> str:
    """Escaped as a template's ``{{ value }}`` would be (numbers localised, safe strings kept)."""
    return str(conditional_escape(localize(value)))


@dataclass(frozen=True)
class AnswerState:
    """What one request fills into one question: the only per-answer data on the form."""

    value: Any = None  # the stored or posted answer; None when unanswered or declined
    declined: bool = False
    errors: tuple[str, ...] = ()

    @property
    def blank(self) -> bool:
        return self.value is None and not self.declined and not self.errors


BLANK = AnswerState()


def answer_state(question: Question, value: Any, errors: list[str] | tuple[str, ...] = ()) -> AnswerState:
    if question.is_declined(value):
        return AnswerState(None, True, tuple(errors))  # an empty, disabled input with the box ticked
    return AnswerState(value, False, tuple(errors))


def answer_states(instrument: Instrument, answers: Mapping[str, Any],
                  errors: Mapping[str, list[str]]) -> dict[str, AnswerState]:
    """The state of every question that has an answer or an error (the others are blank)."""
    states = {}
    for qid in set(answers) | set(errors):
        try:
            question = instrument.question(qid)
        except KeyError:
            continue
        states[qid] = answer_state(question, answers.get(qid), errors.get(qid, ()))
    return states


def _text_value(value: Any) -> str:
    return "" if value is None else str(value)


class QuestionMarkup:
    """One question's answer-independent markup, with :meth:`render` to fill in an answer."""

    def __init__(self, question: Question, lang: str, country: str):
        q = question
        self.id = q.id
        self.type = q.type
        self.declinable = q.declinable
        name = _e(field_name(q.id))
        qid = _e(q.id)
        self._name = name
        hint = pick(q.hint, lang)
        attrs = f' id="question-{qid}" data-question="{qid}" data-type="{_e(q.type)}"'
        if q.required:
            attrs += ' data-required="1"'
        if q.relevant:
            attrs += f' data-relevant="{_e(json.dumps(q.relevant))}"'
        if q.choices_from:
            attrs += f' data-choices-from="{_e(q.choices_from)}"'
        self._attrs = attrs + ">\n"
        ui = _e(get_language())
        number = f'<span class="number">{_e(q.number)}</span> ' if q.number else ""
        required = f' <span class="tag tag-required" lang="{ui}">{_("required")}</span>' if q.required else ""
        hint_p = f'<p class="hint" id="{name}-hint">{_e(hint)}</p>\n' if hint else ""
        hint_ref = f"{name}-hint " if hint else ""
        self._declined_box = (f'<label class="declined-answer" lang="{ui}"><input type="checkbox" '
                              f'name="{_e(declined_name(q.id))}" value="1" data-decline="{qid}"')
        self._declined_text = f'> {_("Declined to answer")}</label>\n' if q.declinable else ""
        self._error_open = f'<div class="field-error" id="{name}-error">'
        options = [o for o in q.options if o.offered_in(country)]
        self._options = [(o.value, _e(o.value), _e(pick(o.label, lang))) for o in options]
        if q.type in GROUPED:
            ends = f"{name}-ends " if q.type == "scale" else ""
            self._open = f'  <fieldset aria-describedby="{hint_ref}{ends}{name}-error"'
            self._legend = f'>\n<legend id="{name}-label">{number}{_e(pick(q.text, lang))}{required}</legend>\n{hint_p}'
            self._close = "</fieldset>\n"
        else:
            identifying = (f' <span class="tag tag-encrypted" lang="{ui}">{_("identifying field")}</span>'
                           if q.identifying else "")
            self._open = (f'<label class="question-label" for="{name}" id="{name}-label">{number}'
                          f'{_e(pick(q.text, lang))}{required}{identifying}</label>\n{hint_p}')
            self._close = ""
        if q.type == "scale":
            low = q.min if q.min is not None else 1
            high = q.max if q.max is not None else 10
            low_label = _e(pick(q.anchors.get("low"), lang)) if q.anchors else ""
            high_label = _e(pick(q.anchors.get("high"), lang)) if q.anchors else ""
            self._widget_head = (f'<p class="scale-ends" id="{name}-ends"><span>{_e(q.min or 1)} = {low_label}</span> '
                                 f'<span>{_e(q.max or 10)} = {high_label}</span></p>\n<div class="scale">\n')
            points = list(range(low, high + 1))
            self._points = []
            for index, n in enumerate(points):
                tail = ""
                if index == 0:
                    tail = f'<span class="visually-hidden"> — {low_label}</span>'
                elif index == len(points) - 1:
                    tail = f'<span class="visually-hidden"> — {high_label}</span>'
                self._points.append((str(n), f'<label class="scale-point"><input type="radio" name="{name}" '
                                             f'value="{_e(str(n))}"', f"><span>{_e(str(n))}</span>{tail}</label>\n"))
            self._widget_tail = f"</div>\n{self._clear_button(qid, ui)}"
        elif q.type in ("single_choice", "multiple_choice"):
            kind = "radio" if q.type == "single_choice" else "checkbox"
            self._widget_head = '<div class="choices">\n'
            self._points = [(value, f'<label class="choice"><input type="{kind}" name="{name}" value="{escaped}"',
                             f"> {label}</label>\n") for value, escaped, label in self._options]
            self._widget_tail = "</div>\n" + (self._clear_button(qid, ui) if kind == "radio" else "")
        elif q.type == "ranking":
            self._widget_head = (f'<p class="hint" lang="{ui}">'
                                 f'{_("Choose an item for each rank, starting with 1 for the most important. Leave the remaining ranks empty.")}'
                                 f'</p>\n<div class="ranking">\n')
            self._ranks = [
                (f'<div class="rank-row">\n<label for="{name}-rank-{_e(n)}" lang="{ui}">{_("Rank %(n)s") % {"n": _e(n)}}'
                 f'</label>\n<select id="{name}-rank-{_e(n)}" name="{name}-rank-{_e(n)}" data-rank="{_e(n)}"')
                for n in range(1, len(options) + 1)
            ]
            self._widget_tail = "</div>\n"
        else:
            described = f'aria-describedby="{hint_ref}{name}-error"'
            if q.type == "text" and not q.identifying:
                self._input = (f'<textarea id="{name}" name="{name}" rows="4" autocomplete="off" {described}', "</textarea>\n")
            elif q.type == "text":
                self._input = (f'<input type="text" id="{name}" name="{name}" value="', f'" autocomplete="off" {described}')
            elif q.type == "integer":
                if q.min is not None and q.max is not None:
                    bounds = _("A whole number from %(min)s to %(max)s.") % {"min": _e(q.min), "max": _e(q.max)}
                else:
                    bounds = _("A whole number.")
                self._input = (f'<input type="text" inputmode="numeric" class="input-number" id="{name}" name="{name}" value="',
                               f'" autocomplete="off" aria-describedby="{hint_ref}{name}-bounds {name}-error"')
                self._bounds = f'<p class="bounds" id="{name}-bounds" lang="{ui}">{bounds}</p>\n'
            elif q.type == "date":
                self._input = (f'<input type="date" id="{name}" name="{name}" value="', f'" {described}')
            else:
                self._input = None
        self._textarea = q.type == "text" and not q.identifying
        self._blank = self._render(BLANK)

    @staticmethod
    def _clear_button(qid: str, ui: str) -> str:
        return (f'<button type="button" class="button-quiet js-only clear-answer" data-clear="{qid}" '
                f'lang="{ui}">{_("Clear answer")}</button>\n')

    def render(self, state: AnswerState) -> str:
        """The question with ``state`` filled in (HTML, every part escaped)."""
        if state.blank:
            return self._blank
        return self._render(state)

    def _render(self, state: AnswerState) -> str:
        errors = state.errors
        disabled = " disabled" if state.declined else ""
        invalid = ' aria-invalid="true"' if errors else ""
        out = ['<div class="capture-question has-error"' if errors else '<div class="capture-question"',
               self._attrs, self._open]
        value = state.value
        if self.type in GROUPED:
            out += [invalid, self._legend, self._widget_head]
            if self.type == "scale":
                text = _text_value(value)
                for point, head, tail in self._points:
                    out += [head, " checked" if text == point else "", disabled, tail]
            elif self.type == "ranking":
                ranked = list(value) if isinstance(value, list) else []
                for n, head in enumerate(self._ranks):
                    selected = ranked[n] if n < len(ranked) else ""
                    out += [head, disabled, '>\n<option value="">—</option>\n']
                    for option, escaped, label in self._options:
                        out.append(f'<option value="{escaped}"{" selected" if option == selected else ""}>{label}</option>\n')
                    out.append("</select>\n</div>\n")
            else:
                chosen = value if isinstance(value, list) else ([] if value is None else [value])
                chosen = [str(c) for c in chosen]
                for option, head, tail in self._points:
                    out += [head, " checked" if option in chosen else "", disabled, tail]
            out.append(self._widget_tail)
        elif self._input is not None:
            head, tail = self._input
            text = _e(_text_value(value))
            if self._textarea:  # the answer is its content
                out += [head, invalid, disabled, ">", text, tail]
            else:
                out += [head, text, tail, invalid, disabled, ">\n"]
                if self.type == "integer":
                    out.append(self._bounds)
        if self.declinable:
            out += [self._declined_box, " checked" if state.declined else "", self._declined_text]
        out.append(self._error_open)
        out += [f"<p>{_e(message)}</p>" for message in errors]
        out += ["</div>\n", self._close, "</div>\n"]
        return "".join(out)


@dataclass(frozen=True)
class StepMarkup:
    number: int
    id: str
    label: str
    title: str
    head: str  # after the section's class attribute: the heading, the intro
    questions: tuple[QuestionMarkup, ...]


class FormMarkup:
    """The sections of one instrument version for one country, form language, interface language and
    set of hidden questions: their markup with the answers left out."""

    def __init__(self, instrument: Instrument, country: str, lang: str, hidden: frozenset[str]):
        self.instrument = instrument  # kept so the cache key's id() stays this instrument's
        steps: list[tuple] = []
        for section in instrument.sections:
            questions = tuple(QuestionMarkup(q, lang, country) for q in section.questions if q.id not in hidden)
            if questions:
                steps.append((section, questions))
        total = len(steps)
        form_lang = _e(lang)
        self.steps: tuple[StepMarkup, ...] = ()
        built = []
        for number, (section, questions) in enumerate(steps, start=1):
            label, title, intro = section.number, pick(section.title, lang), pick(section.intro, lang)
            progress = _("Step %(n)s of %(total)s") % {"n": _e(number), "total": _e(total)}
            head = (f'" id="step-{_e(number)}" data-step="{_e(number)}" aria-labelledby="step-{_e(number)}-title">\n'
                    f'<p class="progress">{progress} <progress max="{_e(total)}" value="{_e(number)}" aria-hidden="true">'
                    f'</progress></p>\n<h2 id="step-{_e(number)}-title" tabindex="-1" lang="{form_lang}">'
                    f'{_e(label) + ". " if label else ""}{_e(title)}</h2>\n<div lang="{form_lang}">\n'
                    + (f'<p class="section-intro">{_e(intro)}</p>\n' if intro else ""))
            built.append(StepMarkup(number, section.id, label, title, head, questions))
        self.steps = tuple(built)
        self._nav = tuple((s.number, f'    <li><a href="?step={s.number}" data-step="{s.number}"',
                           f' lang="{form_lang}">{_e(s.label) + ". " if s.label else ""}{_e(s.title)}</a></li>\n')
                          for s in self.steps)
        self.step_of = {q.id: step.number for step in self.steps for q in step.questions}

    def render(self, states: Mapping[str, AnswerState], current_step: int = 1) -> SafeString:
        """Every section with the answers of ``states`` filled in (questions not in it are blank)."""
        out = []
        for step in self.steps:
            out += ['<section class="step current-step' if step.number == current_step else '<section class="step',
                    step.head]
            out += [q.render(states.get(q.id, BLANK)) for q in step.questions]
            out.append("</div>\n</section>\n")
        return mark_safe("".join(out))

    def steps_with_errors(self, states: Mapping[str, AnswerState]) -> set[int]:
        return {self.step_of[qid] for qid, state in states.items() if state.errors and qid in self.step_of}

    def navigation(self, states: Mapping[str, AnswerState], current: int) -> SafeString:
        """The list of sections above the form (the ``<li>`` items): each links to its step, the current one
        marked, those with a question in error classed. Written here, not as a template loop: the loop's
        six values a section cost more than the rest of the form page's template (issue 16)."""
        with_errors = self.steps_with_errors(states)
        return mark_safe("".join(  # nosec B308: the parts were escaped when the skeleton was built
            start + (' aria-current="step"' if number == current else "")
            + (' class="step-has-errors"' if number in with_errors else "") + end
            for number, start, end in self._nav))


_CACHE: OrderedDict[tuple, FormMarkup] = OrderedDict()
_CACHE_SIZE = 64  # about 230 KB each for victim (15 MB at most): the versions, countries and languages a team uses
_LOCK = threading.Lock()


def form_markup(instrument: Instrument, country: str, lang: str,
                hidden: set[str] | frozenset[str] = frozenset()) -> FormMarkup:
    """The form's skeleton for this instrument version, country, form language, interface language
    (the active one) and hidden questions, built once per process (least recently used dropped)."""
    key = (id(instrument), instrument.key, country, lang, get_language(), frozenset(hidden))
    with _LOCK:
        markup = _CACHE.get(key)
        if markup is not None and markup.instrument is instrument:
            _CACHE.move_to_end(key)
            return markup
    markup = FormMarkup(instrument, country, lang, frozenset(hidden))
    with _LOCK:
        _CACHE[key] = markup
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return markup
