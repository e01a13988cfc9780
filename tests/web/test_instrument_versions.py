"""The instrument pages show version 1.2.0 of the victim instrument, its notes and the earlier versions (issue 12)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fiit.instruments import get_instrument, get_instrument_version
from fiit.vocabulary import vocabulary
from tests.web.html import text

pytestmark = pytest.mark.django_db
LANGS = ("en", "nl", "fr", "it", "hu")
NEW = ("residence_status", "status_route", "identification_year", "sd_exploitation_forms", "sd_exploitation_from",
       "sd_exploitation_to", "sd_profession")


def page(client, instrument_id, query=""):
    response = client.get(reverse("instrument-detail", args=[instrument_id]) + query)
    return response.status_code, text(response.content.decode()) if response.status_code == 200 else ""


@pytest.mark.parametrize("lang", LANGS)
def test_the_victim_page_shows_1_2_0_with_its_new_questions_and_notes(logged_in, lang):
    victim = get_instrument("victim")
    assert victim.version == "1.2.0"
    status, body = page(logged_in, "victim", f"?lang={lang}")
    assert status == 200
    for qid in NEW:
        assert victim.question(qid).text[lang] in body, qid
    assert victim.notes[lang].split(".")[0] in body
    assert victim.question("residence_status").note[lang] in body
    for s in vocabulary().residence_statuses:
        assert s.label[lang] in body
    assert "Removal of organs" in page(logged_in, "victim", "?lang=en")[1]


@pytest.mark.parametrize("lang", LANGS)
def test_the_policymaker_page_documents_question_23_as_a_deviation(logged_in, lang):
    pm = get_instrument("policymaker")
    status, body = page(logged_in, "policymaker", f"?lang={lang}")
    assert status == 200 and pm.question("q23").note[lang] in body
    assert pm.question("q23_why").text[lang] in body


def test_the_service_provider_page_shows_the_gate_and_the_noted_availability(logged_in):
    sp = get_instrument("service_provider")
    status, body = page(logged_in, "service_provider", "?lang=en")
    assert sp.question("q13_monitored").text["en"] in body and sp.question("q13").text["en"] in body
    assert "offered everywhere; the FIIT report found it in HU, IT" in body
    assert "only in HU, IT" not in body


def test_an_earlier_version_can_be_read_and_an_unknown_one_is_not_found(logged_in):
    status, body = page(logged_in, "victim", "?version=1.1.0&lang=nl")
    assert status == 200
    old = get_instrument_version("victim", "1.1.0")
    assert old.question("a1").text["nl"] in body
    assert get_instrument("victim").question("residence_status").text["nl"] not in body
    assert "only in HU, IT" in page(logged_in, "victim", "?version=1.1.0&lang=en")[1]
    assert page(logged_in, "victim", "?version=9.9.9")[0] == 404
