"""The five answer states of a question, on interviews written out by hand (issue 13 item 5)."""

from __future__ import annotations

import pandas as pd
import pytest

from fiit.instruments import DECLINED, get_instrument
from fiit.interviews.states import STATES, answer_state, answer_states, state_columns
from fiit.vocabulary import vocabulary


@pytest.fixture(scope="module")
def victim():
    return get_instrument("victim")


@pytest.fixture(scope="module")
def provider():
    return get_instrument("service_provider")


def test_the_states_are_the_vocabularys_in_its_order():
    assert STATES == tuple(s.code for s in vocabulary().answer_states)
    assert STATES == ("answered", "declined", "not_applicable", "unanswered", "not_asked")


def test_one_victim_interview_by_hand(victim):
    # d1 = yes: d2 and d3 apply (relevant: d1 = yes), d4 does not (d1 = no).
    # f_location = origin: f_scale applies; f1 (abroad only) does not.
    answers = {"a_scale": DECLINED, "d1": "yes", "d2": "slowly", "f_location": "origin", "f_scale": 4,
               "sd_gender": "female", "sd_age": pd.NA, "sd_citizenship": None}
    asked = {q.id for q in victim.questions()} - {"sd_education"}  # an older form without it
    states = answer_states(victim, answers, asked=asked)
    assert set(states) == {q.id for q in victim.questions()}
    expected = {"a_scale": "declined", "b_scale": "unanswered", "d1": "answered", "d2": "answered",
                "d3": "unanswered", "d4": "not_applicable", "f_location": "answered", "f1": "not_applicable",
                "f_scale": "answered", "sd_gender": "answered", "sd_age": "unanswered",
                "sd_citizenship": "unanswered", "sd_education": "not_asked"}
    assert {q: states[q] for q in expected} == expected


def test_a_declined_router_makes_what_it_routes_to_not_applicable(victim):
    # f_scale applies when f_location = origin or f2 = yes; f_location declined: neither holds.
    states = answer_states(victim, {"f_location": DECLINED})
    assert states["f_location"] == "declined"
    assert states["f1"] == states["f_scale"] == "not_applicable"


def test_a_ranking_of_declined_choices_is_not_applicable(provider):
    # q12 ranks what q11 ticked (relevant: q11 answered): nothing to rank once q11 is declined.
    assert answer_states(provider, {"q11": DECLINED}, questions=["q11", "q12"]) == {
        "q11": "declined", "q12": "not_applicable"}
    assert answer_states(provider, {"q11": ["housing"]}, questions=["q12"]) == {"q12": "unanswered"}


def test_not_asked_wins_over_not_applicable():
    assert answer_state(None, applicable=False, asked=False) == "not_asked"
    assert answer_state(DECLINED, applicable=True, asked=False) == "not_asked"
    assert answer_state(DECLINED, applicable=False) == "not_applicable"
    assert answer_state([], applicable=True) == "unanswered"
    assert answer_state(float("nan"), applicable=True) == "unanswered"
    assert answer_state(0, applicable=True) == "answered"


@pytest.mark.parametrize("instrument_id", ["victim", "service_provider", "policymaker"])
def test_by_column_equals_row_by_row(instrument_id):
    from tests.interop.samples import sample_submissions

    instrument = get_instrument(instrument_id)
    answers = [s.answers for s in sample_submissions(instrument, 80, seed=9, decline=0.2)]
    ids = [q.id for q in instrument.questions()]
    asked = [None if i % 3 else frozenset(ids[::2]) for i in range(len(answers))]
    columns = {q: [a.get(q) for a in answers] for q in ids}
    by_column = state_columns(instrument, columns, asked, ids)
    for i, a in enumerate(answers):
        row = answer_states(instrument, a, asked=asked[i])
        assert {q: by_column[q][i] for q in ids} == row
    assert {s for column in by_column.values() for s in column} == set(STATES)


def test_an_interview_s_states_are_judged_by_the_current_version_with_its_own_questions_asked():
    """What the interview's page shows: fiit stats' rule (current routing, the recorded form's questions)."""
    from fiit.instruments import get_instrument, get_instrument_version
    from fiit.interviews.states import interview_states

    old, new = get_instrument_version("victim", "1.1.0"), get_instrument("victim")
    answers = {"a_scale": 6, "c_scale": "declined", "f_location": "abroad"}
    states = interview_states(old, new, answers)
    assert set(states) == set(new.question_ids())
    # by hand: 1.2.0 added these seven; f5 is asked only when f_location is "origin"
    added = {"residence_status", "status_route", "identification_year", "sd_exploitation_forms",
             "sd_exploitation_from", "sd_exploitation_to", "sd_profession"}
    assert {q for q, s in states.items() if s == "not_asked"} == added
    assert (states["a_scale"], states["c_scale"], states["f5"], states["b_scale"]) == (
        "answered", "declined", "not_applicable", "unanswered")
    assert interview_states(new, new, answers) == answer_states(new, answers)
