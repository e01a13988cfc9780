"""An interviewer records a Dutch victim interview in a real browser and loses nothing on the way.

Log in through the login form (password, then the six-digit code), record consent, answer with the
keyboard-usable controls, see relevance at work, reload mid-interview, lose the network twice (offline,
and the save endpoint refusing connections), see the inline error for a skipped required question,
finalise; another country's interviewer then gets 404 for the interview's URLs.
"""

from __future__ import annotations

import time

import pytest

from fiit.instruments import get_instrument

from tests.browser.support import (
    answers_of, device_gone, device_raw, device_record, go_to_step, log_in, new_interview,
)

pytestmark = pytest.mark.django_db(transaction=True)

REQUIRED_NL = "Deze vraag moet beantwoord zijn voordat het interview kan worden afgerond."
CANARY = "Stap-voor-stap-7c41"


def wait_until(check, timeout=15.0, what="condition"):
    """Poll the database (or anything) until ``check()`` is true."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_an_interviewer_records_a_dutch_victim_interview_and_loses_nothing(live_server, new_context, people):
    base = live_server.url
    context = new_context()
    page = context.new_page()
    log_in(page, base, "interviewer_be", people["interviewer_be"])

    # New interview: Belgium, victim instrument, in Dutch; then consent first.
    interview = new_interview(page, base, "victim", "BE", "nl")
    page.click("#record-consent")  # without consent to research use: refused, stays on the page
    page.wait_for_selector("#consent-errors")
    assert page.url.endswith("/consent/")
    page.check("#id_research_use")
    page.check("#id_follow_up")
    page.click("#record-consent")
    page.wait_for_url("**/edit/**")
    page.wait_for_selector("#capture-form[data-ready]")  # the form is wired once the device queue is open
    sections = [section.id for section in get_instrument("victim").sections]
    steps = len(sections)  # 7 up to victim 1.1.0, 8 from 1.2.0 (section G, status)
    sd_step = sections.index("sd") + 1
    assert page.inner_text("#step-1 .progress").startswith(f"Stap 1 van {steps}")
    assert page.is_hidden("#step-2")

    # Step 1: a scale (with the keyboard: focus 5, arrow right -> 6) and an open answer; autosaved.
    page.focus("input[name='q-a_scale'][value='5']")
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.fill("#q-a1", f"{CANARY} ging het beter.")
    wait_until(lambda: answers_of(interview.pk).get("a1") == f"{CANARY} ging het beter.", what="autosave of a1")
    assert answers_of(interview.pk)["a_scale"] == 6
    page.wait_for_selector("#save-status.save-status-saved")

    # Relevance: D2 appears only when D1 is "yes".
    page.click("[data-nav=next]")
    page.wait_for_selector("#step-2:not([hidden])")
    go_to_step(page, 4)
    assert page.is_hidden("#question-d2")
    page.check("input[name='q-d1'][value='yes']")
    page.wait_for_selector("#question-d2:not([hidden])")
    page.fill("#q-d2", "Elke week een gesprek.")
    wait_until(lambda: answers_of(interview.pk).get("d2") == "Elke week een gesprek.", what="autosave of d2")

    # Reload mid-interview: the same step, every answer back.
    page.reload()
    page.wait_for_selector("#capture-form[data-ready]")
    page.wait_for_selector("#step-4:not([hidden])")
    assert page.is_checked("input[name='q-d1'][value='yes']")
    assert page.input_value("#q-d2") == "Elke week een gesprek."
    assert page.is_hidden("#step-1")

    # The network drops: answers stay on the device (never with the respondent code), then arrive.
    context.set_offline(True)
    page.fill("#q-d3", "Offline geschreven antwoord.")
    page.wait_for_selector("#save-status.save-status-offline")
    # Kept encrypted (device-store.js): readable through the user's key, never in clear in IndexedDB.
    kept = device_record(page, f"pending:{interview.uid}")
    assert kept["answers"]["d3"] == "Offline geschreven antwoord." and interview.respondent_code not in str(kept)
    raw = device_raw(page)
    assert raw and not any("Offline geschreven" in r["sealed"] for r in raw)
    assert "d3" not in answers_of(interview.pk)
    context.set_offline(False)
    wait_until(lambda: answers_of(interview.pk).get("d3") == "Offline geschreven antwoord.", what="sync after offline")
    page.wait_for_function(device_gone(f"pending:{interview.uid}"))

    # The server is unreachable and the tab is reloaded: the unsent answer survives and is sent later.
    page.route("**/save/", lambda route: route.abort("connectionrefused"))
    page.check("input[name='q-d_scale'][value='4']")
    page.wait_for_selector("#save-status.save-status-offline")
    page.reload()
    page.wait_for_selector("#capture-form[data-ready]")
    page.wait_for_selector("#step-4:not([hidden])")
    assert page.is_checked("input[name='q-d_scale'][value='4']")  # merged from the device
    assert "d_scale" not in answers_of(interview.pk)
    page.unroute("**/save/")
    wait_until(lambda: answers_of(interview.pk).get("d_scale") == 4, timeout=20, what="sync after server outage")

    # Fill the rest but skip a required question: finalising shows the inline error in Dutch.
    for step, checks in ((2, {"q-b_scale": "7"}), (3, {"q-c_scale": "8"}), (5, {"q-e_scale": "5"}),
                         (6, {"q-f_location": "origin", "q-f_scale": "6"}),
                         (sd_step, {"q-sd_gender": "female", "q-sd_citizenship": "eu"})):
        go_to_step(page, step)
        for name, value in checks.items():
            page.check(f"input[name='{name}'][value='{value}']")
    page.fill("#q-sd_age", "31")
    page.click("#finalise-button")  # "Review and finalise": the review page lists what is missing
    page.wait_for_url("**/review/")
    assert REQUIRED_NL in page.inner_text("#finalise-errors")
    assert page.get_attribute("#finalise-errors a", "lang") == "nl"
    page.click("#finalise-errors a")  # to the question, with the reason next to it
    page.wait_for_selector(f"#step-{sd_step}:not([hidden])")
    assert page.inner_text("#q-sd_exploitation-error") == REQUIRED_NL
    assert page.get_attribute("#question-sd_exploitation fieldset", "aria-invalid") == "true"
    interview.refresh_from_db()
    assert interview.status == "draft"

    page.check("input[name='q-sd_exploitation'][value='labour']")
    page.click("#finalise-button")
    page.wait_for_url("**/review/")
    page.click("#finalise-confirmed")  # not confirmed: stays on the review page, says why
    page.wait_for_selector("#confirm-error")
    interview.refresh_from_db()
    assert interview.status == "draft"
    page.check("#review-confirm")
    page.click("#finalise-confirmed")
    page.wait_for_url(f"**/interviews/{interview.uid}/")
    assert page.is_visible("#next-interview")  # success, and the next interview one click away
    interview.refresh_from_db()
    assert interview.status == "final"
    stored = answers_of(interview.pk)
    assert stored["sd_exploitation"] == "labour" and stored["a1"].startswith(CANARY) and stored["sd_age"] == 31

    # Another country's interviewer: 404 for the interview by URL.
    other = new_context().new_page()
    log_in(other, base, "interviewer_fr", people["interviewer_fr"])
    for path in ("", "edit/", "consent/"):
        response = other.goto(f"{base}/interviews/{interview.uid}/{path}")
        assert response.status == 404, path
    assert interview.respondent_code not in other.goto(base + "/interviews/").text()
