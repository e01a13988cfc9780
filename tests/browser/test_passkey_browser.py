"""Passkeys in a real browser: Chromium's virtual authenticator (DevTools' WebAuthn domain) stands in
for a phone or security key. Enrol a passkey after the password, sign out, sign in with it.

The ceremony is the real one end to end: django-otp-webauthn's scripts (served from our static files)
call navigator.credentials.create/get, Chromium's authenticator signs, the server checks the
attestation and the assertion (py_webauthn) against the relying party and origin in the settings.
"""

from __future__ import annotations

import pytest

from tests.capture.support import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def add_virtual_authenticator(context, page):
    """A platform authenticator with user verification, as a phone's fingerprint reader would be."""
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True}})
    return cdp, added["authenticatorId"]


def password_step(page, base, username):
    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_load_state()


def test_enrol_a_passkey_sign_out_and_sign_in_with_it(live_server, new_context, settings, db):
    from django_otp_webauthn.models import WebAuthnCredential

    from fiit.db.models import AuditEvent
    from fiit.db.sign_in_models import SealedTOTPDevice
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    base = live_server.url.replace("127.0.0.1", "localhost")  # an IP address cannot be a relying party
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    sync_frameworks()
    user = create_user("analyst_pk", "analyst", PASSWORD)

    context = new_context()
    page = context.new_page()
    cdp, authenticator = add_virtual_authenticator(context, page)

    # 1. Password, then the enrolment page offers a passkey beside the authenticator app.
    password_step(page, base, "analyst_pk")
    assert "/account/two-factor/setup/" in page.url
    page.click("#passkey-register-button")
    page.wait_for_url(base + "/")
    credential = WebAuthnCredential.objects.get(user=user)
    assert credential.confirmed
    assert not SealedTOTPDevice.objects.filter(user=user, confirmed=True).exists()  # the passkey is the factor
    stored = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"]
    assert len(stored) == 1 and stored[0]["signCount"] >= 0
    assert page.locator("form.logout").count() == 1  # signed in, on the home page

    # 2. Sign out: the next page asks for the password again.
    page.click("form.logout button")
    page.wait_for_url("**/login/**")
    page.goto(base + "/interviews/")
    assert "/login/" in page.url

    # 3. Password, then the verify page: only the passkey (no authenticator app was set up).
    password_step(page, base, "analyst_pk")
    assert "/account/two-factor/verify/" in page.url
    assert page.locator("#id_token").count() == 0  # no authenticator-app form
    count_before = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"][0]["signCount"]
    page.click("#passkey-verification-button")
    page.wait_for_url(base + "/")
    assert page.goto(base + "/interviews/").status == 200  # a page behind the second factor opens
    count_after = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})["credentials"][0]["signCount"]
    assert count_after > count_before  # the authenticator really signed this sign-in

    logins = [e.details for e in AuditEvent.objects.filter(action="login", record_id=str(user.pk)).order_by("id")]
    assert [d.get("method") for d in logins if d.get("method") == "passkey"] == ["passkey", "passkey"]


def test_without_the_authenticator_the_passkey_sign_in_fails_and_nothing_opens(live_server, new_context, settings,
                                                                               db):
    """The same account from a browser without the passkey: the ceremony fails, the pages stay closed."""
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user

    base = live_server.url.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    sync_frameworks()
    create_user("lead_pk", "country_lead", PASSWORD, country="BE")

    first = new_context()
    page = first.new_page()
    add_virtual_authenticator(first, page)
    password_step(page, base, "lead_pk")
    page.click("#passkey-register-button")
    page.wait_for_url(base + "/")

    other = new_context()  # another browser: an empty virtual authenticator
    page = other.new_page()
    add_virtual_authenticator(other, page)
    password_step(page, base, "lead_pk")
    assert "/account/two-factor/verify/" in page.url
    page.click("#passkey-verification-button")
    status = page.locator("#passkey-verification-status-message")
    status.wait_for(state="visible")
    page.wait_for_function("() => document.getElementById('passkey-verification-status-message').textContent")
    assert "/account/two-factor/verify/" in page.url
    page.goto(base + "/interviews/")
    assert "/account/two-factor/verify/" in page.url


def test_the_passkey_pages_fit_a_phone_in_hungarian_and_pass_axe(live_server, browser, settings, db):
    """The enrolment and sign-in pages with their passkey part, at 320 and 390 px, in Hungarian."""
    from fiit.db.models import Profile
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user
    from tests.browser.test_screens_browser import overflow, serious_axe_violations, too_wide

    base = live_server.url.replace("127.0.0.1", "localhost")
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [base]
    sync_frameworks()
    user = create_user("elemzo", "analyst", PASSWORD, language="hu")
    Profile.objects.filter(user=user).update(language="hu")
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="hu-HU", bypass_csp=True)
    context.set_default_timeout(30000)
    page = context.new_page()
    add_virtual_authenticator(context, page)
    problems = []

    def check(path_part):
        assert path_part in page.url
        page.wait_for_selector("#passkey-register-button, #passkey-verification-button")
        assert page.evaluate("() => document.documentElement.lang") == "hu"
        for width in (320, 390):
            page.set_viewport_size({"width": width, "height": 800})
            if overflow(page):
                problems.append(f"{page.url} at {width}px: {too_wide(page)}")
        problems.extend(f"{page.url}: axe {v}" for v in serious_axe_violations(page))

    password_step(page, base, "elemzo")
    check("/account/two-factor/setup/")
    assert "Vagy használjon azonosítókulcsot" in page.content()
    page.click("#passkey-register-button")
    page.wait_for_url(base + "/")
    page.click("form.logout button")
    page.wait_for_url("**/login/**")
    password_step(page, base, "elemzo")
    check("/account/two-factor/verify/")
    context.close()
    assert problems == []
