"""A late save meets a country lead's edit of a server-started interview: a conflict, shown, never an overwrite.

The form page hands the browser a base token per answer (fiit.db.answer_base); the autosave sends the
base of each answer it sends. Here the lead edits with fiit.db.capture.save_answers (as the lead's own
form does) between the interviewer's page load and the interviewer's save.
"""

from __future__ import annotations

import html
import json
import re

import pytest

from tests.capture.support import save, stored

pytestmark = pytest.mark.django_db


def page_base(client, interview) -> dict[str, str]:
    """The base tokens the form page hands the browser (its hidden #answer-base field)."""
    page = client.get(f"/interviews/{interview.uid}/edit/").content.decode()
    return json.loads(html.unescape(re.search(r'name="answer_base" value="([^"]*)"', page).group(1)))


def post(client, interview, answers, base, **extra):
    body = {"answers": answers, "base": {q: base.get(q, "") for q in answers}, **extra}
    return client.post(f"/interviews/{interview.uid}/save/", data=json.dumps(body),
                       content_type="application/json", HTTP_ACCEPT="application/json")


def lead_edits(users, interview, changes):
    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile

    result = save_answers(interview, changes, user=users["lead_be"], keyfile=current_keyfile())
    assert result.saved == sorted(changes)


def events(interview, action):
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.filter(record_id=str(interview.pk), action=action).order_by("seq"))


def test_a_leads_edit_comes_back_as_a_conflict_and_the_other_answers_are_saved(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    assert save(client, victim_nl, {"a_scale": 3, "b_scale": 4}).status_code == 200
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"a_scale": 9})

    body = post(client, victim_nl, {"a_scale": 5, "c_scale": 6}, base).json()

    assert stored(victim_nl) == {"a_scale": 9, "b_scale": 4, "c_scale": 6}  # the lead's 9 stays
    assert body["saved"] == ["c_scale"] and body["accepted"] == ["c_scale"]
    [clash] = body["conflicts"]
    assert clash["id"] == "a_scale" and clash["yours"] == 5 and clash["server"] == 9  # nothing lost
    assert clash["changed_by"] == "lead_be" and clash["changed_at"][:4].isdigit()
    assert clash["label"].startswith("A")  # the question's number and text, in the interview's language
    assert "a_scale" not in body["bases"] and set(body["bases"]) == {"c_scale"}

    # Sent again with the same payload (the answer was lost on the way): the same conflict, nothing doubled.
    changes_before = len(events(victim_nl, "change_interview"))
    again = post(client, victim_nl, {"a_scale": 5, "c_scale": 6}, base).json()
    assert again["saved"] == [] and [c["id"] for c in again["conflicts"]] == ["a_scale"]
    assert len(events(victim_nl, "change_interview")) == changes_before
    assert stored(victim_nl) == {"a_scale": 9, "b_scale": 4, "c_scale": 6}


def test_a_retried_save_is_never_a_conflict_with_its_own_first_arrival(as_user, victim_nl):
    client = as_user("interviewer_be")
    base = page_base(client, victim_nl)
    first = post(client, victim_nl, {"a_scale": 5, "a1": "Het gaat beter."}, base).json()
    assert first["saved"] == ["a1", "a_scale"] and first["conflicts"] == []
    retried = post(client, victim_nl, {"a_scale": 5, "a1": "Het gaat beter."}, base).json()
    assert retried["saved"] == [] and retried["conflicts"] == []
    assert len(events(victim_nl, "change_interview")) == 1
    assert stored(victim_nl) == {"a_scale": 5, "a1": "Het gaat beter."}
    # The next save uses the bases the first one returned: still no conflict.
    nxt = post(client, victim_nl, {"a_scale": 6}, {**base, **first["bases"]}).json()
    assert nxt["saved"] == ["a_scale"] and nxt["conflicts"] == []


def test_concurrent_edits_of_different_questions_both_survive(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    assert save(client, victim_nl, {"a_scale": 3, "b_scale": 4}).status_code == 200
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"b_scale": 8})
    body = post(client, victim_nl, {"a_scale": 7}, base).json()
    assert body["conflicts"] == [] and body["saved"] == ["a_scale"]
    assert stored(victim_nl) == {"a_scale": 7, "b_scale": 8}


def test_a_sealed_open_answer_conflicts_too_and_its_token_tells_nothing(as_user, users, victim_nl):
    from fiit.db.models import Answer

    client = as_user("interviewer_be")
    secret = "Mijn begeleider heet Jansen."
    assert save(client, victim_nl, {"a1": secret}).status_code == 200
    assert Answer.objects.get(interview=victim_nl, question_id="a1").sealed is not None  # sealed at rest
    page = client.get(f"/interviews/{victim_nl.uid}/edit/").content.decode()
    base = page_base(client, victim_nl)
    assert len(base["a1"]) == 32 and secret not in json.dumps(base)
    lead_edits(users, victim_nl, {"a1": "Door de coördinator aangevuld."})

    body = post(client, victim_nl, {"a1": secret + " Nu beter."}, base).json()
    [clash] = body["conflicts"]
    assert clash["yours"] == secret + " Nu beter." and clash["server"] == "Door de coördinator aangevuld."
    assert stored(victim_nl)["a1"] == "Door de coördinator aangevuld."
    assert secret in page  # (the form itself shows the answer to whoever may edit it)


def test_keeping_ones_own_answer_resends_it_on_the_new_base_and_is_audited_once(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"a_scale": 9, "b_scale": 2})
    [a, b] = post(client, victim_nl, {"a_scale": 5, "b_scale": 6}, base).json()["conflicts"]

    # a_scale: their own; b_scale: the lead's (nothing to send but the choice).
    choice = {"resolved": {"a_scale": "device", "b_scale": "server"}, "resolution": "3f0c2a9e-1d2b-4c5d-8e9f"}
    body = post(client, victim_nl, {"a_scale": 5}, {"a_scale": a["server_base"]}, **choice).json()
    assert body["conflicts"] == [] and body["saved"] == ["a_scale"] and body["resolved"] == ["a_scale", "b_scale"]
    assert stored(victim_nl) == {"a_scale": 5, "b_scale": 2}
    [event] = events(victim_nl, "conflict_resolved")
    assert event.actor == "interviewer_be"
    assert event.details == {"resolution": choice["resolution"], "kept_device": ["a_scale"], "kept_server": ["b_scale"]}
    assert b["server_base"] and "5" not in json.dumps(event.details["kept_device"])

    post(client, victim_nl, {"a_scale": 5}, {"a_scale": a["server_base"]}, **choice)  # retried
    assert len(events(victim_nl, "conflict_resolved")) == 1
    assert stored(victim_nl) == {"a_scale": 5, "b_scale": 2}


def test_keeping_ones_own_answer_after_yet_another_edit_is_a_conflict_again(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"a_scale": 9})
    [a] = post(client, victim_nl, {"a_scale": 5}, base).json()["conflicts"]
    lead_edits(users, victim_nl, {"a_scale": 10})
    body = post(client, victim_nl, {"a_scale": 5}, {"a_scale": a["server_base"]},
                resolved={"a_scale": "device"}, resolution="aaaaaaaa-bbbb").json()
    assert [c["server"] for c in body["conflicts"]] == [10] and body["resolved"] == []
    assert stored(victim_nl) == {"a_scale": 10} and events(victim_nl, "conflict_resolved") == []


def test_a_whole_form_posted_from_an_old_page_changes_only_what_was_changed_on_it(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    assert save(client, victim_nl, {"a_scale": 3, "b_scale": 4}).status_code == 200
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"b_scale": 8})
    form = {"q-a_scale": "3", "q-b_scale": "4", "q-c_scale": "6", "answer_base": json.dumps(base), "step": "1"}
    assert client.post(f"/interviews/{victim_nl.uid}/edit/", form).status_code == 302
    assert stored(victim_nl) == {"a_scale": 3, "b_scale": 8, "c_scale": 6}  # the lead's b_scale survives

    # Changing on that old page the answer the lead changed: shown again with a message, the lead's kept.
    lead_edits(users, victim_nl, {"a_scale": 10})
    response = client.post(f"/interviews/{victim_nl.uid}/edit/", {**form, "q-a_scale": "1"})
    assert response.status_code == 422
    assert "lead_be" in response.content.decode() and stored(victim_nl)["a_scale"] == 10
    # Sent again from that page (its base is now the server's): the interviewer's answer is kept.
    again = re.search(r'name="answer_base" value="([^"]*)"', response.content.decode()).group(1)
    assert client.post(f"/interviews/{victim_nl.uid}/edit/", {**form, "q-a_scale": "1", "q-b_scale": "8",
                                                              "answer_base": html.unescape(again)}).status_code == 302
    assert stored(victim_nl) == {"a_scale": 1, "b_scale": 8, "c_scale": 6}


def test_a_save_without_bases_is_applied_as_before(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    lead_edits(users, victim_nl, {"a_scale": 9})
    body = save(client, victim_nl, {"a_scale": 5}).json()
    assert body["saved"] == ["a_scale"] and "conflicts" not in body
    assert stored(victim_nl) == {"a_scale": 5}


def test_the_servers_value_goes_only_to_who_may_read_the_interview(users, victim_nl):
    from fiit.db.capture import SaveResult
    from fiit.db.store import instrument_of
    from fiit.web.capture.conflicts import conflict_entries

    result = SaveResult(conflicts={"a_scale": {"yours": 5, "server": 9}})
    instrument = instrument_of(victim_nl)
    [own] = conflict_entries(users["interviewer_be"], victim_nl, instrument, result)
    [other] = conflict_entries(users["interviewer_be2"], victim_nl, instrument, result)  # a colleague's victim
    assert own["server"] == 9 and "server" not in other and other["yours"] == 5


def test_base_tokens_are_bound_to_interview_and_question():
    from fiit.db.answer_base import base_token

    assert base_token("u1", "a_scale", None) == base_token("u1", "a_scale", []) == ""
    token = base_token("u1", "a_scale", 5)
    assert len(token) == 32 and token == base_token("u1", "a_scale", 5)
    assert len({token, base_token("u2", "a_scale", 5), base_token("u1", "b_scale", 5),
                base_token("u1", "a_scale", 6), base_token("u1", "a_scale", "5")}) == 5


def test_a_resolution_names_only_questions_of_the_form_and_own_answers_sent_with_it(as_user, victim_nl):
    client = as_user("interviewer_be")
    base = page_base(client, victim_nl)
    body = post(client, victim_nl, {"a_scale": 5}, base, resolution="dddddddd-0001",
                resolved={"a_scale": "device", "b_scale": "device", "c_scale": "server", "Jansen": "server"}).json()
    assert body["resolved"] == ["a_scale", "c_scale"]
    [event] = events(victim_nl, "conflict_resolved")
    assert event.details["kept_device"] == ["a_scale"] and event.details["kept_server"] == ["c_scale"]


def test_the_change_history_says_whose_answer_was_kept(as_user, users, victim_nl):
    client = as_user("interviewer_be")
    base = page_base(client, victim_nl)
    lead_edits(users, victim_nl, {"a_scale": 9, "b_scale": 2})
    [a, _b] = post(client, victim_nl, {"a_scale": 5, "b_scale": 6}, base).json()["conflicts"]
    post(client, victim_nl, {"a_scale": 5}, {"a_scale": a["server_base"]},
         resolved={"a_scale": "device", "b_scale": "server"}, resolution="c0ffee00-1234")
    lead = as_user("lead_be")
    lead.cookies["django_language"] = "nl"
    page = lead.get(f"/interviews/{victim_nl.uid}/history/").content.decode()
    entry = page[page.index("Conflict met een wijziging op de server opgelost"):]
    entry = entry[:entry.index("</li>\n    </ul>")]
    assert "interviewer_be" in entry
    assert "het eigen antwoord van de interviewer is behouden" in entry
    assert "het antwoord op de server is behouden" in entry


def test_bases_cost_no_query_on_a_save_without_conflict(as_user, victim_nl):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user("interviewer_be")
    bases = post(client, victim_nl, {"a_scale": 3}, page_base(client, victim_nl)).json()["bases"]
    with CaptureQueriesContext(connection) as without:
        assert save(client, victim_nl, {"b_scale": 2}).json()["saved"] == ["b_scale"]
    with CaptureQueriesContext(connection) as with_base:
        body = post(client, victim_nl, {"a_scale": 4}, bases).json()
    assert body["saved"] == ["a_scale"] and body["conflicts"] == []
    assert len(with_base.captured_queries) == len(without.captured_queries)
