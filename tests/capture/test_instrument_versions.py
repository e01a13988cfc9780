"""Victim instrument 1.2.0 in the web form, and an interview taken with 1.1.0 that still opens (issue 12)."""

from __future__ import annotations

import datetime as dt

import pytest

from fiit.instruments import get_instrument, get_instrument_version
from tests.capture.support import COMPLETE_VICTIM, save, stored
from tests.web.html import text

pytestmark = pytest.mark.django_db


def test_a_new_interview_asks_the_status_questions_in_the_interview_language(as_user, victim_nl):
    assert victim_nl.instrument.version == "1.2.0"
    client = as_user("interviewer_be")
    client.cookies["django_language"] = "nl"
    sections = [s.id for s in get_instrument("victim").sections]
    html = client.get(f"/interviews/{victim_nl.uid}/edit/?step={sections.index('g') + 1}").content.decode()
    assert "Wat is vandaag uw verblijfsstatus in dit land?" in text(html)
    assert "Verblijfsvergunning voor slachtoffers van mensenhandel" in text(html)  # the vocabulary's label
    assert html.count('name="q-residence_status"') == 8
    assert 'name="q-status_route"' in html and "data-relevant=" in html


def test_the_route_follows_the_status_like_every_other_condition(as_user, victim_nl):
    client = as_user("interviewer_be")
    body = save(client, victim_nl, {"residence_status": "victim_permit", "status_route": "victim_procedure",
                                    "identification_year": 2011, "sd_exploitation_forms": ["labour", "organ_removal"],
                                    "sd_profession": "Kok."}).json()
    assert body["rejected"] == {}
    assert stored(victim_nl) == {"residence_status": "victim_permit", "status_route": "victim_procedure",
                                 "identification_year": 2011, "sd_exploitation_forms": ["labour", "organ_removal"],
                                 "sd_profession": "Kok."}
    save(client, victim_nl, {"residence_status": "national"})  # a national obtained no status: no route
    assert "status_route" not in stored(victim_nl)
    rejected = save(client, victim_nl, {"identification_year": 1850}).json()["rejected"]
    assert list(rejected) == ["identification_year"]


def test_an_interview_on_1_1_0_still_opens_with_its_own_questions(as_user, study, users):
    from fiit.db.keys import current_keyfile
    from fiit.db.store import create_interview

    old = get_instrument_version("victim", "1.1.0")
    answers = {**COMPLETE_VICTIM, "a1": "Het ging stap voor stap.", "b2": ["housing", "legal_advice"]}
    interview = create_interview(study=study, instrument=old, country="BE", language="nl", respondent_code="BE-V-OLD01",
                                 interview_date=dt.date(2012, 10, 3), answers=answers, keyfile=current_keyfile(),
                                 interviewer=users["interviewer_be"], status="final",
                                 consent={"research_use": True, "quotes": False, "follow_up": False,
                                          "text_version": "1.0", "recorded_by_user": users["interviewer_be"],
                                          "recorded_at": "2012-10-03T10:00:00+00:00"})
    assert interview.instrument.key == "victim@1.1.0"
    assert stored(interview) == answers  # sealed under 1.1.0, opened under 1.1.0
    client = as_user("lead_be")
    client.cookies["django_language"] = "nl"
    page = client.get(f"/interviews/{interview.uid}/")
    assert page.status_code == 200
    body = text(page.content.decode())
    assert "Het ging stap voor stap." in body
    assert old.question("sd_exploitation").option("sexual").label["nl"] in body
    # 1.1.0 never asked it: it is not among the interview's answers, only listed apart as not asked
    html = page.content.decode()
    answered_part, not_asked_part = html.split('id="s-not-asked"')
    assert "Wat is vandaag uw verblijfsstatus in dit land?" not in text(answered_part)
    assert "Wat is vandaag uw verblijfsstatus in dit land?" in text(not_asked_part)
    assert 'id="a-residence_status" data-state="not_asked"' in not_asked_part
    # editing it keeps the version it was taken with
    lead = save(client, interview, {"a1": "Tweede versie."}, reason="typfout")
    assert lead.status_code == 200, lead.content
    interview.refresh_from_db()
    assert interview.instrument.version == "1.1.0" and stored(interview)["a1"] == "Tweede versie."
