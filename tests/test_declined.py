"""A recorded "declined to answer" (fiit.instruments.DECLINED): every question of every instrument can be declined."""

from __future__ import annotations

import pandas as pd
import pytest

from fiit.instruments import DECLINED, get_instrument, load_instrument_data, validate_answers
from fiit.instruments.conditions import compile_condition, evaluate
from fiit.problems.catalogue import catalogue
from fiit.vocabulary import vocabulary

LANGUAGES = vocabulary().language_codes
MESSAGES = catalogue()

COMPLETE = {
    "a_scale": 6, "b_scale": 7, "c_scale": 8, "d1": "no", "d_scale": 5, "e_scale": 4,
    "f_location": "abroad", "f1": "no",
    "sd_gender": "female", "sd_citizenship": "third_country", "sd_exploitation": "sexual",
}
DECLINABLE = {"a_scale", "b_scale", "c_scale", "d_scale", "e_scale", "f_scale", "f_location",
              "sd_citizenship", "sd_exploitation"}


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.mark.parametrize("instrument_id", ["victim", "service_provider", "policymaker"])
def test_every_question_of_every_instrument_is_declinable(instrument_id):
    instrument = get_instrument(instrument_id)
    assert all(q.declinable for q in instrument.questions())
    assert all(q.is_declined(DECLINED) for q in instrument.questions())


@pytest.mark.parametrize("qid", sorted(DECLINABLE - {"f_scale", "f_location"}))
def test_declined_satisfies_a_required_declinable_question(victim, qid):
    assert validate_answers(victim, {**COMPLETE, qid: DECLINED}).valid


def test_declined_location_makes_no_location_condition_hold(victim):
    answers = {**COMPLETE, "f_location": DECLINED}
    del answers["f1"]
    assert validate_answers(victim, answers).valid  # f1 (abroad) and f_scale (origin) do not apply
    assert not validate_answers(victim, {**answers, "f1": "no"}).valid
    for cond in ({"question": "f_location", "equals": "abroad"}, {"question": "f_location", "includes": "abroad"}):
        assert evaluate(cond, answers) is False and compile_condition(cond)(answers) is False


@pytest.mark.parametrize("qid", ["sd_gender", "sd_age", "sd_education", "a1", "f1"])
def test_declined_is_accepted_for_any_question(victim, qid):
    """The old rule refused it for sd_gender and sd_age: now every question takes it."""
    answers = {**COMPLETE, qid: DECLINED}
    if qid == "f1":
        answers["f_location"] = "abroad"
    assert validate_answers(victim, answers).valid


def test_a_declinable_flag_is_read_but_false_and_a_declined_option_are_refused():
    def inst(options=("declined",), **extra):
        q = {"id": "q1", "type": "single_choice", "text": {"en": "Q", "nl": "V"},
             "options": [{"value": v, "label": {"en": "x", "nl": "x"}} for v in options], **extra}
        return load_instrument_data({"id": "t", "version": "1.0.0", "languages": ["en", "nl"],
                                     "title": {"en": "T", "nl": "T"},
                                     "sections": [{"id": "s", "title": {"en": "S", "nl": "S"}, "questions": [q]}]})
    assert inst(options=("yes",)).valid and inst(options=("yes",), declinable=True).valid  # stored 1.1.0 files
    assert inst(options=("yes",)).instrument.question("q1").declinable
    assert [p.code for p in inst().problems] == ["bad_option"]
    assert [p.code for p in inst(options=("yes",), declinable=False).problems] == ["bad_flag"]
    assert [p.code for p in inst(options=("yes",), declinable="yes").problems] == ["bad_flag"]


# -- analysis -----------------------------------------------------------------------------

def test_a_declined_answer_gives_the_same_statistics_as_a_missing_one():
    from fiit.analysis import scale_statistics
    from fiit.analysis.counts import count_tables
    from fiit.analysis.groups import as_floats, COUNT_GROUPINGS
    from fiit.analysis.scales import answers

    rows = []
    for i in range(12):
        rows.append({"interview": i + 1, "country": "BE" if i % 2 else "IT", "sd_gender": "female",
                     "sd_citizenship": "third_country" if i % 3 else "eu_other", "sd_exploitation": "sexual",
                     "sd_age": 30, **{s: (i % 10) + 1 for s in ("a_scale", "b_scale", "c_scale",
                                                                 "d_scale", "e_scale", "f_scale")}})
    missing = pd.DataFrame(rows).astype(object)
    declined = missing.copy()
    for col, idx in (("a_scale", [0, 3, 5]), ("f_scale", [1]), ("sd_citizenship", [2, 7]),
                     ("sd_exploitation", [4])):
        missing.loc[idx, col] = None
        declined.loc[idx, col] = DECLINED
    assert list(answers(declined["a_scale"])) == list(answers(missing["a_scale"]))
    assert pd.Series(as_floats(declined, "a_scale")).equals(pd.Series(as_floats(missing, "a_scale")))
    assert scale_statistics(declined, n_boot=200) == scale_statistics(missing, n_boot=200)
    for grouping in COUNT_GROUPINGS:
        assert grouping.category_of(DECLINED) is None
    assert count_tables({"victim": declined}) == count_tables({"victim": missing})


# -- interop ------------------------------------------------------------------------------

def test_the_import_accepts_declined_for_a_declinable_question(tmp_path, victim):
    from tests.interop.samples import sample_submissions
    from tests.interop.support import edited_export, import_with_list

    submissions = list(sample_submissions(victim, 3, seed=21, countries=("IT",)))

    def edit(header, rows):
        rows[1]["a/a_scale"] = DECLINED

    report, store = import_with_list(edited_export(tmp_path, victim, submissions, edit), victim)
    assert report.imported == 3 and report.rejected_rows == 0
    assert store.stored[1].answers["a_scale"] == DECLINED


def test_the_data_package_tells_a_declined_answer_from_an_unanswered_one(victim):
    from fiit.interop.opendata.datapackage import InterviewRecord, build_table
    from tests.interop.samples import sample_submissions

    subs = list(sample_submissions(victim, 40, seed=1, countries=("BE", "FR")))
    plain = build_table(victim, [InterviewRecord(s.country, s.answers) for s in subs], ["BE", "FR"])
    gone = [InterviewRecord(s.country, {k: v for k, v in s.answers.items() if k != "a_scale"}) for s in subs]
    declined = [InterviewRecord(s.country, {**s.answers, "a_scale": DECLINED}) for s in subs]
    gone_rows = build_table(victim, gone, ["BE", "FR"]).rows
    declined_rows = build_table(victim, declined, ["BE", "FR"]).rows
    assert all(row.get("a_scale") is None for row in gone_rows)  # unanswered: the empty cell
    assert all(row.get("a_scale") == "declined" for row in declined_rows)
    assert [{**r, "a_scale": None} for r in declined_rows] == gone_rows  # nothing else changes
    assert any(isinstance(row.get("a_scale"), int) for row in plain.rows)
