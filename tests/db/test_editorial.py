"""Recommendations need evidence; quotes need consent and a quotable open answer."""

import datetime as dt

import pytest

from fiit.db.editorial import add_recommendation, approve_quote, parse_evidence
from fiit.db.errors import UserError
from fiit.db.models import AuditEvent, QuoteApproval, Study
from fiit.db.store import create_interview, sync_frameworks
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def study():
    sync_frameworks()
    return Study.objects.create(name="S")


def interview(study, keyfile, quotes=True, status="final"):
    return create_interview(study=study, instrument=get_instrument("policymaker"), country="BE", language="en",
                            respondent_code=f"P-{quotes}-{status}", interview_date=dt.date(2013, 1, 1),
                            answers={"q1": "Integration is two-way.", "sd_name": "Synthetic Name"},
                            keyfile=keyfile, status=status, consent={"quotes": quotes, "research_use": True})


def test_evidence_references_are_parsed_and_checked():
    assert parse_evidence("scale:c_scale:be") == {"kind": "scale", "question_id": "c_scale", "country": "BE"}
    assert parse_evidence("framework:IT:reflection_period") == {"kind": "framework", "country": "IT",
                                                                "field": "reflection_period"}
    with pytest.raises(UserError, match="not a satisfaction scale"):
        parse_evidence("scale:a1:BE")
    with pytest.raises(UserError, match="not understood"):
        parse_evidence("hunch")


@pytest.mark.django_db
def test_rankings_and_framework_facts_must_exist():
    assert parse_evidence("ranking:q12:it") == {"kind": "ranking", "question_id": "q12", "country": "IT"}
    with pytest.raises(UserError, match="'q11' is not a service ranking; the rankings are q12"):
        parse_evidence("ranking:q11")
    for field in ("permit.renewal", "permit.stages", "reflection_period.days", "legal_status_access"):
        assert parse_evidence(f"framework:BE:{field}")["field"] == field
    with pytest.raises(UserError, match="'reflection' is not a fact of the BE framework") as info:
        parse_evidence("framework:BE:reflection")
    assert "reflection_period" in str(info.value) and "permit" in str(info.value)
    with pytest.raises(UserError, match="no country framework for 'XX'"):
        parse_evidence("framework:XX:permit.renewal")


def test_recommendation_needs_a_theme_text_and_evidence(study, keyfile):
    rec = add_recommendation(study, theme="work", text={"en": "Let victims work during the reflection period."},
                             evidence=["scale:e_scale:BE"], country="BE", published=True)
    assert rec.evidence == [{"kind": "scale", "question_id": "e_scale", "country": "BE"}]
    assert AuditEvent.objects.filter(action="recommendation_added", record_id=str(rec.pk)).exists()
    with pytest.raises(UserError, match="evidence"):
        add_recommendation(study, theme="work", text={"en": "x"}, evidence=[])
    with pytest.raises(UserError, match="not a theme"):
        add_recommendation(study, theme="weather", text={"en": "x"}, evidence=["scale:e_scale"])
    with pytest.raises(UserError, match="no country 'ZZ'"):
        add_recommendation(study, theme="work", text={"en": "x"}, evidence=["scale:e_scale:ZZ"])


def test_quote_needs_consent_final_status_and_an_open_answer(study, keyfile):
    ok = interview(study, keyfile)
    approve_quote(ok, "q1", "status")
    assert QuoteApproval.objects.filter(interview=ok, question_id="q1").exists()
    with pytest.raises(UserError, match="did not consent"):
        approve_quote(interview(study, keyfile, quotes=False), "q1", "status")
    with pytest.raises(UserError, match="finalised"):
        approve_quote(interview(study, keyfile, status="draft"), "q1", "status")
    with pytest.raises(UserError, match="not an open answer"):
        approve_quote(ok, "sd_name", "status")  # a name is never quotable
    with pytest.raises(UserError, match="no answer"):
        approve_quote(ok, "q2", "status")
