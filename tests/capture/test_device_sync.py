"""Interviews made on a device offline, arriving through /interviews/sync/: idempotent, scoped, conflicts kept."""

from __future__ import annotations

import json
import uuid

import pytest

from tests.capture.support import COMPLETE_VICTIM, stored


def payload(uid, answers, **extra):
    body = {
        "uid": str(uid), "instrument": "victim", "country": "BE", "language": "nl",
        "respondent_code": "BE-V-ABCDEF", "interview_date": "2026-11-30",
        "consent": {"research_use": True, "quotes": False, "follow_up": True}, "answers": answers,
    }
    body.update(extra)
    return body


def sync(client, body):
    return client.post("/interviews/sync/", data=json.dumps({"interview": body}), content_type="application/json",
                       HTTP_ACCEPT="application/json")


def audit_actions(interview_pk):
    from fiit.db.models import AuditEvent

    return [e.action for e in AuditEvent.objects.filter(record_type="interview", record_id=str(interview_pk))]


def test_an_offline_interview_arrives_once_however_often_it_is_sent(as_user, users):
    from fiit.db.models import Interview

    client = as_user("interviewer_be")
    uid = uuid.uuid4()
    body = payload(uid, COMPLETE_VICTIM, finalise=True)
    first = sync(client, body)
    assert first.status_code == 200, first.content
    assert first.json()["state"] == "synced" and first.json()["status"] == "final" and first.json()["created"]
    for _ in range(2):  # the response was lost: the device sends the same interview again
        again = sync(client, body)
        assert again.status_code == 200 and again.json()["state"] == "synced" and not again.json()["created"]
    interview = Interview.objects.get(uid=uid)
    assert Interview.objects.count() == 1
    assert interview.respondent_code == "BE-V-ABCDEF" and str(interview.interview_date) == "2026-11-30"
    assert interview.interviewer == users["interviewer_be"] and interview.status == "final"
    assert interview.consent_research_use and interview.consent_follow_up and not interview.consent_quotes
    assert stored(interview) == COMPLETE_VICTIM
    actions = audit_actions(interview.pk)
    assert actions.count("create_interview") == 1 and actions.count("finalise_interview") == 1
    assert actions.count("consent_recorded") == 1 and actions.count("change_interview") == 1


def test_a_taken_respondent_code_is_replaced_and_said(as_user, victim_nl):
    client = as_user("interviewer_be")
    response = sync(client, payload(uuid.uuid4(), {"a_scale": 3}, respondent_code=victim_nl.respondent_code))
    assert response.status_code == 200
    code = response.json()["respondent_code"]
    assert code != victim_nl.respondent_code and code.startswith("BE-V-") and len(code) == len("BE-V-ABCDEF")


def test_a_country_leads_edit_meanwhile_is_a_conflict_not_an_overwrite(as_user, client, users):
    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview

    device = as_user("interviewer_be")
    uid = uuid.uuid4()
    first = sync(device, payload(uid, {"a_scale": 3})).json()
    interview = Interview.objects.get(uid=uid)
    save_answers(interview, {"a_scale": 9}, user=users["lead_be"], keyfile=current_keyfile())
    # The device changed a_scale too, still based on the first version.
    clash = sync(device, payload(uid, {"a_scale": 4, "b_scale": 2}, base_version=first["version"])).json()
    assert clash["state"] == "conflict" and clash["server_answers"] == {"a_scale": 9}
    assert stored(interview) == {"a_scale": 9}  # nothing overwritten
    # The interviewer keeps the lead's a_scale and their own b_scale, based on the new version.
    resolved = sync(device, payload(uid, {"a_scale": 9, "b_scale": 2}, base_version=clash["version"])).json()
    assert resolved["state"] == "synced"
    assert stored(interview) == {"a_scale": 9, "b_scale": 2}


def test_finalising_an_incomplete_interview_is_refused_with_the_reasons(as_user):
    from fiit.db.models import Interview

    uid = uuid.uuid4()
    out = sync(as_user("interviewer_be"), payload(uid, {"a_scale": 3}, finalise=True)).json()
    assert out["state"] == "needs_review" and out["status"] == "draft"
    assert "sd_gender" in out["finalise_errors"]
    assert Interview.objects.get(uid=uid).status == "draft"


@pytest.mark.parametrize("who", ["interviewer_fr", "viewer", "analyst"])
def test_others_cannot_sync_into_belgium(as_user, who):
    from fiit.db.models import Interview

    response = sync(as_user(who), payload(uuid.uuid4(), {"a_scale": 3}))
    assert response.status_code == 403
    assert set(response.json()["error"]) == {"status", "code", "message"}
    assert Interview.objects.count() == 0


def test_another_interviewer_cannot_overwrite_by_reusing_an_id(as_user, victim_nl):
    response = sync(as_user("interviewer_be2"), payload(victim_nl.uid, {"a_scale": 1}))
    assert response.status_code == 403
    assert stored(victim_nl) == {}


def test_no_consent_no_interview(as_user):
    from fiit.db.models import Interview

    body = payload(uuid.uuid4(), {"a_scale": 3}, consent={"research_use": False})
    response = sync(as_user("interviewer_be"), body)
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_consent"
    assert Interview.objects.count() == 0


def test_malformed_bodies_get_the_one_error_shape(as_user):
    client = as_user("interviewer_be")
    for raw in ("nonsense", json.dumps({"interview": {"uid": "not-a-uuid", "instrument": "victim"}}),
                json.dumps({"interview": payload(uuid.uuid4(), ["a list"])})):
        response = client.post("/interviews/sync/", data=raw, content_type="application/json")
        assert response.status_code == 400 and set(response.json()["error"]) == {"status", "code", "message"}


def test_the_service_worker_is_served_at_the_root_with_its_scope(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response["Service-Worker-Allowed"] == "/"
    assert response["Content-Type"].startswith("text/javascript")
    manifest = client.get("/manifest.webmanifest").json()
    assert manifest["start_url"] == "/interviews/field/" and manifest["scope"] == "/"


def test_the_offline_pages_hold_no_answer(as_user, victim_nl):
    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile

    save_answers(victim_nl, {"a1": "CANARY-offline-page"}, user=victim_nl.interviewer, keyfile=current_keyfile())
    client = as_user("interviewer_be")
    urls = client.get("/interviews/field/precache.json").json()["urls"]
    assert "/interviews/field/victim/BE/nl/" in urls and "/interviews/field/victim/FR/nl/" not in urls
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response) if response.streaming else response.content
        assert b"CANARY-offline-page" not in body and victim_nl.respondent_code.encode() not in body
    assert client.get("/interviews/field/victim/FR/nl/").status_code == 404


# ---------------------------------------------------------------- finalise once, at the end (online form)

def test_the_review_page_lists_unanswered_declined_and_not_applicable_apart(as_user, victim_nl):
    from tests.capture.support import save

    client = as_user("interviewer_be")
    save(client, victim_nl, {**COMPLETE_VICTIM, "c_scale": "declined", "a_scale": None})
    page = client.get(f"/interviews/{victim_nl.uid}/review/")
    review = page.context
    assert [e.id for e in review["declined"]] == ["c_scale"]
    unanswered = [e.id for e in review["unanswered"]]
    assert "a_scale" in unanswered and "d2" not in unanswered  # d2 applies only when d1 is "yes"
    assert [e.id for e in review["errors"]] == ["a_scale"]


def test_finalising_from_the_review_needs_a_confirmation_and_a_reload_is_no_error(as_user, victim_nl):
    from tests.capture.support import save

    client = as_user("interviewer_be")
    save(client, victim_nl, COMPLETE_VICTIM)
    refused = client.post(f"/interviews/{victim_nl.uid}/finalise/", {"from_review": "1"})
    assert refused.status_code == 422 and 'id="confirm-error"' in refused.content.decode()
    assert client.get(f"/interviews/{victim_nl.uid}/finalise/")["Location"] == f"/interviews/{victim_nl.uid}/review/"
    done = client.post(f"/interviews/{victim_nl.uid}/finalise/", {"from_review": "1", "confirm": "1"}, follow=True)
    assert done.status_code == 200 and 'id="next-interview"' in done.content.decode()
    victim_nl.refresh_from_db()
    assert victim_nl.status == "final"


def test_a_failed_finalise_from_the_review_comes_back_to_it(as_user, victim_nl):
    client = as_user("interviewer_be")
    response = client.post(f"/interviews/{victim_nl.uid}/finalise/", {"from_review": "1", "confirm": "1"})
    assert response.status_code == 422 and response.templates[0].name == "fiit/capture/review.html"
    assert 'id="finalise-errors"' in response.content.decode()


def test_new_interview_preselects_no_instrument(as_user):
    page = as_user("interviewer_be").get("/interviews/new/").content.decode()
    assert '<option value="" selected>' in page


def test_the_detail_page_tells_declined_not_applicable_and_unanswered_apart(as_user, victim_nl):
    from tests.capture.support import save

    client = as_user("interviewer_be")
    save(client, victim_nl, {"d1": "no", "c_scale": "declined"})
    html = client.get(f"/interviews/{victim_nl.uid}/").content.decode()
    # d2 is asked only when d1 is "yes": skipped by routing; c_scale declined; a_scale simply unanswered.
    assert 'id="a-d2" data-state="not_applicable"><span class="subtle answer-state-not-applicable"' in html
    assert 'id="a-c_scale" data-state="declined"><span class="subtle answer-state-declined"' in html
    assert 'id="a-a_scale" data-state="unanswered"><span class="subtle answer-state-unanswered" lang="en">no answer' in html


# ---------------------------------------------------------------- change history

def test_the_change_history_lists_an_edit_with_its_reason_and_old_and_new(as_user, victim_nl):
    from tests.capture.support import save

    interviewer = as_user("interviewer_be")
    save(interviewer, victim_nl, {**COMPLETE_VICTIM, "a1": "Eerste versie."})
    interviewer.post(f"/interviews/{victim_nl.uid}/finalise/")
    lead = as_user("lead_be")
    assert save(lead, victim_nl, {"a_scale": 2, "a1": "Tweede versie.", "f_location": "origin"},
                reason="Overgenomen van papier").status_code == 200
    page = lead.get(f"/interviews/{victim_nl.uid}/history/")
    html = page.content.decode()
    [edit] = [e for e in page.context["entries"] if e.after_final]
    assert edit.actor == "lead_be" and edit.reason == "Overgenomen van papier"
    by_old_new = {(line.old, line.new) for line in edit.lines if not line.sealed}
    assert ("6", "2") in by_old_new  # a scale: the numbers
    # Choices by their labels in the interview's language; f1 no longer applies, so its answer went.
    assert ("In een ander land dan mijn land van herkomst", "In mijn land van herkomst") in by_old_new
    assert ("Nee", "no answer") in by_old_new
    assert [line.sealed for line in edit.lines].count(True) == 1  # a1: named, its text never shown
    assert "Tweede" not in html and "Eerste" not in html and "Overgenomen van papier" in html
    labels = [e.label for e in page.context["entries"]]
    assert labels[:3] == ["Interview started", "Consent recorded", "Answers changed"]
    assert "Interview finalised" in labels


@pytest.mark.parametrize("who,status", [("viewer", 403), ("lead_fr", 404), ("interviewer_be", 403), ("analyst", 403)])
def test_the_change_history_is_closed_to_others(as_user, victim_nl, who, status):
    assert as_user(who).get(f"/interviews/{victim_nl.uid}/history/").status_code == status


def test_the_interview_list_filters_and_searches_by_code(as_user, study, users):
    from tests.capture.support import make_interview

    a = make_interview(study, users["interviewer_be"], "victim", "BE", "nl")
    b = make_interview(study, users["interviewer_be2"], "policymaker", "BE", "nl")
    b.status = "final"
    b.save(update_fields=["status"])
    lead = as_user("lead_be")

    def listed(query):
        return {row["pk"] for row in lead.get("/interviews/?" + query).context["rows"]}

    assert listed("") == {a.pk, b.pk}
    assert listed("status=final") == {b.pk} and listed("status=draft") == {a.pk}
    assert listed("instrument=victim") == {a.pk} and listed("interviewer=interviewer_be2") == {b.pk}
    assert listed("code=" + a.respondent_code[-4:].lower()) == {a.pk}
    assert listed("date_from=2999-01-01") == set() and listed("date_to=not-a-date") == {a.pk, b.pk}
    # An interviewer searching another's victim code finds nothing (codes are searched only where seen).
    other = as_user("interviewer_be2")
    assert {r["pk"] for r in other.get("/interviews/?code=" + a.respondent_code).context["rows"]} == set()
    # the "arrived through" options in the interface language (product names as they are)
    lead.cookies["django_language"] = "nl"
    html = lead.get("/interviews/").content.decode()
    assert '<option value="web">Webformulier</option>' in html and '<option value="demo">Demogenerator</option>' in html
    assert '<option value="kobo">KoboToolbox</option>' in html


def test_the_interview_list_shows_and_filters_where_each_interview_stands_against_the_device(as_user, users,
                                                                                             victim_nl):
    """Entered on the server / as a device last synced it / edited on the server since (with the sync time)."""
    import re

    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview

    device = as_user("interviewer_be")
    synced_uid, edited_uid = uuid.uuid4(), uuid.uuid4()
    assert sync(device, payload(synced_uid, {"a_scale": 3}, respondent_code="BE-V-SYNCED")).status_code == 200
    assert sync(device, payload(edited_uid, {"a_scale": 4}, respondent_code="BE-V-EDITED")).status_code == 200
    edited = Interview.objects.get(uid=edited_uid)
    synced_at = edited.device_synced_at
    assert synced_at == edited.updated_at
    save_answers(edited, {"a_scale": 8}, user=users["lead_be"], keyfile=current_keyfile())  # on the server

    lead = as_user("lead_be")

    def states(query=""):
        html = lead.get("/interviews/" + query).content.decode()
        return dict(re.findall(r'<td>(BE-V-\w+)</td>.*?data-sync="(\w+)"', html, flags=re.S))

    everything = states()
    assert everything[victim_nl.respondent_code] == "server"
    assert everything["BE-V-SYNCED"] == "device" and everything["BE-V-EDITED"] == "edited"
    page = lead.get("/interviews/").content.decode()
    assert f"{synced_at:%Y-%m-%d %H:%M}" in page  # when the device last synced it
    assert states("?sync=server") == {victim_nl.respondent_code: "server"}
    assert states("?sync=device") == {"BE-V-SYNCED": "device"}
    assert states("?sync=edited") == {"BE-V-EDITED": "edited"}
    # The device syncs the server's version again: as synced from the device once more.
    again = sync(device, payload(edited_uid, {"a_scale": 8}, respondent_code="BE-V-EDITED",
                                 base_version=Interview.objects.get(uid=edited_uid).updated_at.isoformat()))
    assert again.json()["state"] == "synced"
    assert states("?sync=edited") == {}
    # The interviewer filter: the list of one interviewer's interviews.
    assert set(states(f"?interviewer={users['interviewer_be'].username}")) == {
        victim_nl.respondent_code, "BE-V-SYNCED", "BE-V-EDITED"}
    assert states("?interviewer=interviewer_be2") == {}
