"""``allows`` (the follow-up questions a page asks about an interview it has read) and ``allowing_rows``
(the same on a list page's plain rows) answer exactly what the query of ``interviews_for`` answers, for
every role, every action and every kind of interview.

The pages ask ``allows`` instead of one query per question (issue 16); the query stays the reference:
each answer here is compared with ``interviews_for(user, action).filter(pk=...).exists()``.
"""

from __future__ import annotations

import datetime as dt

import pytest

from fiit.db.access import ACTIONS, allowing_rows, allows, interviews_for, remember_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def interviews(world, keyfile):
    """The world's four interviews, plus one imported without an interviewer (BE, victim)."""
    from fiit.db.models import Study
    from fiit.db.store import create_interview
    from fiit.instruments import get_instrument

    imported = create_interview(study=Study.objects.get(name="Matrix study"), instrument=get_instrument("victim"),
                                country="BE", language="en", respondent_code="V-imported",
                                interview_date=dt.date(2013, 1, 2), answers={}, keyfile=keyfile, interviewer=None)
    return {**world.interviews, "imported": imported}


def test_allows_answers_as_the_query_does(world, interviews):
    from django.contrib.auth import get_user_model

    from fiit.db.models import Interview

    compared = disagreements = 0
    allowed_somewhere = set()
    for username in world.users:
        user = get_user_model().objects.get(username=username)  # as a request loads it
        remember_profile(user)
        for key, interview in interviews.items():
            row = Interview.objects.select_related("instrument").get(pk=interview.pk)  # as a page reads it
            for action in ACTIONS:
                expected = interviews_for(user, action).filter(pk=row.pk).exists()
                got = allows(user, action, row)
                listed = allowing_rows(user, action)(row.country_id, row.interviewer_id, row.instrument.instrument_id)
                compared += 1
                if got != expected or listed != expected:
                    disagreements += 1
                    print(f"{username} {action} {key}: allows says {got}, allowing_rows {listed}, the query {expected}")
                if expected:
                    allowed_somewhere.add((username, action, key))
    assert disagreements == 0
    assert compared == len(world.users) * len(interviews) * len(ACTIONS)
    # The comparison covered both answers for each scope: an interviewer reaches their own victim interview and
    # a colleague's policymaker interview, not a colleague's victim interview; the limited analyst BE, not IT.
    view = "view_interview"
    assert {("int_be", view, "own"), ("int_be", view, "colleague_policymaker"), ("analyst_be_fr", view, "own"),
            ("lead_be", "edit_final_interview", "imported")} <= allowed_somewhere
    assert not {("int_be", view, "colleague"), ("int_be", view, "imported"), ("analyst_be_fr", view, "other"),
                ("int_be", "view_identifying", "colleague_policymaker"), ("viewer", view, "own")} & allowed_somewhere


def test_allows_refuses_an_interview_not_yet_stored(world):
    from fiit.db.models import Interview

    unsaved = Interview(country_id="BE", interviewer=world.users["int_be"])
    assert allows(world.users["coordinator"], "view_interview", unsaved) is False
