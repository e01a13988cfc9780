"""Interview capture through the Django test client: consent, autosave, finalise, locking, scope, deletion."""

from __future__ import annotations

import re

import pytest
from django.utils.html import escape

from fiit.instruments import get_instrument
from tests.capture.support import COMPLETE_VICTIM, make_interview, save, stored
from tests.web.html import text

pytestmark = pytest.mark.django_db

REQUIRED_NL = "Deze vraag moet beantwoord zijn voordat het interview kan worden afgerond."


def audit(action, interview_pk=None):
    from fiit.db.models import AuditEvent

    rows = AuditEvent.objects.filter(action=action)
    if interview_pk is not None:
        rows = rows.filter(record_type="interview", record_id=str(interview_pk))
    return list(rows.order_by("seq"))


# ---------------------------------------------------------------- starting and consent

def test_new_interview_gets_a_code_and_goes_to_consent(as_user, study):
    from fiit.db.models import Interview

    client = as_user("interviewer_be")
    page = client.get("/interviews/new/")
    assert page.status_code == 200
    assert 'value="FR"' not in page.content.decode()  # only the interviewer's own country is offered
    response = client.post("/interviews/new/", {"instrument": "victim", "country": "BE", "language": "nl",
                                                "study": study.pk})
    interview = Interview.objects.get()
    assert response["Location"] == f"/interviews/{interview.uid}/consent/"
    assert interview.respondent_code.startswith("BE-V-") and len(interview.respondent_code) == 11
    assert interview.interviewer.username == "interviewer_be" and interview.source == "web"
    assert interview.language == "nl" and interview.status == "draft"
    assert len(audit("create_interview", interview.pk)) == 1


def test_an_interviewer_cannot_create_in_another_country(as_user, study):
    from fiit.db.models import Interview

    response = as_user("interviewer_be").post(
        "/interviews/new/", {"instrument": "victim", "country": "FR", "language": "fr", "study": study.pk})
    assert response.status_code == 200 and "country" in response.context["form"].errors
    assert not Interview.objects.exists()


def test_consent_is_required_before_the_form(as_user, study, users):
    interview = make_interview(study, users["interviewer_be"], consent=False)
    client = as_user("interviewer_be")
    assert client.get(f"/interviews/{interview.uid}/edit/")["Location"] == f"/interviews/{interview.uid}/consent/"
    response = save(client, interview, {"a1": "something"})
    assert response.status_code == 409 and response.json()["error"]["code"] == "no_consent"
    assert stored(interview) == {}
    # Refusing research use records nothing and keeps the form closed.
    refused = client.post(f"/interviews/{interview.uid}/consent/", {"quotes": "on"})
    assert refused.status_code == 200 and "research use" in text(refused.content.decode())
    interview.refresh_from_db()
    assert interview.consent_recorded_at is None
    assert client.get(f"/interviews/{interview.uid}/edit/").status_code == 302
    # Agreeing records who, when, which text and what was agreed, and opens the form.
    agreed = client.post(f"/interviews/{interview.uid}/consent/", {"research_use": "on", "follow_up": "on"})
    assert agreed["Location"] == f"/interviews/{interview.uid}/edit/"
    interview.refresh_from_db()
    assert interview.consent_recorded_by.username == "interviewer_be"
    assert interview.consent_recorded_at is not None and interview.consent_text_version == "1.0"
    assert (interview.consent_research_use, interview.consent_quotes, interview.consent_follow_up) == (True, False, True)
    [event] = audit("consent_recorded", interview.pk)
    assert event.details == {"text_version": "1.0", "research_use": True, "quotes": False, "follow_up": True}
    assert client.get(f"/interviews/{interview.uid}/edit/").status_code == 200


# ---------------------------------------------------------------- the form and autosave

def test_the_form_has_steps_scales_and_relevance_data(as_user, victim_nl):
    client = as_user("interviewer_be")
    client.cookies["django_language"] = "nl"  # the interface language this interviewer chose
    html = client.get(f"/interviews/{victim_nl.uid}/edit/?step=2").content.decode()
    assert f"Stap 2 van {len(get_instrument('victim').sections)}" in html  # 7 sections up to 1.1.0, 8 in 1.2.0
    assert html.count('name="q-a_scale"') == 10
    assert "Helemaal niet tevreden" in html and "Heel tevreden" in html
    assert 'data-relevant="{&quot;question&quot;: &quot;d1&quot;, &quot;equals&quot;: &quot;yes&quot;}"' in html
    assert 'aria-describedby="q-a_scale-hint q-a_scale-ends q-a_scale-error"' in html
    assert 'class="step current-step" id="step-2"' in html


def test_draft_save_rejects_an_invalid_scale_in_the_interview_language(as_user, victim_nl):
    client = as_user("interviewer_be")
    assert save(client, victim_nl, {"a_scale": 6})
    response = save(client, victim_nl, {"a_scale": 11, "a1": "Het ging stap voor stap."})
    assert response.status_code == 200
    body = response.json()
    assert body["rejected"] == {"a_scale": [
        "Het antwoord moet een geheel getal van 1 tot en met 10 zijn; 11 valt daarbuiten."]}
    assert body["saved"] == ["a1"]
    assert stored(victim_nl) == {"a_scale": 6, "a1": "Het ging stap voor stap."}  # 11 not stored, 6 kept
    changes = audit("change_interview", victim_nl.pk)
    assert [e.details["questions"] for e in changes] == [["a_scale"], ["a1"]]


def test_draft_save_reports_missing_required_answers_as_warnings_only(as_user, victim_nl):
    body = save(as_user("interviewer_be"), victim_nl, {"a_scale": 5}).json()
    assert body["rejected"] == {} and body["saved"] == ["a_scale"]
    assert body["warnings"]["b_scale"] == [REQUIRED_NL]


def test_answers_that_no_longer_apply_are_dropped(as_user, victim_nl):
    client = as_user("interviewer_be")
    save(client, victim_nl, {"d1": "yes", "d2": "Ja, elke week."})
    assert stored(victim_nl) == {"d1": "yes", "d2": "Ja, elke week."}
    save(client, victim_nl, {"d1": "no"})
    assert stored(victim_nl) == {"d1": "no"}


def test_the_form_without_javascript_saves_too(as_user, victim_nl):
    client = as_user("interviewer_be")
    response = client.post(f"/interviews/{victim_nl.uid}/edit/",
                           {"q-a_scale": "4", "q-a1": "Tekst", "q-sd_age": "abc", "step": "1"})
    assert response.status_code == 422
    assert "Het antwoord moet een geheel getal zijn; &#x27;abc&#x27; is dat niet." in response.content.decode()
    assert stored(victim_nl) == {"a_scale": 4, "a1": "Tekst"}


def test_json_errors_have_one_shape(as_user, victim_nl):
    client = as_user("interviewer_be")
    bad = client.post(f"/interviews/{victim_nl.uid}/save/", data="not json", content_type="application/json",
                      HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"error": {"status": 400, "code": "bad_request", "message": bad.json()["error"]["message"]}}
    get = client.get(f"/interviews/{victim_nl.uid}/save/", HTTP_ACCEPT="application/json")
    assert get.status_code == 405 and set(get.json()["error"]) == {"status", "code", "message"}


# ---------------------------------------------------------------- finalising and locking

def test_finalise_is_blocked_by_a_missing_required_answer_in_dutch(as_user, victim_nl):
    client = as_user("interviewer_be")
    answers = dict(COMPLETE_VICTIM)
    del answers["c_scale"]
    save(client, victim_nl, answers)
    response = client.post(f"/interviews/{victim_nl.uid}/finalise/")
    assert response.status_code == 422
    html = response.content.decode()
    assert 'id="finalise-errors"' in html and REQUIRED_NL in html
    assert response.context["current_step"] == 3  # the form opens on the section of the first error
    # the message beside the question itself, which is marked invalid
    assert f'<div class="field-error" id="q-c_scale-error"><p>{escape(REQUIRED_NL)}</p></div>' in html
    assert re.search(r'<div class="capture-question has-error" id="question-c_scale"[^>]*>\s*<fieldset [^>]*aria-invalid="true"',
                     html)
    assert re.findall(r'data-step="(\d+)"[^>]* class="step-has-errors"', html) == ["3"]  # the section list marks it
    victim_nl.refresh_from_db()
    assert victim_nl.status == "draft" and not audit("finalise_interview", victim_nl.pk)


def test_final_interviews_are_locked_for_the_interviewer_and_editable_by_the_lead(as_user, client, victim_nl):
    interviewer = as_user("interviewer_be")
    save(interviewer, victim_nl, {**COMPLETE_VICTIM, "a1": "Eerste versie."})
    assert interviewer.post(f"/interviews/{victim_nl.uid}/finalise/")["Location"] == f"/interviews/{victim_nl.uid}/"
    victim_nl.refresh_from_db()
    assert victim_nl.status == "final" and len(audit("finalise_interview", victim_nl.pk)) == 1

    locked = save(interviewer, victim_nl, {"a_scale": 2})
    assert locked.status_code == 409 and locked.json()["error"]["code"] == "locked"
    assert interviewer.get(f"/interviews/{victim_nl.uid}/edit/").status_code == 409
    assert stored(victim_nl)["a_scale"] == 6

    lead = as_user("lead_be")
    assert lead.get(f"/interviews/{victim_nl.uid}/edit/").status_code == 200
    changes = {"a_scale": 2, "a1": "Tweede versie.", "b_scale": 7}
    refused = save(lead, victim_nl, changes)  # a final interview changes only with a reason
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "reason_required"
    body = save(lead, victim_nl, changes, reason="Schaal verkeerd overgenomen van papier.").json()
    assert body["saved"] == ["a1", "a_scale"] and body["status"] == "final"
    assert stored(victim_nl)["a_scale"] == 2
    last = audit("change_interview", victim_nl.pk)[-1]
    assert last.actor == "lead_be"
    assert last.details == {"questions": ["a1", "a_scale"], "status": "final", "after_final": True,
                            "clear_changes": {"a_scale": [6, 2]},  # a1 is sealed: named, never shown
                            "reason": "Schaal verkeerd overgenomen van papier."}
    assert "Tweede" not in str(last.details) and "versie" not in str(last.details)


# ---------------------------------------------------------------- scope

@pytest.mark.parametrize("method,path", [
    ("get", ""), ("get", "edit/"), ("get", "consent/"), ("post", "save/"), ("post", "finalise/"),
])
def test_another_countrys_interviewer_gets_404(as_user, victim_nl, method, path):
    client = as_user("interviewer_fr")
    response = getattr(client, method)(f"/interviews/{victim_nl.uid}/{path}", HTTP_ACCEPT="application/json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_colleagues_victim_interview_is_invisible_to_another_interviewer(as_user, victim_nl):
    client = as_user("interviewer_be2")
    assert client.get(f"/interviews/{victim_nl.uid}/").status_code == 404
    assert save(client, victim_nl, {"a_scale": 3}).status_code == 404
    assert victim_nl.respondent_code not in client.get("/interviews/").content.decode()


def test_the_list_is_scoped(as_user, study, users, victim_nl):
    other = make_interview(study, users["interviewer_fr"], "victim", "FR", "fr")
    html = as_user("interviewer_be").get("/interviews/").content.decode()
    assert victim_nl.respondent_code in html and other.respondent_code not in html
    assert str(other.uid) not in html


def test_viewers_may_not_open_interviews(as_user, victim_nl):
    client = as_user("viewer")
    assert client.get("/interviews/").status_code == 403
    assert client.get(f"/interviews/{victim_nl.uid}/").status_code == 403


# ---------------------------------------------------------------- viewing

def test_viewing_a_victim_interview_is_audited(as_user, victim_nl):
    save(as_user("interviewer_be"), victim_nl, {"a1": "Mijn verhaal."})
    page = as_user("lead_be").get(f"/interviews/{victim_nl.uid}/")
    assert page.status_code == 200 and "Mijn verhaal." in page.content.decode()
    [event] = [e for e in audit("view_interview", victim_nl.pk) if e.actor == "lead_be"]
    assert event.details == {"what": "answers"}


def test_analysts_see_answers_but_no_names_and_no_respondent_code(as_user, study, users):
    interview = make_interview(study, users["interviewer_be"], "policymaker", "BE", "en")
    save(as_user("interviewer_be"), interview,
         {"q1": "Integration means work and housing.", "sd_name": "Hendrika Vermeulen-Claes",
          "sd_position": "Director of the shelter network", "sd_age": 52})
    analyst = as_user("analyst")
    html = analyst.get(f"/interviews/{interview.uid}/").content.decode()
    assert "Integration means work and housing." in html and ">52<" in html
    assert "Vermeulen" not in html and "Director of the shelter network" not in html
    assert interview.respondent_code not in html
    assert "2 identifying fields are not shown to you." in text(html)
    assert interview.respondent_code not in analyst.get("/interviews/").content.decode()
    # The lead of that country sees the name.
    assert "Hendrika Vermeulen-Claes" in as_user("lead_be").get(f"/interviews/{interview.uid}/").content.decode()


# ---------------------------------------------------------------- withdrawal

def test_delete_destroys_the_key_share_and_is_audited(as_user, victim_nl):
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Answer, Interview
    from fiit.vault.shares import ShareDestroyed, share_store_for

    save(as_user("interviewer_be"), victim_nl, {"a1": "Te verwijderen."})
    shares = share_store_for(current_keyfile().path)
    assert shares.get(str(victim_nl.uid))
    assert as_user("interviewer_be").post(f"/interviews/{victim_nl.uid}/delete/").status_code == 403
    lead = as_user("lead_be")
    assert lead.get(f"/interviews/{victim_nl.uid}/delete/").status_code == 200
    assert lead.post(f"/interviews/{victim_nl.uid}/delete/")["Location"] == "/interviews/"
    assert not Interview.objects.filter(pk=victim_nl.pk).exists()
    assert not Answer.objects.filter(interview_id=victim_nl.pk).exists()
    with pytest.raises(ShareDestroyed):
        shares.get(str(victim_nl.uid))
    [event] = audit("delete_interview", victim_nl.pk)
    assert event.actor == "lead_be" and event.details["reason"] == "withdrawn"


def test_another_countrys_lead_cannot_delete(as_user, victim_nl):
    from fiit.db.models import Interview

    assert as_user("lead_fr").post(f"/interviews/{victim_nl.uid}/delete/").status_code == 404
    assert Interview.objects.filter(pk=victim_nl.pk).exists()


def test_finalise_works_with_a_declined_scale(as_user, victim_nl):
    client = as_user("interviewer_be")
    response = save(client, victim_nl, {**COMPLETE_VICTIM, "c_scale": "declined"})
    assert response.status_code == 200 and not response.json()["rejected"]
    page = client.get(f"/interviews/{victim_nl.uid}/edit/").content.decode()
    assert 'name="q-c_scale-declined" value="1" data-decline="c_scale" checked' in page
    assert "Declined to answer" in page
    assert client.post(f"/interviews/{victim_nl.uid}/finalise/")["Location"] == f"/interviews/{victim_nl.uid}/"
    assert stored(victim_nl)["c_scale"] == "declined"


def test_the_declined_box_of_the_form_without_javascript(as_user, victim_nl):
    client = as_user("interviewer_be")
    post = {f"q-{q}": str(v) for q, v in COMPLETE_VICTIM.items()}
    post.update({"q-a_scale-declined": "1", "q-sd_gender-declined": "1", "step": "1"})
    assert client.post(f"/interviews/{victim_nl.uid}/edit/", post).status_code == 302
    answers = stored(victim_nl)
    # Every question can be declined (issue 13 item 5): sd_gender too, though it also offers "prefer not to say".
    assert answers["a_scale"] == "declined" and answers["sd_gender"] == "declined"
    page = client.get(f"/interviews/{victim_nl.uid}/edit/").content.decode()
    from fiit.instruments import get_instrument
    for question in get_instrument("victim").questions():
        assert f'name="q-{question.id}-declined"' in page
    ok = save(client, victim_nl, {"sd_age": "declined"})
    assert not ok.json()["rejected"] and stored(victim_nl)["sd_age"] == "declined"
