"""The interview page's answers (fiit.web.capture.reading) are the HTML the page drew from the form's
fields until issue 16: ``fields.steps_for``, then each field's shown value and its ``<dt>``/``<dd>`` pair.

That path is kept here as the reference (:func:`reference_sections`). For every instrument, every
released version, every form language, with interface languages and countries in turn, identifying
questions hidden or not, answers in every state (the states the page computes, and every state on
every question), both are compared exactly. Labels and answers with markup check the escaping.
"""

from __future__ import annotations

import random

import pytest
from django.template.defaultfilters import linebreaksbr
from django.utils import translation
from django.utils.html import conditional_escape

from fiit.instruments import DECLINED, get_instrument, get_instrument_version
from fiit.interviews.states import NOT_ASKED, UNANSWERED, interview_states
from fiit.web.capture.fields import steps_for
from fiit.web.capture.reading import answer_state_labels, answered_sections
from tests.web.test_form_markup import (COUNTRIES, NASTY, UI_LANGUAGES, a_value, answer_set, nasty_instrument,
                                        versions)

STATES = ("answered", "declined", "not_applicable", UNANSWERED, NOT_ASKED)


def reference_value(field):
    """The shown value as the page computed it from a form field (until issue 16)."""
    labels = {c.value: c.label for c in field.choices}
    if field.type == "single_choice":
        return labels.get(field.value, field.value)
    if field.type in ("multiple_choice", "ranking"):
        values = field.value or []
        if field.type == "ranking":
            return " › ".join(f"{n}. {labels.get(v, v)}" for n, v in enumerate(values, start=1))
        return "; ".join(labels.get(v, v) for v in values)
    return field.value


def reference_sections(instrument, lang, country, answers, states, labels, hidden):
    out = []
    for step in steps_for(instrument, lang, country, answers, {}, hidden=hidden):
        pairs = []
        for f in step.fields:
            state = states.get(f.id, UNANSWERED)
            number = f'<span class="number">{conditional_escape(f.number)}</span> ' if f.number else ""
            answer = (linebreaksbr(reference_value(f), autoescape=True) if state == "answered"
                      else labels.get(state, labels[UNANSWERED]))
            pairs.append(f'    <dt>{number}{conditional_escape(f.text)}</dt>\n'
                         f'    <dd id="a-{conditional_escape(f.id)}" data-state="{conditional_escape(state)}">'
                         f'{answer}</dd>\n')
        out.append((step.number, step.label, step.title, "".join(pairs)))
    return out


def sections(instrument, lang, country, answers, states, labels, hidden):
    return [(s.number, s.label, s.title, str(s.answers_html))
            for s in answered_sections(instrument, lang, country, answers, states, labels, hidden=hidden)]


@pytest.mark.parametrize("instrument_id,version", versions())
def test_the_page_draws_the_answers_as_the_form_fields_did(instrument_id, version):
    instrument = get_instrument_version(instrument_id, version)
    current = get_instrument(instrument_id)
    identifying = frozenset(q.id for q in instrument.questions() if q.identifying)
    compared = 0
    for i, lang in enumerate(sorted(instrument.languages)):
        for shift in range(4):
            ui = UI_LANGUAGES[(i + shift) % len(UI_LANGUAGES)]
            country = COUNTRIES[(i + 2 * shift) % len(COUNTRIES)]
            hidden = identifying if shift == 2 else frozenset()
            answers, _ = answer_set(instrument, country, shift, seed=i * 10 + shift)
            with translation.override(ui):
                labels = answer_state_labels(ui)
                computed = interview_states(instrument, current, answers)
                assert set(computed.values()) >= {"answered", "declined", UNANSWERED}
                # every state on every question, and every question answered (declined ones shown as blank)
                cycled = {q.id: STATES[(k + shift) % len(STATES)] for k, q in enumerate(instrument.questions())}
                everything = {q.id: "answered" for q in instrument.questions()}
                for states in (computed, cycled, everything):
                    assert sections(instrument, lang, country, answers, states, labels, hidden) == \
                        reference_sections(instrument, lang, country, answers, states, labels, hidden)
                    compared += 1
    assert compared == 12 * len(instrument.languages)


def test_every_kind_of_answer_is_compared():
    """The answer sets above hold every question type with a value, and declined answers."""
    instrument = get_instrument("victim")
    answers, _ = answer_set(instrument, "BE", 0, seed=0)
    kinds = {instrument.question(qid).type for qid, value in answers.items() if value != DECLINED}
    assert {"scale", "single_choice", "text"} <= kinds


def test_labels_and_answers_with_markup_are_escaped():
    instrument = nasty_instrument()
    rng = random.Random(1)
    answers = {q.id: NASTY if q.type == "text" else a_value(q, rng, "BE") for q in instrument.questions()}
    states = {q.id: "answered" for q in instrument.questions()}
    with translation.override("en"):
        labels = answer_state_labels("en")
        new = sections(instrument, "en", "BE", answers, states, labels, frozenset())
        assert new == reference_sections(instrument, "en", "BE", answers, states, labels, frozenset())
    html = "".join(s[3] for s in new)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_what_is_kept_per_process_holds_no_answer():
    """The escaped question texts are kept across requests; the answers never are."""
    from fiit.web.capture import reading

    instrument = nasty_instrument()
    text = next(q for q in instrument.questions() if q.type == "text" and not q.identifying)
    secret = "an answer that must not outlive its request"
    with translation.override("en"):
        labels = answer_state_labels("en")
        shown = sections(instrument, "en", "BE", {text.id: secret}, {text.id: "answered"}, labels, frozenset())
    assert secret in "".join(s[3] for s in shown)
    assert secret not in repr(reading._layouts)


#: The interview page's loop over its sections until issue 16 (detail.html), the reference for sections_html.
SECTIONS_LOOP = ('{% for step in steps %}\n<section class="answers-section" aria-labelledby="s-{{ step.number }}">\n'
                 '  <h2 id="s-{{ step.number }}" lang="{{ interview.language }}">{% if step.label %}{{ step.label }}. '
                 '{% endif %}{{ step.title }}</h2>\n  <dl class="answers" lang="{{ interview.language }}">\n'
                 '{{ step.answers_html }}  </dl>\n</section>\n{% endfor %}')


@pytest.mark.parametrize("instrument", [get_instrument("victim"), get_instrument("policymaker"), nasty_instrument()],
                         ids=["victim", "policymaker", "markup"])
def test_the_sections_are_drawn_as_the_template_loop_drew_them(instrument):
    from django.template import Context, Engine

    from fiit.web.capture.reading import sections_html

    rng = random.Random(7)
    answers = {q.id: NASTY if q.type == "text" else a_value(q, rng, "BE") for q in instrument.questions()}
    states = {q.id: STATES[k % len(STATES)] for k, q in enumerate(instrument.questions())}
    for lang in sorted(instrument.languages):
        with translation.override("hu"):
            drawn = answered_sections(instrument, lang, "BE", answers, states, answer_state_labels("hu"))
            old = Engine().from_string(SECTIONS_LOOP).render(Context({"steps": drawn, "interview": {"language": lang}}))
            assert len(drawn) > 1 and str(sections_html(drawn, lang)) == old
