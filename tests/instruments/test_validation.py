"""Validating answers: each kind of error, with its question id and a plain sentence."""

import textwrap

import pytest

from fiit.instruments import load_instrument_text, relevant_questions, validate_answers

FORM = """
id: form
version: "1.0.0"
languages: [en, nl]
title: {en: Form, nl: Formulier}
sections:
  - id: s
    title: {en: S, nl: S}
    questions:
      - id: where
        type: single_choice
        required: true
        text: {en: 'Where?', nl: 'Waar?'}
        options:
          - {value: abroad, label: {en: Abroad, nl: Buitenland}}
          - {value: origin, label: {en: Origin, nl: Herkomst}}
      - id: return
        type: single_choice
        text: {en: 'Return?', nl: 'Terugkeer?'}
        relevant: {question: where, equals: abroad}
        options:
          - {value: "yes", label: {en: 'Yes', nl: Ja}}
          - {value: "no", label: {en: 'No', nl: Nee}}
      - id: how
        type: text
        text: {en: 'How?', nl: 'Hoe?'}
        relevant: {question: return, equals: "yes"}
      - id: score
        type: scale
        required: true
        text: {en: Score, nl: Score}
        anchors: {low: {en: Low, nl: Laag}, high: {en: High, nl: Hoog}}
      - id: services
        type: multiple_choice
        text: {en: Services, nl: Diensten}
        options:
          - {value: housing, label: {en: Housing, nl: Huisvesting}}
          - {value: helpline, label: {en: Helpline, nl: Hulplijn}, countries: [IT]}
      - id: rank
        type: ranking
        choices_from: services
        text: {en: Rank, nl: Rangschik}
        options:
          - {value: housing, label: {en: Housing, nl: Huisvesting}}
          - {value: helpline, label: {en: Helpline, nl: Hulplijn}, countries: [IT]}
      - id: age
        type: integer
        min: 18
        max: 99
        text: {en: Age, nl: Leeftijd}
      - id: when
        type: date
        text: {en: When, nl: Wanneer}
"""


@pytest.fixture(scope="module")
def form():
    result = load_instrument_text(textwrap.dedent(FORM), "form.yaml")
    assert result.problems == []
    return result.instrument


def errors(report):
    return [(p.code, p.question_id) for p in report.errors]


def test_complete_valid_answers(form):
    answers = {"where": "abroad", "return": "yes", "how": "by bus", "score": 7, "age": 30,
               "services": ["housing"], "rank": ["housing"], "when": "2012-05-01"}
    report = validate_answers(form, answers)
    assert report.valid and report.problems == []


def test_required_answer_missing(form):
    report = validate_answers(form, {"where": "origin"})
    assert errors(report) == [("required_missing", "score")]
    assert "needs an answer" in report.errors[0].message


def test_required_missing_is_only_a_warning_for_a_draft(form):
    report = validate_answers(form, {"where": "origin"}, complete=False)
    assert report.valid
    assert [(p.code, p.severity) for p in report.warnings] == [("required_missing", "warning")]


@pytest.mark.parametrize("value", [0, 11, -3, 100])
def test_scale_out_of_range(form, value):
    report = validate_answers(form, {"where": "origin", "score": value})
    assert errors(report) == [("out_of_range", "score")]
    assert f"from 1 to 10; {value} is outside" in report.errors[0].message


def test_scale_bounds_are_inclusive(form):
    for value in (1, 10):
        assert validate_answers(form, {"where": "origin", "score": value}).valid


def test_scale_that_is_not_a_number(form):
    report = validate_answers(form, {"where": "origin", "score": "seven"})
    assert errors(report) == [("not_a_number", "score")]
    assert validate_answers(form, {"where": "origin", "score": True}).errors[0].code == "not_a_number"


def test_unknown_choice(form):
    report = validate_answers(form, {"where": "moon", "score": 5})
    assert errors(report) == [("unknown_choice", "where")]
    assert "'moon'" in report.errors[0].message


def test_unknown_choice_in_a_multiple_choice(form):
    report = validate_answers(form, {"where": "origin", "score": 5, "services": ["housing", "castle"]})
    assert errors(report) == [("unknown_choice", "services")]


def test_country_specific_option_only_in_its_country(form):
    answers = {"where": "origin", "score": 5, "services": ["helpline"]}
    assert validate_answers(form, answers, country="IT").valid
    report = validate_answers(form, answers, country="BE")
    assert errors(report) == [("not_offered_in_country", "services")]


def test_answer_to_question_that_is_not_relevant(form):
    report = validate_answers(form, {"where": "origin", "return": "yes", "score": 5})
    assert ("not_relevant", "return") in errors(report)
    assert "does not apply" in report.errors[0].message


def test_relevance_cascades_down_a_chain(form):
    # 'how' depends on 'return', which does not apply for someone living in the country of origin.
    answers = {"where": "origin", "return": "yes", "score": 5}
    assert "how" not in relevant_questions(form, answers)
    assert "how" in relevant_questions(form, {"where": "abroad", "return": "yes"})


def test_integer_bounds_and_dates(form):
    report = validate_answers(form, {"where": "origin", "score": 5, "age": 12, "when": "2012-13-40"})
    assert errors(report) == [("out_of_range", "age"), ("bad_date", "when")]
    assert "from 18 to 99; 12 is outside" in report.errors[0].message


def test_ranking_only_of_items_ticked_before_and_no_duplicates(form):
    report = validate_answers(form, {"where": "origin", "score": 5, "services": ["housing"],
                                     "rank": ["housing", "housing"]})
    assert errors(report) == [("duplicate_choice", "rank")]
    report = validate_answers(form, {"where": "origin", "score": 5, "services": ["housing"],
                                     "rank": ["helpline"]}, country="IT")
    assert errors(report) == [("not_selected_before", "rank")]


def test_answer_to_unknown_question(form):
    report = validate_answers(form, {"where": "origin", "score": 5, "q99": "x"})
    assert errors(report) == [("unknown_question", "q99")]


def test_messages_in_the_interviewers_language(form):
    report = validate_answers(form, {"where": "origin", "score": 12}, lang="nl")
    assert report.errors[0].message == (
        "Het antwoord moet een geheel getal van 1 tot en met 10 zijn; 12 valt daarbuiten."
    )
    hu = validate_answers(form, {"where": "origin"}, lang="hu")
    assert hu.errors[0].message.startswith("Erre a kérdésre válaszolni kell")


COUNTRY_FORM = """
id: country_form
version: "1.0.0"
languages: [en, nl]
title: {en: Form, nl: Form}
sections:
  - id: s
    title: {en: S, nl: S}
    questions:
      - id: support
        type: single_choice
        text: {en: 'Support?', nl: 'Support?'}
        options:
          - {value: shelter, label: {en: Shelter, nl: Shelter}}
          - {value: helpline, label: {en: Helpline, nl: Helpline}, countries: [IT]}
      - id: score
        type: scale
        text: {en: Score, nl: Score}
        anchors: {low: {en: Low, nl: Low}, high: {en: High, nl: High}}
"""


def test_the_same_rules_give_the_same_verdict_interview_after_interview():
    """Rules are prepared once per instrument; later interviews (and other countries) are judged like the first."""
    from fiit.instruments.validation import answer_rules

    result = load_instrument_text(textwrap.dedent(COUNTRY_FORM), "country_form.yaml")
    assert result.problems == []
    form = result.instrument
    assert answer_rules(form) is answer_rules(form)
    for _ in range(2):
        assert validate_answers(form, {"support": "helpline", "score": 10}, country="IT").valid
        assert errors(validate_answers(form, {"support": "helpline", "score": 10}, country="BE")) == [
            ("not_offered_in_country", "support")]
        assert validate_answers(form, {"support": "shelter", "score": 1}, country="BE").valid
        assert validate_answers(form, {"support": "helpline"}).valid  # no country: every option counts
        assert errors(validate_answers(form, {"support": "castle", "score": 11}, country="IT")) == [
            ("unknown_choice", "support"), ("out_of_range", "score")]
        assert errors(validate_answers(form, {"support": ["shelter"], "score": True}, country="IT")) == [
            ("unknown_choice", "support"), ("not_a_number", "score")]
