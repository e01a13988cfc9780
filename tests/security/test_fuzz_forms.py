"""Issue 14, evidence: fuzzing the form posts (hypothesis, through Django's test client).

Autosave and finalise of an interview, the editorial recommendation form, and the account forms
(password, two-factor code, language) get arbitrary bodies. Every answer must be a page or JSON of
fiit's own (never a 500), and a refused post writes nothing: the stored answers, the interview, the
recommendations and the users stay exactly as they were. An accepted autosave changes only the
questions it named. Cases per form: tests/support/fuzzing.py (250 in the suite, 100,000 in `make fuzz`).
"""

from __future__ import annotations

import json

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.capture.support import PASSWORD, make_interview
from tests.support.fuzzing import FUZZ_FORMS as FUZZ

pytestmark = pytest.mark.django_db

VICTIM_QUESTIONS = ["a1", "a_scale", "b_scale", "d1", "f_location", "sd_gender", "sd_age", "sd_citizenship", "zz"]

# JSON values of every shape, with the awkward ones (lone surrogates, NUL, huge numbers) likely.
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
                    st.sampled_from(["\ud800", "\x00", "10", "7.0", "-1", "yes", "abroad", "female", "1e309",
                                     "9" * 40, "<script>", "=1+1"]))
json_values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                           max_leaves=12)


@pytest.fixture
def world(db):
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    sync_frameworks()
    study = Study.objects.create(name="Fuzz study")
    interviewer = create_user("fuzz_interviewer", "interviewer", PASSWORD, country="BE")
    lead = create_user("fuzz_lead", "country_lead", PASSWORD, country="BE")
    return {"study": study, "interviewer": interviewer, "lead": lead,
            "interview": make_interview(study, interviewer, "victim", "BE", "nl")}


def stored_state():
    """Everything a form post could write, as plain values."""
    from django.contrib.auth import get_user_model

    from fiit.db.models import Answer, Interview, Profile, Recommendation

    return {
        "answers": sorted((a, q, json.dumps(v, sort_keys=True), bytes(s) if s is not None else None)
                          for a, q, v, s in Answer.objects.values_list("interview_id", "question_id", "value",
                                                                         "sealed")),
        "interviews": sorted(Interview.objects.values_list("pk", "status", "consent_research_use", "country_id",
                                                           "respondent_code")),
        "recommendations": sorted((r.pk, r.theme, json.dumps(r.text, sort_keys=True), r.country_id, r.published)
                                  for r in Recommendation.objects.all()),
        "users": sorted(get_user_model().objects.values_list("pk", "username", "password", "is_active")),
        "profiles": sorted(Profile.objects.values_list("pk", "role", "country_id", "language")),
    }


def answered_questions(before, after) -> set[str]:
    old = {(a, q): rest for a, q, *rest in before["answers"]}
    new = {(a, q): rest for a, q, *rest in after["answers"]}
    return {q for key in old.keys() | new.keys() if old.get(key) != new.get(key) for _a, q in [key]}


def logged_in(client, user):
    """Log in once per test (hypothesis runs every case in the same test and client)."""
    from tests.support.otp import verified_login

    if client.session.get("_auth_user_id") != str(user.pk):
        verified_login(client, user)
    return client


@FUZZ
@given(body=st.one_of(
    st.dictionaries(st.sampled_from(VICTIM_QUESTIONS) | st.text(max_size=6), json_values, max_size=5).map(
        lambda answers: {"answers": answers}),
    st.fixed_dictionaries({"answers": json_values}, optional={"reason": json_values}),
    json_values,
    st.binary(max_size=80).map(lambda b: b.decode("latin-1"))))
def test_autosave_answers_or_refuses_whole(client, world, body):
    interview = world["interview"]
    client = logged_in(client, world["interviewer"])
    before = stored_state()
    raw = body if isinstance(body, str) else json.dumps(body)
    response = client.post(reverse("capture-save", kwargs={"uid": interview.uid}), data=raw,
                           content_type="application/json", HTTP_ACCEPT="application/json")
    assert response.status_code < 500, response.content[:300]
    after = stored_state()
    if response.status_code >= 400:
        assert after == before
        return
    sent = body.get("answers") if isinstance(body, dict) else None
    assert isinstance(sent, dict)
    assert answered_questions(before, after) <= set(sent)  # only what it named
    assert {k: v for k, v in after.items() if k != "answers"} == {k: v for k, v in before.items() if k != "answers"}


@FUZZ
@given(data=st.dictionaries(st.sampled_from(["from_review", "confirm", "with_answers", "reason", "a_scale", "a1",
                                              "sd_gender", "next", "csrfmiddlewaretoken"]) | st.text(max_size=6),
                            st.text(max_size=20) | st.sampled_from(["1", "on", "", "7", "female"]), max_size=6))
def test_finalise_of_an_incomplete_interview_never_half_finalises(client, world, data):
    interview = world["interview"]
    client = logged_in(client, world["interviewer"])
    before = stored_state()
    response = client.post(reverse("capture-finalise", kwargs={"uid": interview.uid}), data=data)
    assert response.status_code < 500
    after = stored_state()
    assert after["interviews"] == before["interviews"]  # never final: required answers are missing
    assert answered_questions(before, after) <= set(data)


EDITORIAL_FIELDS = ["country", "theme", "text_en", "text_nl", "text_fr", "text_it", "text_hu", "evidence",
                    "published"]


@FUZZ
@given(data=st.dictionaries(st.sampled_from(EDITORIAL_FIELDS) | st.text(max_size=6),
                            st.one_of(st.text(max_size=30), st.sampled_from(["BE", "IT", "XX", "", "work", "status",
                                                                              "comparative", "on", "\x00"]),
                                      st.lists(st.text(max_size=12), max_size=3)), max_size=8))
def test_recommendation_form_saves_whole_or_not_at_all(client, world, data):
    from fiit.db.models import Recommendation

    client = logged_in(client, world["lead"])
    before = stored_state()
    response = client.post(reverse("editorial-recommendation-new"), data=data)
    assert response.status_code < 500
    after = stored_state()
    if response.status_code != 302:
        assert after == before
        return
    added = Recommendation.objects.exclude(pk__in=[r[0] for r in before["recommendations"]])
    assert added.count() == 1 and added.get().text.get("en")  # one whole recommendation, English text given


@FUZZ
@given(username=st.text(max_size=40), password=st.text(max_size=40), token=st.text(max_size=20),
       language=st.text(max_size=8) | st.sampled_from(["nl", "fr", "hu", "it", "en", "xx", ""]))
def test_account_forms_refuse_without_writing(client, world, username, password, token, language):
    before = stored_state()
    login = client.post(reverse("login"), {"username": username, "password": password})
    assert login.status_code < 500
    assert "_auth_user_id" not in client.session  # no such user and password
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    client.force_login(world["interviewer"])  # password accepted; now the code
    verify = client.post(reverse("otp-setup"), {"token": token})
    assert verify.status_code < 500
    from django_otp import DEVICE_ID_SESSION_KEY

    assert DEVICE_ID_SESSION_KEY not in client.session or token.strip().isdigit()
    client.logout()
    after = stored_state()
    assert after == before
