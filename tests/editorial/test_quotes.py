"""Quote approval in the web app: only consented open answers of final interviews, own country only,
approve and withdraw audited without the text, and the approved quote then in the built report."""

from __future__ import annotations

import json
import logging

import pytest
from django.conf import settings
from django.urls import reverse

from tests.editorial.conftest import TEXTS

pytestmark = pytest.mark.django_db
QUOTES = reverse("editorial-quotes")


def approve(client, interview, question="a1", theme="safety", **extra):
    return client.post(reverse("editorial-quote-approve", args=[interview.uid]),
                       {"question": question, "theme": theme, "next": QUOTES, **extra})


def withdraw(client, interview, question="a1"):
    return client.post(reverse("editorial-quote-withdraw", args=[interview.uid]),
                       {"question": question, "next": QUOTES})


def test_the_coordinator_sees_consented_open_answers_of_final_interviews_only(as_user, interviews):
    html = as_user("coordinator").get(QUOTES).content.decode()
    for key in ("be_victim", "be_policymaker", "fr_victim"):
        assert TEXTS[key] in html, key
    for key in ("be_victim_no_consent", "be_draft", "be_policymaker_name"):
        assert TEXTS[key] not in html, key  # no consent, not final, or a name
    for interview in interviews.values():
        assert interview.respondent_code not in html


def test_a_country_lead_sees_only_their_own_countrys_quotes(as_user, interviews):
    html = as_user("lead_be").get(QUOTES).content.decode()
    assert TEXTS["be_victim"] in html and TEXTS["fr_victim"] not in html
    html = as_user("lead_fr").get(QUOTES).content.decode()
    assert TEXTS["fr_victim"] in html and TEXTS["be_victim"] not in html


def test_the_filters_narrow_the_list(as_user, interviews):
    client = as_user("coordinator")
    html = client.get(QUOTES, {"instrument": "policymaker"}).content.decode()
    assert TEXTS["be_policymaker"] in html and TEXTS["be_victim"] not in html
    html = client.get(QUOTES, {"country": "FR"}).content.decode()
    assert TEXTS["fr_victim"] in html and TEXTS["be_victim"] not in html
    html = client.get(QUOTES, {"show": "approved"}).content.decode()
    assert TEXTS["be_victim"] not in html and TEXTS["fr_victim"] not in html  # nothing approved yet


@pytest.mark.parametrize("user,target,expected", [
    ("coordinator", "be_victim", 302), ("coordinator", "fr_victim", 302),
    ("lead_be", "be_victim", 302), ("lead_be", "fr_victim", 404),
    ("interviewer_be", "be_victim", 403), ("analyst", "be_victim", 403), ("viewer", "be_victim", 403),
])
def test_who_may_approve_and_withdraw(as_user, interviews, user, target, expected):
    from fiit.db.models import QuoteApproval

    client = as_user(user)
    assert approve(client, interviews[target]).status_code == expected
    approved = QuoteApproval.objects.filter(interview=interviews[target], question_id="a1").exists()
    assert approved == (expected == 302)
    assert withdraw(client, interviews[target]).status_code == expected
    assert not QuoteApproval.objects.filter(interview=interviews[target]).exists()
    assert client.get(QUOTES).status_code == (200 if expected != 403 else 403)


def audit_rows(action):
    from fiit.db.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def report_html(client, country="BE"):
    from tests.support.reports import report_page

    return report_page(client, reverse("report-country", args=[country]))


def test_approve_then_withdraw_audited_without_the_text_and_shown_in_the_report(as_user, interviews, caplog):
    from fiit.db.audit import verify
    from fiit.db.models import QuoteApproval

    caplog.set_level(logging.DEBUG)
    victim = interviews["be_victim"]
    client = as_user("lead_be")
    assert TEXTS["be_victim"] not in report_html(client)

    response = approve(client, victim, theme="safety")
    assert response.status_code == 302 and response["Location"] == f"{QUOTES}#q-{victim.uid}-a1"
    approval = QuoteApproval.objects.get(interview=victim, question_id="a1")
    assert approval.theme == "safety" and approval.approved_by.username == "lead_be"
    page = client.get(QUOTES, {"show": "approved"}).content.decode()
    assert TEXTS["be_victim"] in page and "Withdraw approval" in page

    html = report_html(client)
    assert TEXTS["be_victim"] in html
    assert TEXTS["be_victim_no_consent"] not in html and victim.respondent_code not in html

    assert withdraw(client, victim).status_code == 302
    assert not QuoteApproval.objects.filter(interview=victim).exists()
    assert TEXTS["be_victim"] not in report_html(client)

    (approved,), (withdrawn,) = audit_rows("quote_approved"), audit_rows("quote_withdrawn")
    for row in (approved, withdrawn):
        assert (row.actor, row.record_type, row.record_id) == ("lead_be", "interview", str(victim.pk))
        assert row.details == {"question_id": "a1", "theme": "safety"}
        flat = json.dumps({"details": row.details, "actor": row.actor, "record_id": row.record_id})
        assert TEXTS["be_victim"] not in flat and victim.respondent_code not in flat
    assert verify().ok
    assert TEXTS["be_victim"] not in caplog.text


def test_changing_the_theme_keeps_one_approval(as_user, interviews):
    from fiit.db.models import QuoteApproval

    client = as_user("coordinator")
    approve(client, interviews["fr_victim"], theme="work")
    approve(client, interviews["fr_victim"], theme="welfare")
    assert list(QuoteApproval.objects.values_list("theme", flat=True)) == ["welfare"]
    assert len(audit_rows("quote_approved")) == 2


@pytest.mark.parametrize("target,question,message_nl", [
    ("be_victim_no_consent", "a1", "De respondent gaf geen toestemming voor citaten in rapporten"),
    ("be_draft", "a1", "Alleen antwoorden uit een afgerond interview kunnen worden geciteerd."),
    ("be_policymaker", "sd_name", "Deze vraag is geen open antwoord dat mag worden geciteerd."),
    ("be_victim", "a2", "Het interview heeft geen antwoord op deze vraag."),
])
def test_an_answer_that_may_not_be_quoted_is_refused_in_the_users_language(as_user, interviews, target, question,
                                                                           message_nl):
    from fiit.db.models import QuoteApproval

    client = as_user("lead_be")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    response = approve(client, interviews[target], question=question)
    assert response.status_code == 302 and response["Location"] == QUOTES
    assert not QuoteApproval.objects.exists() and not audit_rows("quote_approved")
    page = client.get(response["Location"]).content.decode()
    assert message_nl in page
    assert TEXTS["be_victim_no_consent"] not in page and TEXTS["be_policymaker_name"] not in page


def test_an_unknown_theme_is_refused(as_user, interviews):
    from fiit.db.models import QuoteApproval

    client = as_user("coordinator")
    response = approve(client, interviews["be_victim"], theme="weather")
    assert response.status_code == 302
    assert not QuoteApproval.objects.exists()
    assert "Choose one of the themes in the list." in client.get(QUOTES).content.decode()


def test_next_never_leaves_the_quote_list(as_user, interviews):
    client = as_user("coordinator")
    response = approve(client, interviews["be_victim"], next="https://evil.example/editorial/quotes/")
    assert response["Location"].startswith(QUOTES)
    response = withdraw(client, interviews["be_victim"])
    assert response["Location"].startswith(QUOTES)


def test_withdrawing_what_was_never_approved_changes_nothing(as_user, interviews):
    client = as_user("coordinator")
    assert withdraw(client, interviews["be_victim"]).status_code == 302
    assert not audit_rows("quote_withdrawn")
    assert "nothing to withdraw" in client.get(QUOTES).content.decode()


def test_the_quote_page_is_not_cached(as_user, interviews):
    response = as_user("coordinator").get(QUOTES)
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_opening_the_quote_page_is_audited_without_the_text(as_user, interviews):
    """Issue 14, M5: the quote page decrypts a page of open answers at once; before, nothing was recorded."""
    from fiit.db.models import AuditEvent

    html = as_user("lead_be").get(QUOTES).content.decode()
    assert TEXTS["be_victim"] in html
    entry = AuditEvent.objects.filter(action="quotes_read").get()
    assert entry.actor == "lead_be" and entry.details["interviews"] >= 1
    shown = {i.pk for key, i in interviews.items() if key.startswith("be_") and TEXTS.get(key, "") in html}
    assert shown <= set(entry.details["interview_ids"])
    assert all(text not in json.dumps(entry.details) for text in TEXTS.values())
