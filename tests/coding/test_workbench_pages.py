"""Workbench pages through the test client: matrices count respondents, reads are audited, roles and
countries are kept apart, and answers never go to another country's lead."""

from __future__ import annotations

import re

import pytest

from tests.coding.conftest import TEXTS

pytestmark = pytest.mark.django_db


def keyfile():
    from fiit.db.keys import current_keyfile

    return current_keyfile()


def test_matrices_count_respondents_not_passages(interviews, users, as_user):
    from fiit.db.coding import apply_code

    be, fr = interviews["be_victim"], interviews["fr_victim"]
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 0, 5, keyfile())
    apply_code(users["analyst"], be.uid, "a1", "shelter_rules", 10, 20, keyfile())   # same respondent again
    apply_code(users["coordinator"], be.uid, "a1", "shelter_rules", 0, 8, keyfile())  # and another coder
    apply_code(users["analyst"], fr.uid, "a1", "shelter_rules", 0, 5, keyfile())
    apply_code(users["analyst"], interviews["be_policymaker"].uid, "q1", "shelter_rules", 0, 5, keyfile())
    page = as_user("analyst").get(f"/coding/retrieve/?study={be.study_id}&code=shelter_rules").content.decode()
    country = page[page.index('id="matrix-country"'):page.index('id="matrix-group"')]
    cells = re.findall(r"<td>(\d+)</td>", country)
    assert cells[:2] == ["2", "1"]      # BE: one victim + one policymaker; FR: one victim
    group = page[page.index('id="matrix-group"'):]
    assert re.findall(r"<td>(\d+)</td>", group)[:3] == ["1", "0", "2"]  # policymaker, service provider, victims (BE + FR)
    assert TEXTS["be_victim"][0:5] in page


def test_a_country_lead_sees_only_her_countrys_answers_and_each_read_is_audited(interviews, users, as_user):
    from fiit.db.models import AuditEvent

    study = interviews["be_victim"].study
    before = AuditEvent.objects.filter(action="coding_read").count()
    page = as_user("lead_be").get(f"/coding/question/?study={study.pk}&instrument=victim&question=a1")
    html = page.content.decode()
    assert TEXTS["be_victim"] in html and TEXTS["fr_victim"] not in html
    assert AuditEvent.objects.filter(action="coding_read").count() == before + 1
    other = as_user("lead_be").get(f"/coding/interview/{interviews['fr_victim'].uid}/?study={study.pk}")
    assert other.status_code == 404
    assert as_user("interviewer_be").get("/coding/").status_code == 403
    assert as_user("viewer").get("/coding/").status_code == 403


def test_pages_speak_dutch(interviews, as_user):
    client = as_user("lead_be")
    client.post("/i18n/setlang/", {"language": "nl", "next": "/"})
    page = client.get(f"/coding/agreement/?study={interviews['be_victim'].study_id}").content.decode()
    assert "Overeenstemming tussen codeurs" in page
