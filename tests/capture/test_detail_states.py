"""The interview's page and ``fiit stats`` tell an interview's answer states by one rule (fiit.interviews.states)."""

from __future__ import annotations

import datetime as dt
import json
import re

from tests.support.cli import invoke

# A victim interview taken with form version 1.1.0, worked out by hand: a_scale answered, c_scale declined,
# f5 skipped by routing (asked only when f_location is "origin"; it is "abroad"), b_scale left blank, and the
# questions victim 1.2.0 added never asked (1.1.0 did not have them).
ANSWERS = {"a_scale": 6, "c_scale": "declined", "d1": "no", "d_scale": 5, "e_scale": 4, "f_location": "abroad",
           "f1": "no", "sd_gender": "female", "sd_citizenship": "third_country", "sd_exploitation": "sexual"}
BY_HAND = {"a_scale": "answered", "c_scale": "declined", "f5": "not_applicable", "b_scale": "unanswered",
           "residence_status": "not_asked", "identification_year": "not_asked", "status_route": "not_asked"}


def test_the_page_and_fiit_stats_agree_on_every_state(as_user, study, users):
    from fiit.db.keys import current_keyfile
    from fiit.db.store import create_interview
    from fiit.instruments import get_instrument_version

    old = get_instrument_version("victim", "1.1.0")
    interview = create_interview(study=study, instrument=old, country="BE", language="nl",
                                 respondent_code="BE-V-STATES", interview_date=dt.date(2026, 11, 2), answers=ANSWERS,
                                 keyfile=current_keyfile(), interviewer=users["interviewer_be"], status="final")
    page = as_user("lead_be").get(f"/interviews/{interview.uid}/")
    assert page.status_code == 200
    html = page.content.decode()
    on_page = dict(re.findall(r'<dd id="a-(\w+)" data-state="(\w+)"', html))

    stats = invoke("--key-file", str(current_keyfile().path), "stats", "--json", "--k", "1")
    assert stats.returncode == 0, stats.stderr
    counted = {}
    for row in json.loads(stats.stdout)["answer_states"]:
        if row["instrument"] == "victim" and row["country"] is None:
            [state] = [s for s in ("answered", "declined", "not_applicable", "unanswered", "not_asked") if row[s] == 1]
            counted[row["question_id"]] = state

    for question_id, state in BY_HAND.items():
        assert on_page[question_id] == counted[question_id] == state, question_id
    assert set(counted) <= set(on_page)  # the page shows every question the statistics count ...
    assert {q: on_page[q] for q in counted} == counted  # ... each in the same state
    assert set(on_page.values()) == {"answered", "declined", "not_applicable", "unanswered", "not_asked"}
    # the questions 1.2.0 added are listed apart, under "Niet gevraagd"-style labels in the reader's language
    assert 'id="s-not-asked"' in html and "version 1.1.0" in html
    assert 'id="a-residence_status" data-state="not_asked"><span class="subtle answer-state-not-asked"' in html
