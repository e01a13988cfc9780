"""Loading an instrument file checks it and reports problems as data."""

import textwrap

import pytest

from fiit.instruments import (
    InstrumentError,
    get_instrument,
    load_instrument_file,
    load_instrument_text,
)

GOOD = """
id: mini
version: "1.0.0"
languages: [en, nl]
title: {en: Mini, nl: Mini}
sections:
  - id: s1
    number: "A"
    title: {en: First, nl: Eerste}
    questions:
      - id: q1
        number: "1"
        type: single_choice
        required: true
        text: {en: 'Lives where?', nl: 'Woont waar?'}
        options:
          - {value: abroad, label: {en: Abroad, nl: Buitenland}}
          - {value: origin, label: {en: Origin, nl: Herkomst}}
      - id: q2
        number: "2"
        type: text
        text: {en: 'Why?', nl: 'Waarom?'}
        relevant: {question: q1, equals: abroad}
      - id: q3
        type: scale
        scale_id: overall_integration
        required: true
        text: {en: 'Satisfied?', nl: 'Tevreden?'}
        anchors:
          low: {en: Not at all, nl: Helemaal niet}
          high: {en: Very, nl: Zeer}
"""


def load(text):
    return load_instrument_text(textwrap.dedent(text), "mini.yaml")


def test_good_instrument_loads_with_no_problems():
    result = load(GOOD)
    assert result.problems == []
    inst = result.instrument
    assert inst.key == "mini@1.0.0"
    assert inst.question_ids() == ["q1", "q2", "q3"]
    assert inst.question("q3").min == 1 and inst.question("q3").max == 10
    assert inst.question("q2").is_sensitive and not inst.question("q1").is_sensitive


def test_duplicate_question_id_is_reported_with_file_and_question():
    text = GOOD.replace("id: q2", "id: q1")
    result = load(text)
    assert result.instrument is None
    problem = next(p for p in result.problems if p.code == "duplicate_id")
    assert problem.file == "mini.yaml"
    assert problem.question_id == "q1"
    assert "used twice" in problem.message


def test_unknown_type_is_reported():
    result = load(GOOD.replace("type: text", "type: essay"))
    problem = next(p for p in result.problems if p.code == "unknown_type")
    assert problem.question_id == "q2"
    assert "essay" in problem.message and "single_choice" in problem.message


def test_condition_on_unknown_question_is_reported():
    result = load(GOOD.replace("{question: q1, equals: abroad}", "{question: q9, equals: abroad}"))
    problem = next(p for p in result.problems if p.code == "unknown_condition_question")
    assert problem.question_id == "q2"
    assert "'q9'" in problem.message


def test_condition_on_later_question_is_reported():
    result = load(GOOD.replace("{question: q1, equals: abroad}", "{question: q3, answered: true}"))
    assert [p.question_id for p in result.problems if p.code == "unknown_condition_question"] == ["q2"]


def test_condition_on_value_that_is_not_an_option_is_reported():
    result = load(GOOD.replace("equals: abroad}", "equals: elsewhere}"))
    problem = next(p for p in result.problems if p.code == "bad_condition")
    assert "'elsewhere'" in problem.message


def test_missing_translation_is_reported_per_text():
    result = load(GOOD.replace("text: {en: 'Why?', nl: 'Waarom?'}", "text: {en: 'Why?'}"))
    problems = [p for p in result.problems if p.code == "missing_translation"]
    assert len(problems) == 1
    assert problems[0].question_id == "q2"
    assert "'nl'" in problems[0].message


def test_scale_must_run_from_one_to_ten_and_have_labelled_ends():
    text = GOOD.replace("scale_id: overall_integration", "scale_id: overall_integration\n        max: 5")
    assert "bad_scale" in [p.code for p in load(text).problems]
    no_anchors = GOOD.split("        anchors:")[0]
    assert "bad_anchors" in [p.code for p in load(no_anchors).problems]


def test_several_problems_are_all_reported_at_once():
    text = GOOD.replace("type: text", "type: essay").replace("text: {en: 'Satisfied?', nl: 'Tevreden?'}", "text: {en: 'Satisfied?'}")
    codes = {p.code for p in load(text).problems}
    assert {"unknown_type", "missing_translation"} <= codes


def test_yaml_syntax_error_is_a_problem_not_an_exception():
    result = load("id: [unclosed\n")
    assert result.instrument is None
    assert result.problems[0].code == "not_yaml"
    assert "line" in result.problems[0].message


def test_unreadable_and_non_utf8_files(tmp_path):
    missing = load_instrument_file(tmp_path / "nope.yaml")
    assert missing.problems[0].code == "unreadable"
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title: caf\xe9".encode("latin-1"))
    assert load_instrument_file(latin).problems[0].code == "not_utf8"


def test_unknown_builtin_instrument_raises_clear_error():
    with pytest.raises(InstrumentError, match="no instrument 'nurse'"):
        get_instrument("nurse")


def test_unquoted_yes_read_as_boolean_gets_a_hint():
    text = GOOD.replace("{en: Abroad, nl: Buitenland}", "{en: Yes, nl: Ja}")
    problem = next(p for p in load(text).problems if p.code == "bad_text")
    assert "put such a text in quotes" in problem.message
