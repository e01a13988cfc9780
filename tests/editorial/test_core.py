"""The core functions behind the pages: change, delete, withdraw — same rules as adding, always audited."""

from __future__ import annotations

import pytest

from fiit.db.editorial import (add_recommendation, approve_quote, delete_recommendation, quotable_questions,
                               update_recommendation, withdraw_quote)
from fiit.db.errors import UserError
from fiit.db.models import AuditEvent, QuoteApproval, Recommendation
from fiit.instruments import get_instrument

pytestmark = pytest.mark.django_db


def test_a_change_follows_the_rules_of_adding_and_a_refused_change_changes_nothing(study):
    rec = add_recommendation(study, theme="work", text={"en": "Original."}, evidence=["scale:e_scale:BE"],
                             country="BE")
    for bad, message in [({"theme": "weather"}, "not a theme"), ({"text": {"nl": "Alleen Nederlands."}}, "English"),
                         ({"evidence": []}, "evidence"), ({"evidence": ["scale:a1:BE"]}, "not a satisfaction scale"),
                         ({"country": "ZZ"}, "no country 'ZZ'")]:
        args = {"theme": "status", "text": {"en": "Changed."}, "evidence": ["scale:a_scale"], "country": "BE", **bad}
        with pytest.raises(UserError, match=message):
            update_recommendation(rec, **args)
    rec.refresh_from_db()
    assert (rec.theme, rec.text, rec.country_id) == ("work", {"en": "Original."}, "BE")
    assert not AuditEvent.objects.filter(action="recommendation_changed").exists()

    update_recommendation(rec, theme="status", text={"en": " Changed. ", "nl": "  "}, evidence=["ranking:q12"],
                          country=None, published=True, actor="tester")
    rec.refresh_from_db()
    assert (rec.theme, rec.text, rec.country_id, rec.published) == ("status", {"en": "Changed."}, None, True)
    assert rec.evidence == [{"kind": "ranking", "question_id": "q12", "country": None}]
    event = AuditEvent.objects.get(action="recommendation_changed")
    assert event.actor == "tester" and "Changed" not in str(event.details)

    pk = rec.pk
    delete_recommendation(rec, actor="tester")
    assert not Recommendation.objects.exists()
    assert AuditEvent.objects.get(action="recommendation_deleted").record_id == str(pk)


def test_withdrawing_a_quote(interviews):
    victim = interviews["be_victim"]
    approve_quote(victim, "a1", "safety", actor="tester")
    assert withdraw_quote(victim, "a1", actor="tester") is True
    assert not QuoteApproval.objects.exists()
    assert withdraw_quote(victim, "a1", actor="tester") is False
    assert AuditEvent.objects.filter(action="quote_withdrawn").count() == 1


def test_only_open_answers_that_identify_no_one_are_quotable():
    policymaker = {q.id for q in quotable_questions(get_instrument("policymaker"))}
    assert "q1" in policymaker and "sd_name" not in policymaker and "sd_position" not in policymaker
    victim = {q.id for q in quotable_questions(get_instrument("victim"))}
    assert "a1" in victim and "a_scale" not in victim
