"""Issue 14 L1: answers no question can hold are refused with a 400 in the user's language, nothing saved.

Before the fix a list holding an object or a list, or a text with a lone UTF-16
surrogate, answered 500 (the surrogate could not be sealed).
"""

from __future__ import annotations

import json

import pytest

from tests.capture.support import stored

BAD = [
    pytest.param('{"answers": {"a_scale": 6, "b2": [{"a": 1}]}}', "b2", id="object-in-a-list"),
    pytest.param('{"answers": {"a_scale": 6, "b2": [["health"]]}}', "b2", id="list-in-a-list"),
    pytest.param('{"answers": {"a_scale": 6, "a1": "fine \\ud800 text"}}', "a1", id="lone-surrogate-in-text"),
    pytest.param('{"answers": {"a_scale": 6, "b2": ["\\udfff"]}}', "b2", id="lone-surrogate-in-a-choice"),
    pytest.param('{"answers": {"a_scale": 6, "a1": {"text": "x"}}}', "a1", id="object-as-answer"),
]


@pytest.mark.parametrize("body, question", BAD)
def test_an_unstorable_answer_is_refused_in_dutch_and_nothing_is_saved(as_user, victim_nl, body, question):
    from fiit.db.models import AuditEvent

    client = as_user("interviewer_be")
    events = AuditEvent.objects.filter(action="change_interview").count()
    response = client.post(f"/interviews/{victim_nl.uid}/save/", data=body, content_type="application/json",
                           HTTP_ACCEPT="application/json", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "unstorable_answer"
    assert error["message"].startswith(f"Het antwoord dat voor vraag {question} werd verstuurd")
    assert stored(victim_nl) == {}  # a_scale, valid and earlier in the same save, was not stored either
    assert AuditEvent.objects.filter(action="change_interview").count() == events


def test_a_lone_surrogate_as_question_id_is_refused(as_user, victim_nl):
    client = as_user("interviewer_be")
    response = client.post(f"/interviews/{victim_nl.uid}/save/", data='{"answers": {"\\ud800": "x", "a_scale": 6}}',
                           content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unstorable_answer"
    assert stored(victim_nl) == {}


def test_valid_texts_lists_and_numbers_still_save(as_user, victim_nl):
    client = as_user("interviewer_be")
    body = {"answers": {"a_scale": 6, "a1": "emoji \U0001F600 and accents é", "b2": []}}
    response = client.post(f"/interviews/{victim_nl.uid}/save/", data=json.dumps(body),
                           content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert stored(victim_nl)["a1"] == "emoji \U0001F600 and accents é"
    assert stored(victim_nl)["a_scale"] == 6


@pytest.mark.parametrize("extra, answers", [
    ("", '{"a_scale": 6, "a1": "\\ud800"}'),
    (', "respondent_code": "BE-\\ud800"', '{"a_scale": 6}'),
])
def test_device_sync_refuses_an_unstorable_answer(as_user, study, users, extra, answers):
    import uuid

    from fiit.db.models import Interview

    client = as_user("interviewer_be")
    uid = str(uuid.uuid4())
    body = ('{"interview": {"uid": "%s", "instrument": "victim", "country": "BE", "language": "nl", '
            '"consent": {"research_use": true}, "answers": %s%s}}' % (uid, answers, extra))
    response = client.post("/interviews/sync/", data=body, content_type="application/json",
                           HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert not Interview.objects.filter(uid=uid).exists()
