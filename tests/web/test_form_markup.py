"""The form's questions built in Python (fiit.web.capture.form_markup) draw the same HTML as the
templates did (``_steps.html``/``_question.html``/``_declined.html`` over ``fields.steps_for``).

Those templates (and ``_navigation.html``, the list of sections above the form) drew the form until issue 16; they are kept here, in ``form_reference/``, as the
reference for the markup that capture.js, field.js and the browser tests read (names, ids, ARIA,
declined boxes, data-* attributes). A deliberate change to the form's markup changes
form_markup.py and these reference templates in the same commit.

For every instrument, every released version, every form language, with each interface language
and country in turn, and answers in every state (answered, declined, not applicable by routing,
unanswered, with an error), both paths render and the HTML is compared with runs of whitespace
made one space. Labels and answers with ``<script>`` and quotes check the escaping of both.
"""

from __future__ import annotations

import dataclasses
import random
import re

from pathlib import Path

import pytest
from django.template import Context, Engine
from django.utils import translation

from fiit.instruments import BUILTIN_IDS, DECLINED, get_instrument_version, pick, relevant_questions, released_versions
from fiit.web.capture.fields import steps_for
from fiit.web.capture.form_markup import answer_states, form_markup

UI_LANGUAGES = ("en", "nl", "fr", "it", "hu")
COUNTRIES = ("BE", "FR", "HU", "IT", "GB")
NASTY = "<script>alert(\"x\")</script> & 'quoted' \"text\""
ERROR = "Give a number from 1 to 10 <b>not</b> \"x\" & 'y'."


REFERENCE = Engine(dirs=[str(Path(__file__).parent / "form_reference")],
                   libraries={"i18n": "django.templatetags.i18n"})


def normalised(html: str) -> str:
    return re.sub(r"\s+", " ", str(html)).strip()


def old_html(instrument, country, lang, answers, errors, hidden=frozenset(), current_step=1) -> str:
    steps = steps_for(instrument, lang, country, answers, errors, hidden=hidden)
    return REFERENCE.get_template("fiit/capture/_steps.html").render(Context({
        "steps": steps, "current_step": current_step, "step_count": len(steps), "form_lang": lang,
        "LANGUAGE_CODE": translation.get_language(),
    }))


def new_html(instrument, country, lang, answers, errors, hidden=frozenset(), current_step=1) -> str:
    markup = form_markup(instrument, country, lang, hidden)
    return markup.render(answer_states(instrument, answers, errors), current_step)


def old_navigation(instrument, country, lang, answers, errors, hidden, current_step):
    steps = steps_for(instrument, lang, country, answers, errors, hidden=hidden)
    return REFERENCE.get_template("fiit/capture/_navigation.html").render(Context({
        "steps": steps, "current_step": current_step, "form_lang": lang}))


def navigation(instrument, country, lang, answers, errors, hidden, current_step):
    markup = form_markup(instrument, country, lang, hidden)
    return markup.navigation(answer_states(instrument, answers, errors), current_step)


def a_value(question, rng: random.Random, country: str):
    """An answer of the question's type (sometimes one the validator would refuse: the form shows it as typed)."""
    values = [o.value for o in question.options if o.offered_in(country)] or ["none"]
    if question.type == "scale":
        low, high = question.min or 1, question.max or 10
        n = rng.randint(low, high)
        return rng.choice([n, str(n)])
    if question.type == "single_choice":
        return rng.choice(values)
    if question.type == "multiple_choice":
        return rng.sample(values, rng.randint(1, len(values)))
    if question.type == "ranking":
        return rng.sample(values, rng.randint(1, len(values)))
    if question.type == "integer":
        return rng.choice([rng.randint(0, 3000), "12a", " 7 "])
    if question.type == "date":
        return "2024-05-01"
    return rng.choice([NASTY, "Line one\nline two", "  spaced  "])


def answer_set(instrument, country: str, shift: int, seed: int):
    """Answers and errors: question k is answered / declined / unanswered / answered with an error
    when (k + shift) % 4 is 0 / 1 / 2 / 3, so four shifts give every question every state."""
    rng = random.Random(seed)
    answers, errors = {}, {}
    for k, question in enumerate(instrument.questions()):
        state = (k + shift) % 4
        if state == 0:
            answers[question.id] = a_value(question, rng, country)
        elif state == 1:
            answers[question.id] = DECLINED
        elif state == 3:
            answers[question.id] = a_value(question, rng, country)
            errors[question.id] = [ERROR, "A second message."]
    return answers, errors


def versions():
    return [(iid, version) for iid in BUILTIN_IDS for version in released_versions(iid)]


@pytest.mark.parametrize("instrument_id,version", versions())
def test_the_form_draws_the_same_html_as_the_templates(instrument_id, version):
    instrument = get_instrument_version(instrument_id, version)
    identifying = frozenset(q.id for q in instrument.questions() if q.identifying)
    compared = 0
    for i, lang in enumerate(sorted(instrument.languages)):
        for shift in range(4):
            ui = UI_LANGUAGES[(i + shift) % len(UI_LANGUAGES)]
            country = COUNTRIES[(i + 2 * shift) % len(COUNTRIES)]
            hidden = identifying if shift == 2 else frozenset()
            answers, errors = answer_set(instrument, country, shift, seed=i * 10 + shift)
            with translation.override(ui):
                for current in (1, 2):
                    old = old_html(instrument, country, lang, answers, errors, hidden, current)
                    new = new_html(instrument, country, lang, answers, errors, hidden, current)
                    assert normalised(new) == normalised(old), (lang, ui, country, shift)
                    assert navigation(instrument, country, lang, answers, errors, hidden, current) == \
                        old_navigation(instrument, country, lang, answers, errors, hidden, current)
                    compared += 1
                # a blank form (the field app's) and one with every answer declined
                assert normalised(new_html(instrument, country, lang, {}, {})) == \
                    normalised(old_html(instrument, country, lang, {}, {}))
                declined = {q.id: DECLINED for q in instrument.questions()}
                assert normalised(new_html(instrument, country, lang, declined, {})) == \
                    normalised(old_html(instrument, country, lang, declined, {}))
    assert compared == 8 * len(instrument.languages)


def test_routing_leaves_questions_not_applicable_in_the_compared_answers():
    """The answer sets above include questions that routing makes not applicable (with a stored answer)."""
    instrument = get_instrument_version("victim", released_versions("victim")[-1])
    answers, _ = answer_set(instrument, "BE", 0, seed=0)
    skipped = {q.id for q in instrument.questions() if q.relevant} - relevant_questions(instrument, answers)
    assert skipped & set(answers), "no answered question is skipped by routing"


def nasty_instrument():
    """Victim with a question text, hint, option label, scale anchor and section title holding markup."""
    instrument = get_instrument_version("victim", released_versions("victim")[-1])
    sections = []
    for section in instrument.sections:
        questions = []
        for q in section.questions:
            changes = {"text": {"en": NASTY + " " + pick(q.text, "en")}, "hint": {"en": NASTY}}
            if q.options:
                changes["options"] = tuple(dataclasses.replace(o, label={"en": NASTY}) for o in q.options)
            if q.anchors:
                changes["anchors"] = {"low": {"en": NASTY}, "high": {"en": "<i>high</i>"}}
            questions.append(dataclasses.replace(q, **changes))
        sections.append(dataclasses.replace(section, title={"en": NASTY}, intro={"en": NASTY},
                                            questions=tuple(questions)))
    return dataclasses.replace(instrument, version="9.9.9-test", sections=tuple(sections))


def test_labels_and_answers_with_markup_are_escaped_on_both_paths():
    instrument = nasty_instrument()
    text = next(q for q in instrument.questions() if q.type == "text" and not q.identifying)
    answers = {text.id: NASTY}
    errors = {text.id: [ERROR]}
    with translation.override("en"):
        new = str(new_html(instrument, "BE", "en", answers, errors))
        old = old_html(instrument, "BE", "en", answers, errors)
    assert normalised(new) == normalised(old)
    assert "<script>" not in new and "<b>" not in new and "<i>" not in new
    escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quoted&#x27; &quot;text&quot;"
    # the answer in its textarea, and every label, hint, option, anchor and title
    assert f'>{escaped}</textarea>' in new
    assert new.count(escaped) >= 1 + 2 * sum(1 for _ in instrument.questions())
    assert "<p>Give a number from 1 to 10 &lt;b&gt;not&lt;/b&gt; &quot;x&quot; &amp; &#x27;y&#x27;.</p>" in new


def test_the_skeleton_holds_no_answer():
    """What stays cached across requests is built from the instrument alone."""
    instrument = get_instrument_version("victim", released_versions("victim")[-1])
    text = next(q for q in instrument.questions() if q.type == "text" and not q.identifying)
    secret = "a sealed answer that must not outlive its request"
    with translation.override("en"):
        markup = form_markup(instrument, "BE", "en")
        assert secret in markup.render(answer_states(instrument, {text.id: secret}, {}))
        assert form_markup(instrument, "BE", "en") is markup
        assert secret not in markup.render({})
    held = [vars(q) for step in markup.steps for q in step.questions]
    assert secret not in repr(held) + repr([step.head for step in markup.steps])
