"""A server-started interview edited offline while the country lead changes the same answer: the conflict
is shown when the connection is back, the interviewer chooses, and the choice is stored and audited."""

from __future__ import annotations

import time

import pytest

from tests.browser.support import answers_of, device_gone, device_record, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def wait_until(check, timeout=15.0, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_leads_edit_meanwhile_is_shown_and_the_interviewers_choice_kept(live_server, new_context, people):
    from fiit.db.capture import save_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import AuditEvent, Study
    from fiit.db.users import create_user
    from tests.capture.support import PASSWORD, make_interview

    interviewer = people["interviewer_be"].user
    lead = create_user("lead_be", "country_lead", PASSWORD, country="BE")
    interview = make_interview(Study.objects.get(), interviewer, "victim", "BE", "nl")
    save_answers(interview, {"a_scale": 3, "b_scale": 4}, user=interviewer, keyfile=current_keyfile())

    context = new_context()
    page = context.new_page()
    log_in(page, live_server.url, "interviewer_be", people["interviewer_be"])
    page.goto(f"{live_server.url}/interviews/{interview.uid}/edit/")
    page.wait_for_selector("#capture-form[data-ready]")

    # Offline, the interviewer changes A from 3 to 5 and writes A1; meanwhile the lead changes both.
    context.set_offline(True)
    page.check("input[name='q-a_scale'][value='5']")
    page.fill("#q-a1", "Van het toestel.")
    page.wait_for_selector("#save-status.save-status-offline")
    save_answers(interview, {"a_scale": 9, "a1": "Van de landcoördinator."}, user=lead, keyfile=current_keyfile())

    # The tab is reloaded before the queue could be sent: the page now shows the lead's answers, the
    # device's are put back over them, still on the base they were typed on.
    page.route("**/save/", lambda route: route.abort("connectionrefused"))
    context.set_offline(False)
    page.reload()
    page.wait_for_selector("#capture-form[data-ready]")
    assert page.is_checked("input[name='q-a_scale'][value='5']")
    page.click("#q-a1")
    page.unroute("**/save/")

    # Sent: not over the lead's answers, but shown, with who changed them; kept on the device.
    page.wait_for_selector("#field-conflict:not([hidden])")
    assert page.get_attribute("#save-status", "class").endswith("save-status-conflict")
    # Announced by the status line (a live region); the focus stays in the answer being typed.
    assert page.get_attribute("#save-status", "role") == "status"
    assert page.inner_text("#save-status") == "Ook op de server gewijzigd: kies welke antwoorden u bewaart"
    assert page.evaluate("document.activeElement.id") == "q-a1"
    box = page.inner_text("#field-conflict")
    assert "lead_be" in box and "Op dit toestel: 5" in box and "Op de server: 9" in box
    assert "Op dit toestel: Van het toestel." in box and "Op de server: Van de landcoördinator." in box
    lead_version = {"a_scale": 9, "a1": "Van de landcoördinator.", "b_scale": 4}
    assert answers_of(interview.pk) == lead_version

    # Held on the device until resolved, across a reload too.
    held = device_record(page, f"pending:{interview.uid}")["held"]
    assert held["a_scale"]["yours"] == 5 and held["a1"]["yours"] == "Van het toestel."
    page.reload()
    page.wait_for_selector("#field-conflict:not([hidden])")
    assert page.evaluate("document.activeElement.id") == "conflict-title"  # nothing typed: focus on the choice
    assert page.is_checked("input[name='q-a_scale'][value='5']") and answers_of(interview.pk) == lead_version

    # The interviewer keeps their own A (keyboard: the radio, then the button) and the lead's A1.
    page.focus("input[name='conflict-a_scale'][value='device']")
    page.keyboard.press("Space")
    page.focus("#conflict-resolve")
    page.keyboard.press("Enter")
    wait_until(lambda: answers_of(interview.pk).get("a_scale") == 5, what="the chosen answer stored")
    page.wait_for_function(device_gone(f"pending:{interview.uid}"))
    assert page.is_hidden("#field-conflict") and page.is_checked("input[name='q-a_scale'][value='5']")
    assert page.input_value("#q-a1") == "Van de landcoördinator."
    assert answers_of(interview.pk) == {**lead_version, "a_scale": 5}
    [event] = wait_until(lambda: list(AuditEvent.objects.filter(action="conflict_resolved")), what="the audit")
    assert event.actor == "interviewer_be" and event.record_id == str(interview.pk)
    assert event.details["kept_device"] == ["a_scale"] and event.details["kept_server"] == ["a1"]
