"""Helpers shared by the browser tests (the ``people`` fixture is in conftest.py)."""

from __future__ import annotations

from tests.capture.support import PASSWORD


def answers_of(interview_id):
    """The stored (decrypted) answers of an interview, read straight from the database."""
    from fiit.db.answers import read_answers
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Interview
    from fiit.db.store import instrument_of

    interview = Interview.objects.get(pk=interview_id)
    return read_answers(interview, instrument_of(interview), current_keyfile())


def log_in(page, base, username, device):
    """Through the login form: password, then the six-digit code of ``device``."""
    from tests.support.otp import code

    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_load_state()
    if "/account/two-factor/" in page.url:
        page.fill("input[name=token]", code(device))
        page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(base + "/")


def go_to_step(page, n):
    page.click(f".step-list a[data-step='{n}']")
    page.wait_for_selector(f"#step-{n}:not([hidden])")


def new_interview(page, base, instrument="victim", country="BE", language="nl"):
    """Start an interview from the "new interview" form; returns it, on its consent page."""
    from fiit.db.models import Interview

    page.goto(base + "/interviews/new/")
    page.select_option("#id_instrument", instrument)
    page.select_option("#id_country", country)
    page.select_option("#id_language", language)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url("**/consent/")
    return Interview.objects.get()


def device_raw(page):
    """Every record of the encrypted device queue exactly as IndexedDB holds it: id, user tag, iv and
    ciphertext (as latin-1 text, so a plain-text answer would show up in it)."""
    return page.evaluate("""async () => {
      await window.fiitDevice.count(window.fiitDevice.currentUser() || 'nobody');  // the database exists
      return await new Promise((resolve, reject) => {
        const req = indexedDB.open('fiit-device');
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const all = req.result.transaction('records').objectStore('records').getAll();
          all.onsuccess = () => resolve(all.result.map(r => ({
            id: r.id, user: r.user, iv: Array.from(r.iv),
            sealed: String.fromCharCode(...new Uint8Array(r.sealed))})));
        };
      });
    }""")


def device_record(page, record_id):
    """A record of the signed-in user's queue, decrypted by the page (None if absent)."""
    return page.evaluate("id => window.fiitDevice.get(window.fiitDevice.currentUser(), id)", record_id)


def device_gone(record_id):
    """A wait_for_function predicate: the record is no longer in the signed-in user's queue."""
    return f"() => window.fiitDevice.get(window.fiitDevice.currentUser(), {record_id!r}).then(v => v === null)"
