"""Every page of fiit fits a phone and passes axe-core, in Hungarian — not only the capture pages.

Issue 13, done-when (d) and (e): at 320 and 390 px no page scrolls sideways (WCAG 1.4.10) and axe-core finds
no serious or critical violation. ``test_screens_browser.py`` checks the capture pages, home, the instrument
pages and the sign-in page on a small Hungarian study; this file checks the rest on the demo study (long
tables, real reports, codings, findings): country frameworks, reports, editorial pages, the coding
workbench, the two-factor pages.

So that no page escapes, ``PAGES`` and ``NOT_PAGES`` together must name every URL name of the site:
a new view fails ``test_every_named_url_is_a_checked_page_or_said_not_to_be_one`` until it is added to
one of them (or to the capture screens, which are read from ``test_screens_browser.pages_of``).
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace

import pytest
from django.urls import resolve

from tests.browser.test_screens_browser import WIDTHS, overflow, pages_of, serious_axe_violations, too_wide
from tests.capture.support import PASSWORD
from tests.support.reports import build_asked_reports

# URL name -> what the test opens, as (who, path builder). ``who`` is "coordinator" or "lead" (both Hungarian,
# second factor verified); the path builder gets the fixture's objects.
PAGES = {
    "framework-compare": ("coordinator", lambda w: "/frameworks/"),
    "framework-country": ("coordinator", lambda w: "/frameworks/HU/"),
    "report-index": ("coordinator", lambda w: "/reports/"),
    "report-comparative": ("coordinator", lambda w: "/reports/comparative/"),
    "report-country": ("lead", lambda w: "/reports/country/HU/"),
    "editorial-recommendations": ("lead", lambda w: "/editorial/recommendations/"),
    "editorial-recommendation-new": ("lead", lambda w: "/editorial/recommendations/new/"),
    "editorial-recommendation-edit": ("lead", lambda w: f"/editorial/recommendations/{w['recommendation'].pk}/edit/"),
    "editorial-recommendation-delete": ("lead",
                                        lambda w: f"/editorial/recommendations/{w['recommendation'].pk}/delete/"),
    "editorial-quotes": ("lead", lambda w: "/editorial/quotes/"),
    "capture-delete": ("lead", lambda w: f"/interviews/{w['draft'].uid}/delete/"),
    "coding-home": ("coordinator", lambda w: "/coding/"),
    "coding-question": ("coordinator", lambda w: "/coding/question/?instrument=victim&question=a1&country=HU"),
    "coding-interview": ("coordinator", lambda w: f"/coding/interview/{w['coded'].uid}/"),
    "coding-agreement": ("coordinator", lambda w: "/coding/agreement/"),
    "coding-disagreements": ("coordinator", lambda w: "/coding/disagreements/"),
    "coding-retrieve": ("coordinator", lambda w: "/coding/retrieve/"),
    "coding-findings": ("coordinator", lambda w: "/coding/findings/"),
    "password-change": ("lead", lambda w: "/account/password/"),
    # the sign-in steps (checked while signing in: the code page, and the set-up page of a new analyst)
    "otp-verify": ("signing-in", None),
    "otp-setup": ("enrolling", None),
}

# URL names that are not pages a person reads (each with why).
NOT_PAGES = {
    "ping": "health check, plain text",
    "logout": "POST only",
    "set_language": "POST only",
    "otp-qr": "the QR code image of the set-up page",
    "service-worker": "JavaScript",
    "web-manifest": "the installable app's manifest (JSON)",
    "capture-field-precache": "JSON for the service worker",
    "capture-field-session": "JSON: who is signed in",
    "capture-sync": "JSON, POST only",
    "capture-save": "JSON, POST only",
    "capture-finalise": "POST only (a GET goes back to the review page, checked there)",
    "report-file": "a prepared PDF/DOCX file",
    "report-download-comparative": "a download (HTML/PDF/DOCX file)",
    "report-download-country": "a download (HTML/PDF/DOCX file)",
    "report-public-comparative": "a download of the public edition (file)",
    "report-public-country": "a download of the public edition (file)",
    "editorial-quote-approve": "POST only",
    "editorial-quote-withdraw": "POST only",
    "coding-apply": "JSON, POST only",
    "coding-remove": "JSON, POST only",
    "coding-memo": "JSON, POST only",
    "coding-done": "JSON, POST only",
    "coding-suggestions-quality": "JSON",
    "coding-reconcile": "POST only",
    "coding-finding-new": "POST only",
    "coding-finding-publish": "POST only",
    "coding-quote-freeze": "POST only",
    # passkeys (django-otp-webauthn): the ceremony's JSON endpoints and scripts; "done" only redirects
    "credential-authentication-begin": "JSON, POST only (passkey ceremony)",
    "credential-authentication-complete": "JSON, POST only (passkey ceremony)",
    "credential-registration-begin": "JSON, POST only (passkey ceremony)",
    "credential-registration-complete": "JSON, POST only (passkey ceremony)",
    "js-i18n-catalog": "JavaScript (the passkey library's texts)",
    "passkey-js-catalog": "JavaScript (fiit's passkey texts)",
    "passkey-done": "a redirect after a passkey ceremony (audits it, then goes on)",
}


def _capture_screens() -> set[str]:
    """The URL names the capture screens test opens (its paths, with made-up interview ids, resolved)."""
    fake = {name: SimpleNamespace(uid=uuid.uuid4()) for name in ("final", "draft", "fresh")}
    interviewer, lead = pages_of(fake)
    return {resolve(path.split("?")[0]).url_name for path in interviewer + lead + ["/login/"]}


def test_every_named_url_is_a_checked_page_or_said_not_to_be_one():
    from tests.accounts.test_matrix import url_names

    names = set(url_names()) - {None}
    checked = set(PAGES) | set(NOT_PAGES) | _capture_screens()
    assert not sorted(names - checked), (
        f"add these URL names to PAGES (a page: checked at 320/390 px and with axe) or NOT_PAGES in {__file__}: "
        f"{sorted(names - checked)}")
    assert not sorted((set(PAGES) | set(NOT_PAGES)) - names), "stale entries"
    assert not set(PAGES) & set(NOT_PAGES) and not set(PAGES) & _capture_screens()


@pytest.fixture
def demo_site(transactional_db, tmp_path, settings, monkeypatch, demo_template):
    """The demo study (reports, codings, findings, quotes), a Hungarian coordinator and country lead with a
    second factor, a Hungarian draft and a recommendation of the Hungarian report."""
    from fiit.db.capture import record_consent, start_interview
    from fiit.db.models import Interview, Recommendation
    from fiit.db.users import create_user
    from tests.support.otp import make_device

    demo = demo_template.copy_into(tmp_path)  # what build_demo writes (tests/support/demo_copy.py)
    keyfile, study = demo.keyfile, demo.study
    settings.KEY_FILE = str(keyfile.path)
    monkeypatch.setenv("FIIT_REPORTS_DIR", str(tmp_path / "out"))
    coordinator = create_user("page_coord_hu", "coordinator", PASSWORD, language="hu")
    lead = create_user("page_lead_hu", "country_lead", PASSWORD, country="HU", language="hu")
    create_user("page_analyst_hu", "analyst", PASSWORD, language="hu")  # no second factor yet: the set-up page
    draft = start_interview(study=study, instrument_id="victim", country="HU", language="hu", user=lead,
                            keyfile=keyfile)
    record_consent(draft, user=lead, research_use=True, quotes=False, follow_up=False)
    recommendation = Recommendation.objects.create(
        study=study, country_id="HU", theme="status", created_by=lead,
        text={"hu": "Az áldozatok tartózkodási jogát a büntetőeljárástól függetlenül kell biztosítani.",
              "en": "Grant victims' residence independently of criminal proceedings."})
    coded = Interview.objects.filter(study=study, country_id="HU", instrument__instrument_id="victim",
                                     status="final").order_by("pk").first()
    return {"coordinator": make_device(coordinator), "lead": make_device(lead), "draft": draft,
            "recommendation": recommendation, "coded": coded}


def _check(page, label, problems, axe=True):
    """The open page at both widths (sideways scroll), then axe once."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.wait_for_timeout(50)
        extra = overflow(page)
        if extra:
            problems.append(f"{label} at {width}px: {extra}px sideways scroll — {too_wide(page)}")
    if axe:
        problems += [f"{label}: axe {v}" for v in serious_axe_violations(page)]


def _new_page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 800}, locale="hu-HU", bypass_csp=True)
    context.set_default_timeout(120000)  # a report page may be built on its first request
    return context, context.new_page()


def _sign_in(page, base, username, device, problems):
    """Password, then the code page (checked on the way: it is only reached while signing in)."""
    from tests.support.otp import code

    page.goto(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url("**/account/two-factor/verify/**")
    _check(page, "/account/two-factor/verify/", problems)
    page.fill("input[name=token]", code(device))
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url(base + "/")


def test_every_other_page_fits_320_and_390_px_in_hungarian_and_passes_axe(live_server, browser, demo_site):
    base = live_server.url
    problems: list[str] = []
    for who, username in (("coordinator", "page_coord_hu"), ("lead", "page_lead_hu")):
        context, page = _new_page(browser)
        _sign_in(page, base, username, demo_site[who], problems)
        for name, (owner, path_of) in PAGES.items():
            if owner != who:
                continue
            path = path_of(demo_site)
            response = page.goto(base + path)
            assert response is not None and response.status == 200, f"{name} {path}: {response and response.status}"
            page.wait_for_load_state("load")
            assert page.evaluate("() => document.documentElement.lang") == "hu", path
            _check(page, path, problems)
            if page.locator("[data-report-pending]").count():
                # Reports are never built in a request: the page above said so; build it as the server's
                # background builder would, then check the report itself.
                build_asked_reports()
                page.goto(base + path)
                page.wait_for_load_state("load")
                assert not page.locator("[data-report-pending]").count(), f"{path}: still pending after the build"
                _check(page, f"{path} (built)", problems)
        context.close()
    # A new analyst must set up a second factor first: the set-up page.
    context, page = _new_page(browser)
    page.goto(base + "/login/")
    page.fill("#id_username", "page_analyst_hu")
    page.fill("#id_password", PASSWORD)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_url("**/account/two-factor/setup/**")
    _check(page, "/account/two-factor/setup/", problems)
    context.close()
    assert not problems, "\n".join(problems)
