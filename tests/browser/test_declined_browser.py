"""'Declined to answer' in a real browser: ticked, the question's input is cleared and disabled, the
interview finalises on it, "declined" is what is stored and the detail page says so in Dutch;
unticked again, the answer typed afterwards is what is stored.

The current victim instrument (1.2.0: the socio-demographic section is step 8, after the status section):
a_scale (scale) and sd_citizenship (single choice) are declined; sd_exploitation is declined, then unticked
and answered.
"""

from __future__ import annotations

import pytest

from fiit.instruments import get_instrument
from tests.browser.support import answers_of, go_to_step, log_in, new_interview

pytestmark = pytest.mark.django_db(transaction=True)

SD_STEP = [s.id for s in get_instrument("victim").sections].index("sd") + 1  # 8 in victim 1.2.0
DECLINED_NL = "Wil niet antwoorden"  # nl msgstr of "Declined to answer" (web/locale/nl)
A1 = "Na de opvang-9d2e voelde ik me veiliger."


def wait_saved(page):
    """The autosave has answered and nothing is left to send (capture.js: status 'saved', no pending)."""
    page.wait_for_function(
        "() => { const c = window.fiitCapture;"
        " return c && !c.inFlight && Object.keys(c.pending).length === 0"
        " && document.getElementById('save-status').classList.contains('save-status-saved'); }")


def decline_box(page, qid):
    """The 'Declined to answer' checkbox of a question, found by its Dutch label."""
    return page.locator(f"#question-{qid}").get_by_label(DECLINED_NL)


def inputs_state(page, qid):
    """[checked, disabled] of each answer input (radio) of a question, the decline box excluded."""
    return page.locator(f"input[name='q-{qid}']").evaluate_all("els => els.map(e => [e.checked, e.disabled])")


def test_declined_to_answer_is_stored_finalised_and_shown(live_server, new_context, people):
    base = live_server.url
    page = new_context().new_page()
    log_in(page, base, "interviewer_be", people["interviewer_be"])

    interview = new_interview(page, base, "victim", "BE", "nl")
    page.check("#id_research_use")
    page.click("#record-consent")
    page.wait_for_url("**/edit/**")
    page.wait_for_selector("#capture-form[data-ready]")  # the form is wired once the device queue is open

    # Step 1: an open answer, then a_scale: pick 7, then tick the box -> the 10 radios empty and disabled.
    page.fill("#q-a1", A1)
    page.check("input[name='q-a_scale'][value='7']")
    assert inputs_state(page, "a_scale") == [[n == 7, False] for n in range(1, 11)]
    decline_box(page, "a_scale").check()
    assert decline_box(page, "a_scale").is_checked()
    assert inputs_state(page, "a_scale") == [[False, True]] * 10
    wait_saved(page)
    assert answers_of(interview.pk) == {"a1": A1, "a_scale": "declined"}

    # Steps 2-6: ordinary answers.
    for step, picks in ((2, {"b_scale": "7"}), (3, {"c_scale": "8"}), (4, {"d1": "no", "d_scale": "5"}),
                        (5, {"e_scale": "4"}), (6, {"f_location": "origin", "f_scale": "6"})):
        go_to_step(page, step)
        for qid, value in picks.items():
            page.check(f"input[name='q-{qid}'][value='{value}']")

    # The socio-demographic step: sd_citizenship declined (after choosing "eu"); sd_exploitation declined, then unticked and answered.
    go_to_step(page, SD_STEP)
    forms = len(get_instrument("victim").question("sd_exploitation").options)
    page.check("input[name='q-sd_gender'][value='female']")
    page.fill("#q-sd_age", "31")
    page.check("input[name='q-sd_citizenship'][value='eu']")
    decline_box(page, "sd_citizenship").check()
    assert inputs_state(page, "sd_citizenship") == [[False, True]] * 3
    page.check("input[name='q-sd_exploitation'][value='sexual']")
    decline_box(page, "sd_exploitation").check()
    assert inputs_state(page, "sd_exploitation") == [[False, True]] * forms
    wait_saved(page)
    stored = answers_of(interview.pk)
    assert (stored["sd_citizenship"], stored["sd_exploitation"]) == ("declined", "declined")

    decline_box(page, "sd_exploitation").uncheck()
    assert inputs_state(page, "sd_exploitation") == [[False, False]] * forms  # back, enabled and empty
    wait_saved(page)
    assert answers_of(interview.pk).get("sd_exploitation") is None  # no answer now, not "declined"

    # Reload: the server draws the declined questions ticked and disabled, the unticked one enabled, empty.
    page.reload()
    page.wait_for_selector(f"#step-{SD_STEP}:not([hidden])")
    assert decline_box(page, "a_scale").is_checked() and decline_box(page, "sd_citizenship").is_checked()
    assert inputs_state(page, "a_scale") == [[False, True]] * 10
    assert inputs_state(page, "sd_citizenship") == [[False, True]] * 3
    assert not decline_box(page, "sd_exploitation").is_checked()
    assert inputs_state(page, "sd_exploitation") == [[False, False]] * forms

    # Answer sd_exploitation, let it save, then finalise with one click and nothing left unsent: it succeeds
    # on the two declined required questions. (The other browser test finalises with a change still unsent.)
    page.check("input[name='q-sd_exploitation'][value='labour']")
    wait_saved(page)
    assert answers_of(interview.pk)["sd_exploitation"] == "labour"
    page.click("#finalise-button")  # "Review and finalise": the review lists the two declined questions
    page.wait_for_url("**/review/")
    assert page.locator("#review-declined li").count() == 2
    page.check("#review-confirm")
    page.click("#finalise-confirmed")
    page.wait_for_url(f"**/interviews/{interview.uid}/")
    interview.refresh_from_db()
    assert interview.status == "final"
    assert answers_of(interview.pk) == {
        "a1": A1, "a_scale": "declined", "b_scale": 7, "c_scale": 8, "d1": "no", "d_scale": 5, "e_scale": 4,
        "f_location": "origin", "f_scale": 6,
        "sd_gender": "female", "sd_age": 31, "sd_citizenship": "declined", "sd_exploitation": "labour",
    }

    # The detail page, in Dutch: "Wil niet antwoorden" for exactly the two declined questions.
    assert page.inner_text("#interview-status") == "afgerond"
    assert page.inner_text("#a-a_scale") == DECLINED_NL
    assert page.inner_text("#a-sd_citizenship") == DECLINED_NL
    assert page.inner_text("#a-sd_exploitation") == "Arbeidsuitbuiting"
    assert page.inner_text("#a-b_scale") == "7"
    assert page.locator("dl.answers dd", has_text=DECLINED_NL).count() == 2
