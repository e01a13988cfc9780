"""The field app in a real browser: interviews started offline after a browser restart, synced once;
another account on the same browser profile finds only ciphertext; a session that ends mid-interview
is renewed in place.

"Close and reopen the browser" is a persistent Chromium profile (a temporary user-data-dir) closed and
launched again; offline is Playwright's network emulation.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.support import answers_of, device_gone, device_raw, go_to_step, log_in
from tests.capture.support import PASSWORD
from tests.support.otp import code, unused_code

pytestmark = pytest.mark.django_db(transaction=True)

# Every section of the Dutch victim form, answered through the page (values from victim.yaml).
SECTIONS = {
    1: {"q-a_scale": "6"}, 2: {"q-b_scale": "7"}, 3: {"q-c_scale": "8"}, 4: {"q-d1": "no", "q-d_scale": "5"},
    5: {"q-e_scale": "4"}, 6: {"q-f_location": "abroad", "q-f1": "no"},
    8: {"q-sd_gender": "female", "q-sd_citizenship": "third_country", "q-sd_exploitation": "sexual"},
}
OPEN_ANSWER = "Offline-canary-5d2e: het ging stap voor stap beter."


@pytest.fixture
def playwright_sync():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        yield p


@pytest.fixture
def profile(playwright_sync, tmp_path):
    """launch(offline=False): the same browser profile, opened again after each close."""
    opened = []

    def launch(offline=False):
        context = playwright_sync.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=str(CHROMIUM), args=ARGS, headless=True,
            viewport={"width": 1024, "height": 768}, locale="nl-BE", offline=offline)
        context.set_default_timeout(60000)  # generous: the machines that run this may be heavily loaded
        opened.append(context)
        return context

    yield launch
    for context in opened:
        try:
            context.close()
        except Exception:  # already closed by the test
            pass


def page_of(context):
    return context.pages[0] if context.pages else context.new_page()


def sign_in_in_dialog(page, device):
    page.wait_for_selector("#sign-in-dialog[open]")
    page.fill("#sign-in-password", PASSWORD)
    page.click("#sign-in-submit")
    page.wait_for_selector("#sign-in-code:visible")
    page.fill("#sign-in-code", unused_code(device))
    page.click("#sign-in-submit")
    page.wait_for_selector("#sign-in-dialog", state="hidden")


def start_offline_interview(page, base):
    """From the field app: a new victim interview in Dutch; consent; every section; review; finalise."""
    page.goto(base + "/interviews/field/#new")
    page.wait_for_selector("#field-app[data-ready]")
    assert page.input_value("#field-instrument") == ""  # no instrument preselected
    page.click("#field-start")  # refused without an instrument, in the interface language
    assert page.inner_text("#field-instrument-error")
    page.select_option("#field-instrument", "victim")
    page.select_option("#field-language", "nl")
    page.click("#field-start")
    page.wait_for_url("**/interviews/field/victim/BE/nl/**")  # ?step=n#<the interview's id>
    page.wait_for_selector("#field-interview[data-ready]")
    uid = page.url.split("#", 1)[1]
    respondent_code = page.inner_text("#field-code")
    page.click("#record-consent")
    assert page.is_visible("#consent-errors")
    page.check("#id_research_use")
    page.click("#record-consent")
    page.wait_for_selector("#step-1:not([hidden])")
    page.fill("#q-a1", OPEN_ANSWER)
    for step, checks in SECTIONS.items():
        go_to_step(page, step)
        for name, value in checks.items():
            page.check(f"input[name='{name}'][value='{value}']")
    page.fill("#q-sd_age", "29")
    page.click("#review-button")
    page.wait_for_selector("#field-review:not([hidden])")
    assert page.get_attribute("#review-unanswered", "lang") == "nl"
    page.click("#finalise-button")  # not confirmed yet: nothing happens but focus on the box
    assert page.is_hidden("#field-done")
    page.check("#review-confirm")
    page.click("#finalise-button")
    page.wait_for_selector("#field-done:not([hidden])")
    return uid, respondent_code


def test_two_interviews_made_offline_after_a_restart_arrive_exactly_once(live_server, people, profile):
    from fiit.db.models import Interview
    from fiit.db.users import create_user
    from tests.support.otp import make_device

    base = live_server.url
    device = people["interviewer_be"]
    context = profile()
    page = page_of(context)
    log_in(page, base, "interviewer_be", device)
    page.goto(base + "/interviews/field/")
    page.wait_for_selector("html[data-offline-ready]")
    assert page.evaluate("() => caches.match('/interviews/field/victim/BE/nl/').then(r => Boolean(r))")
    context.close()

    # The browser is closed and opened again without a connection (and without a session).
    context = profile(offline=True)
    page = page_of(context)
    page.goto(base + "/interviews/field/")
    first_uid, first_code = start_offline_interview(page, base)
    page.click("#next-interview")
    second_uid, second_code = start_offline_interview(page, base)
    assert first_uid != second_uid and first_code != second_code
    assert Interview.objects.count() == 0

    # Kept encrypted: the open answer is nowhere in clear in IndexedDB.
    raw = device_raw(page)
    assert len(raw) >= 2 and not any("Offline-canary" in r["sealed"] for r in raw)

    # Online again: the app asks to sign in (the session ended with the browser), then sends both.
    page.goto(base + "/interviews/field/")
    page.wait_for_selector("#field-app[data-ready]")
    assert page.locator("#field-list tbody tr[data-sync=pending]").count() == 2
    context.set_offline(False)  # the page notices ("online") and tries to send: the dialog opens
    sign_in_in_dialog(page, device)
    page.wait_for_function("() => document.querySelectorAll('#field-list tbody tr').length === 2 && "
                           "[...document.querySelectorAll('#field-list tbody tr')].every(tr => tr.dataset.sync === 'synced')")
    page.click("#sync-now")  # a repeated sync changes nothing
    page.wait_for_selector("#field-sync-status:has-text('server')")

    stored = Interview.objects.filter(uid__in=[first_uid, second_uid])
    assert Interview.objects.count() == 2 and stored.count() == 2
    for interview in stored:
        assert interview.status == "final" and interview.consent_research_use
        answers = answers_of(interview.pk)
        assert answers["a1"] == OPEN_ANSWER and answers["sd_age"] == 29 and answers["f_location"] == "abroad"
    assert {i.respondent_code for i in stored} == {first_code, second_code}
    # Finalised and sent: only a receipt stays on the device.
    raw = device_raw(page)
    assert not any("Offline-canary" in r["sealed"] for r in raw)
    receipts = page.evaluate("window.fiitDevice.all(window.fiitDevice.currentUser())")
    assert all(r["value"].get("receipt") and r["value"]["answers"] == {} for r in receipts if r["value"]["kind"] == "device")

    # The country lead reads them.
    lead = create_user("lead_be", "country_lead", PASSWORD, country="BE")
    lead_device = make_device(lead)
    context.clear_cookies()
    log_in(page, base, "lead_be", lead_device)
    page.goto(f"{base}/interviews/{first_uid}/")
    assert OPEN_ANSWER in page.inner_text("main") and first_code in page.inner_text("main")


def test_a_second_account_on_the_same_profile_finds_only_ciphertext(live_server, people, profile):
    base = live_server.url
    context = profile()
    page = page_of(context)
    log_in(page, base, "interviewer_be", people["interviewer_be"])
    page.goto(base + "/interviews/field/")
    page.wait_for_selector("#field-app[data-ready]")
    page.wait_for_selector("html[data-offline-ready]")
    context.set_offline(True)
    uid, _code = start_offline_interview(page, base)
    context.set_offline(False)
    page.route("**/interviews/sync/", lambda route: route.abort("connectionrefused"))  # the server is away
    page.goto(base + "/interviews/field/")
    page.wait_for_selector("#field-app[data-ready]")
    assert page.locator(f"#field-list tbody tr[data-uid='{uid}']").count() == 1
    # Logging out with the interview unsent warns, and the queue stays (for this account).
    warnings = []

    def answer(dialog):
        warnings.append(dialog.message)
        dialog.accept()

    page.once("dialog", answer)
    page.click("form.logout button")
    page.wait_for_url("**/login/**")
    assert warnings and "encrypted" in warnings[0] or "versleuteld" in warnings[0]
    context.close()

    context = profile()
    page = page_of(context)
    log_in(page, base, "interviewer_fr", people["interviewer_fr"])
    page.goto(base + "/interviews/field/")
    page.wait_for_selector("#field-app[data-ready]")
    assert page.is_visible("#field-empty")  # nothing of the first account is listed
    raw = device_raw(page)
    first = [r for r in raw if r["id"].endswith(uid)]
    assert len(first) == 1 and "Offline-canary" not in first[0]["sealed"] and "BE-V-" not in first[0]["sealed"]
    # Keys never leave their CryptoKey: none of them can be exported to read the queue elsewhere.
    exported = page.evaluate("""async () => {
      const keys = await new Promise(r => { const q = indexedDB.open('fiit-device'); q.onsuccess = () => {
        const g = q.result.transaction('keys').objectStore('keys').getAll(); g.onsuccess = () => r(g.result); }; });
      const out = [];
      for (const k of keys) {
        try { await crypto.subtle.exportKey('raw', k.key); out.push('exported'); }
        catch (e) { out.push(k.key.extractable ? 'extractable' : 'refused'); }
      }
      return out;
    }""")
    assert exported and set(exported) == {"refused"}

    # A page naming the first account (as a stale kept copy of the field page would) opens nothing for the
    # second. (Checked on this page with its user name swapped: Playwright's offline mode does not reliably
    # reach the service worker, so a stale copy cannot be served to order.)
    page.evaluate("() => document.querySelector('meta[name=fiit-user]').setAttribute('content', 'interviewer_be')")
    # Offline: the first account is not the one the server confirmed last on this device.
    context.set_offline(True)
    who = page.evaluate("() => window.fiitDevice.confirmedUser('/interviews/field/session.json')")
    assert who == {"user": "", "online": False, "reason": "unconfirmed"}
    # Online: the server names the account signed in now, so the page is refused as another user's.
    context.set_offline(False)
    who = page.evaluate("() => window.fiitDevice.confirmedUser('/interviews/field/session.json')")
    assert who == {"user": "", "online": True, "reason": "other-user", "server": "interviewer_fr"}
    # The page's own user (the second account), offline: admitted, as the server confirmed it last.
    page.evaluate("() => document.querySelector('meta[name=fiit-user]').setAttribute('content', 'interviewer_fr')")
    context.set_offline(True)
    who = page.evaluate("() => window.fiitDevice.confirmedUser('/interviews/field/session.json')")
    assert who == {"user": "interviewer_fr", "online": False, "reason": ""}
    context.set_offline(False)


def test_a_session_that_ends_mid_interview_is_renewed_in_place_and_nothing_is_lost(live_server, people, profile):
    from fiit.db.models import WebSession as Session

    from tests.browser.support import new_interview

    base = live_server.url
    device = people["interviewer_be"]
    context = profile()
    page = page_of(context)
    log_in(page, base, "interviewer_be", device)
    interview = new_interview(page, base, "victim", "BE", "nl")
    page.check("#id_research_use")
    page.click("#record-consent")
    page.wait_for_url("**/edit/**")
    page.wait_for_selector("#capture-form[data-ready]")  # the form is wired once the device queue is open
    page.fill("#q-a1", "Voor het verlopen.")
    page.wait_for_selector("#save-status.save-status-saved")

    Session.objects.all().delete()  # the session ends (as after 30 idle minutes)
    page.fill("#q-a1", "Na het verlopen van de sessie.")
    page.check("input[name='q-a_scale'][value='3']")
    sign_in_in_dialog(page, device)
    page.wait_for_selector("#save-status.save-status-saved")
    assert page.url.endswith("/edit/?step=1")  # the same tab, the same page: never left
    stored = answers_of(interview.pk)
    assert stored["a1"] == "Na het verlopen van de sessie." and stored["a_scale"] == 3
    page.wait_for_function(device_gone(f"pending:{interview.uid}"))
