"""Two coders code the same answers in the browser; the agreement page equals krippendorff on the same
codings, computed here from the stored rows; reconciling a disagreement yields a consensus coding."""

from __future__ import annotations

import datetime as dt
import secrets

import numpy as np
import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARGS  # noqa: F401  (same browser setup)
from tests.browser.support import log_in

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = secrets.token_hex(3)
TEXTS = {"be1": f"BE-{TOKEN} De regels in de opvang waren streng, maar ik voelde me veilig.",
         "be2": f"BE-{TOKEN} Ik wil terug naar huis zodra het kan.",
         "fr1": f"FR-{TOKEN} Je cherche un travail depuis des mois."}


@pytest.fixture
def coders(db):
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Study
    from fiit.db.store import create_interview, sync_frameworks
    from fiit.db.users import create_user
    from fiit.instruments import get_instrument
    from tests.capture.support import PASSWORD
    from tests.support.otp import make_device

    sync_frameworks()
    study = Study.objects.create(name="Coding study")
    interviews = {}
    for key, country in (("be1", "BE"), ("be2", "BE"), ("fr1", "FR")):
        interviews[key] = create_interview(
            study=study, instrument=get_instrument("victim"), country=country, language="nl",
            respondent_code=f"R-{key}-{TOKEN}", interview_date=dt.date(2013, 3, 1), answers={"a1": TEXTS[key]},
            keyfile=current_keyfile(), interviewer=None, status="final",
            consent={"research_use": True, "quotes": True, "text_version": "test"})
    devices = {}
    for name, role, country in (("analyst", "analyst", None), ("lead_be", "country_lead", "BE")):
        user = create_user(name, role, PASSWORD, country=country, language="en")
        devices[name] = make_device(user)
    return study, interviews, devices


def sign_in(page, base, name, device):
    from tests.support.otp import unused_code

    log_in(page, base, name, device)  # password, then the code: every reader of narratives verifies one
    page.goto(base + "/coding/")
    if "/account/two-factor/" in page.url:
        page.fill("input[name=token]", unused_code(device))
        page.click("form.stacked-form button[type=submit]")
        page.wait_for_load_state()
    page.goto(base + "/coding/")
    assert page.url.endswith("/coding/"), page.url


def select_and_code(page, number: int, start: int, end: int, code: str):
    """Select characters start:end of answer ``number`` and press the code's shortcut key."""
    article = page.locator("article.coding-answer").nth(number - 1)
    before = article.locator(".my-codings li").count()
    page.evaluate("""([n, start, end]) => {
        const el = document.querySelectorAll('article.coding-answer .answer-text')[n - 1];
        const range = document.createRange();
        range.setStart(el.firstChild, start); range.setEnd(el.firstChild, end);
        const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", [number, start, end])
    key = page.get_attribute(f".code-button[data-code='{code}']", "data-key")
    page.keyboard.press(key)
    expect(article.locator(".my-codings li")).to_have_count(before + 1)


def answer_numbers(page) -> dict[str, int]:
    """Which article shows which answer (by its text's token prefix)."""
    texts = page.locator("article.coding-answer .answer-text").all_inner_texts()
    return {key: texts.index(text) + 1 for key, text in TEXTS.items() if text in texts}


def test_two_coders_agreement_page_and_consensus(live_server, new_context, coders):
    import krippendorff

    from fiit.db.models import CodedAnswer, Coding

    study, interviews, devices = coders
    base = live_server.url
    question = f"/coding/question/?study={study.pk}&instrument=victim&question=a1"

    analyst = new_context().new_page()
    sign_in(analyst, base, "analyst", devices["analyst"])
    analyst.goto(base + question)
    numbers = answer_numbers(analyst)
    assert set(numbers) == {"be1", "be2", "fr1"}  # the analyst codes every country
    select_and_code(analyst, numbers["be1"], 14, 36, "shelter_rules")
    select_and_code(analyst, numbers["be2"], 14, 38, "return")
    select_and_code(analyst, numbers["fr1"], 10, 35, "work_permit")

    lead = new_context().new_page()
    sign_in(lead, base, "lead_be", devices["lead_be"])
    lead.goto(base + question)
    numbers = answer_numbers(lead)
    assert set(numbers) == {"be1", "be2"}  # a country lead codes her own country only
    assert lead.locator(".my-codings li").count() == 0  # each coder's work is kept apart
    select_and_code(lead, numbers["be1"], 10, 36, "shelter_rules")
    lead.locator("article.coding-answer").nth(numbers["be2"] - 1).locator(".mark-done").click()
    expect(lead.locator("article.coding-answer.done")).to_have_count(1)

    # The agreement page, against krippendorff on the stored codings (built here, independently).
    analyst.goto(base + f"/coding/agreement/?study={study.pk}")
    units = sorted({(c.interview_id, c.question_id) for c in Coding.objects.all()}
                   | {(m.interview_id, m.question_id) for m in CodedAnswer.objects.all()})
    coders_ = sorted({c.coder for c in Coding.objects.all()} | {m.coder for m in CodedAnswer.objects.all()})
    looked = {(m.coder, m.interview_id, m.question_id) for m in CodedAnswer.objects.all()}
    codes = sorted({c.code for c in Coding.objects.all()})
    applied = {(c.coder, c.code, c.interview_id, c.question_id) for c in Coding.objects.all()}
    matrices = {}
    for code in codes:
        matrices[code] = np.array([[(1.0 if (who, code, *u) in applied else 0.0) if (who, *u) in looked else np.nan
                                    for u in units] for who in coders_])
    shown = {row.get_attribute("data-code"): row.get_attribute("data-alpha")
             for row in analyst.locator("#agreement-table tbody tr").all()}
    for code in codes:
        data = matrices[code]
        pairable = (~np.isnan(data)).sum(axis=0) >= 2
        values = set(data[:, pairable][~np.isnan(data[:, pairable])].tolist())
        if len(values) < 2:
            assert shown[code] == "", code  # undefined: no variation
        else:
            expected = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
            assert float(shown[code]) == pytest.approx(expected, abs=1e-9), code
    overall = krippendorff.alpha(reliability_data=np.hstack([matrices[c] for c in codes]),
                                 level_of_measurement="nominal")
    assert float(analyst.get_attribute("#overall-alpha", "data-value")) == pytest.approx(overall, abs=1e-9)
    assert analyst.inner_text("#overall-units") == "2"   # be1 and be2 were coded by both
    assert analyst.inner_text("#overall-coders") == "2"

    # Reconcile: the analyst applied 'return' to be2, the lead did not; the consensus keeps it.
    analyst.goto(base + f"/coding/disagreements/?study={study.pk}")
    card = analyst.locator(f"form.disagreement[data-interview='{interviews['be2'].uid}']")
    card.locator("input[name=code][value^='return:']").check()
    card.locator("button[type=submit]").click()
    analyst.wait_for_load_state()
    consensus = list(Coding.objects.filter(consensus=True).values_list("interview_id", "code", "start", "end"))
    assert consensus == [(interviews["be2"].pk, "return", 14, 38)]
