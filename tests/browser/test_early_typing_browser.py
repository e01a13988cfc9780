"""Typing the moment the form appears loses nothing.

The online form takes back unsent changes an earlier visit kept in the encrypted device queue; opening
that queue is asynchronous. The inputs are wired before it opens: what is typed meanwhile is saved, and
the kept changes are saved beside it (never over it). To make the window wide and certain, the test slows
the queue's reads down by two seconds and types before the form says it is ready.
"""

from __future__ import annotations

import time

import pytest

from tests.browser.support import answers_of, device_gone, log_in, new_interview

pytestmark = pytest.mark.django_db(transaction=True)

SLOW_QUEUE = """
(() => {
  let device;
  Object.defineProperty(window, 'fiitDevice', {configurable: true,
    get: () => device,
    set: (d) => {
      const get = d.get;
      d.get = (...args) => new Promise(r => setTimeout(r, 2000)).then(() => get(...args));
      device = d;
    }});
})();
"""


def wait_until(check, timeout=20.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_answers_typed_before_the_device_queue_opens_are_saved_with_the_kept_ones(live_server, new_context,
                                                                                   people):
    base = live_server.url
    context = new_context()
    page = context.new_page()
    log_in(page, base, "interviewer_be", people["interviewer_be"])
    interview = new_interview(page, base, "victim", "BE", "nl")
    page.check("#id_research_use")
    page.click("#record-consent")
    page.wait_for_url("**/edit/**")
    page.wait_for_selector("#capture-form[data-ready]")
    # An earlier visit left an unsent change on this device (as after a save that never got through).
    page.evaluate("""uid => window.fiitDevice.put(window.fiitDevice.currentUser(), 'pending:' + uid,
      {kind: 'pending', uid: uid, answers: {a_scale: 4}, step: 1, at: Date.now()})""", str(interview.uid))
    assert answers_of(interview.pk).get("a_scale") is None

    context.add_init_script(SLOW_QUEUE)
    page.goto(f"{base}/interviews/{interview.uid}/edit/")
    page.fill("#q-a1", "Meteen getypt.")
    assert page.get_attribute("#capture-form", "data-ready") is None  # typed before the queue was open
    page.wait_for_selector("#capture-form[data-ready]")
    assert page.input_value("#q-a1") == "Meteen getypt."  # the restore did not write over it
    assert page.is_checked("input[name='q-a_scale'][value='4']")  # the kept change is back in the page
    wait_until(lambda: answers_of(interview.pk).get("a1") == "Meteen getypt.", what="the typed answer saved")
    wait_until(lambda: answers_of(interview.pk).get("a_scale") == 4, what="the kept answer saved")
    page.wait_for_selector("#save-status.save-status-saved")
    page.wait_for_function(device_gone(f"pending:{interview.uid}"), timeout=20000)
