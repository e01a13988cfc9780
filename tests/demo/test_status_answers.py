"""The demo on two victim instrument versions, and its answers to the 1.2.0 status questions."""

from collections import Counter

import pytest

from fiit.demo import generate_demo_study
from fiit.demo.design import VICTIM_CURRENT_FROM, VICTIM_EARLIER_VERSION
from fiit.instruments import get_instrument, get_instrument_version, validate_answers

NEW_QUESTIONS = {"residence_status", "status_route", "identification_year", "sd_exploitation_forms",
                 "sd_exploitation_from", "sd_exploitation_to", "sd_profession"}


@pytest.fixture(scope="module")
def victims():
    return generate_demo_study().interviews_for("victim")


def test_victims_before_the_change_were_asked_the_earlier_version(victims):
    current = get_instrument("victim").version
    assert current == "1.2.0" and VICTIM_EARLIER_VERSION == "1.1.0"
    versions = Counter(v.instrument_version for v in victims)
    assert set(versions) == {"1.1.0", "1.2.0"}
    assert versions["1.1.0"] >= 5 and versions["1.2.0"] >= 30  # both paths exercised, most on the new one
    for v in victims:
        assert v.instrument_version == ("1.1.0" if v.interview_date < VICTIM_CURRENT_FROM else "1.2.0")


def test_each_interview_passes_its_own_version_and_old_ones_hold_no_new_answer(victims):
    assert not NEW_QUESTIONS & set(get_instrument_version("victim", "1.1.0").question_ids())
    assert NEW_QUESTIONS <= set(get_instrument("victim").question_ids())
    for v in victims:
        report = validate_answers(get_instrument_version("victim", v.instrument_version), v.answers, country=v.country)
        assert report.errors == [], [str(p) for p in report.errors]
        if v.instrument_version == "1.1.0":
            assert not NEW_QUESTIONS & set(v.answers)


def test_status_answers_agree_with_citizenship_and_the_calendar(victims):
    new = [v for v in victims if v.instrument_version == "1.2.0"]
    asked = [v for v in new if "residence_status" in v.answers]
    assert len(asked) >= 30
    for v in asked:
        a = v.answers
        if a["sd_citizenship"] == "national":
            assert a["residence_status"] == "national" and "status_route" not in a
        if a["residence_status"] in ("national", "none", "dont_know"):
            assert "status_route" not in a
        if a["residence_status"] == "victim_permit":
            assert a.get("status_route") in (None, "victim_procedure")
    for v in new:
        a = v.answers
        if "identification_year" in a:
            assert v.interview_date.year - 6 <= a["identification_year"] <= v.interview_date.year
        if "sd_exploitation_from" in a and "sd_exploitation_to" in a:
            assert a["sd_exploitation_from"] <= a["sd_exploitation_to"]
        if "sd_exploitation_forms" in a and a.get("sd_exploitation") not in (None, "declined"):
            assert a["sd_exploitation"] in a["sd_exploitation_forms"]
    statuses = Counter(v.answers["residence_status"] for v in asked)
    assert len(statuses) >= 4  # a spread, not one answer for everyone


def test_the_helpline_is_offered_everywhere_but_ticked_mostly_where_the_fiit_report_found_it():
    study = generate_demo_study()
    providers = study.interviews_for("service_provider")
    ticked = {inside: [("helpline" in p.answers.get("q11", [])) for p in providers if (p.country in ("HU", "IT")) == inside]
              for inside in (True, False)}
    assert sum(ticked[True]) / len(ticked[True]) > 0.5
    assert sum(ticked[False]) / len(ticked[False]) < 0.3
