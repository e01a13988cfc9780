"""Every capture page fits a phone and passes axe-core, in Hungarian (the longest words of the five).

(d) At 320 and 390 px wide, no page scrolls sideways (WCAG 1.4.10, reflow).
(e) axe-core (vendored from npm, tests/browser/vendor) finds no serious or critical violation.
axe is injected by the test (page.add_script_tag, with the page's CSP bypassed for that); the app
never serves it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import ARGS, CHROMIUM
from tests.browser.support import log_in
from tests.capture.support import COMPLETE_VICTIM, PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
WIDTHS = (320, 390)


@pytest.fixture
def hungarian_study(db):
    """A Hungarian interviewer and country lead, a finalised victim interview changed once after finalising,
    and a draft with consent."""
    from fiit.db.capture import finalise, record_consent, save_answers, start_interview
    from fiit.db.keys import current_keyfile
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user
    from tests.support.otp import make_device

    sync_frameworks()
    study = Study.objects.create(name="Screens study")
    interviewer = create_user("interviewer_hu", "interviewer", PASSWORD, country="HU", language="hu")
    lead = create_user("lead_hu", "country_lead", PASSWORD, country="HU", language="hu")
    keyfile = current_keyfile()
    final = start_interview(study=study, instrument_id="victim", country="HU", language="hu", user=interviewer,
                            keyfile=keyfile)
    record_consent(final, user=interviewer, research_use=True, quotes=False, follow_up=False)
    save_answers(final, {**COMPLETE_VICTIM, "a1": "Lépésről lépésre jobb lett."}, user=interviewer, keyfile=keyfile)
    finalise(final, user=interviewer, keyfile=keyfile)
    save_answers(final, {"a_scale": 3}, user=lead, keyfile=keyfile, reason="Papírról átvezetve")
    draft = start_interview(study=study, instrument_id="victim", country="HU", language="hu", user=interviewer,
                            keyfile=keyfile)
    record_consent(draft, user=interviewer, research_use=True, quotes=False, follow_up=False)
    fresh = start_interview(study=study, instrument_id="policymaker", country="HU", language="hu",
                            user=interviewer, keyfile=keyfile)
    return {"interviewer": make_device(interviewer), "lead": make_device(lead), "final": final, "draft": draft,
            "fresh": fresh}


@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


def pages_of(study):
    final, draft, fresh = study["final"].uid, study["draft"].uid, study["fresh"].uid
    interviewer = ["/", "/interviews/", "/interviews/?status=final", "/interviews/new/", "/interviews/field/",
                   "/interviews/field/victim/HU/hu/", f"/interviews/{fresh}/consent/", f"/interviews/{draft}/edit/",
                   f"/interviews/{draft}/review/", f"/interviews/{final}/", "/instruments/", "/instruments/victim/"]
    lead = [f"/interviews/{final}/history/", f"/interviews/{final}/edit/", f"/interviews/{final}/",
            "/interviews/?code=HU"]
    return interviewer, lead


def overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)")


def too_wide(page) -> str:
    """The elements reaching past the window's right edge (for the failure message)."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
      .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5)
      .filter(el => { for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(a).overflowX)) return false; }
        return true; })  // inside a box that scrolls on its own: not what moves the page
      .filter(el => ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 0.5))
      .slice(0, 4).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') +
        ' (' + Math.round(el.getBoundingClientRect().right) + 'px)').join(', ')""")


def serious_axe_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
      const result = await axe.run(document, {resultTypes: ['violations']});
      return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
    }""")
    return found


def check_pages(browser, base, user, device, paths, problems):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="hu-HU", bypass_csp=True)
    context.set_default_timeout(20000)
    page = context.new_page()
    log_in(page, base, user, device)
    for path in paths:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.evaluate("() => document.documentElement.lang") == "hu", path
            extra = overflow(page)
            if extra:
                problems.append(f"{path} at {width}px: {extra}px sideways scroll — {too_wide(page)}")
        for violation in serious_axe_violations(page):
            problems.append(f"{path}: axe {violation}")
    context.close()


def test_every_capture_page_fits_320_and_390_px_in_hungarian_and_passes_axe(live_server, chromium, hungarian_study):
    base = live_server.url
    interviewer_pages, lead_pages = pages_of(hungarian_study)
    problems: list[str] = []
    check_pages(chromium, base, "interviewer_hu", hungarian_study["interviewer"], interviewer_pages, problems)
    # The second login of the test within one TOTP window needs the next code: log_in uses code(); the lead
    # has their own device, so the codes differ anyway.
    check_pages(chromium, base, "lead_hu", hungarian_study["lead"], lead_pages, problems)
    # The login page itself, signed out.
    context = chromium.new_context(viewport={"width": 320, "height": 800}, locale="hu-HU", bypass_csp=True)
    page = context.new_page()
    page.goto(base + "/login/")
    if overflow(page):
        problems.append(f"/login/ at 320px: {overflow(page)}px sideways scroll — {too_wide(page)}")
    problems += [f"/login/: axe {v}" for v in serious_axe_violations(page)]
    context.close()
    assert not problems, "\n".join(problems)


def test_the_scale_stays_on_one_row_and_the_focused_field_stays_above_the_sticky_bar(live_server, chromium,
                                                                                      hungarian_study):
    base = live_server.url
    context = chromium.new_context(viewport={"width": 360, "height": 640}, locale="hu-HU")
    context.set_default_timeout(20000)
    page = context.new_page()
    log_in(page, base, "interviewer_hu", hungarian_study["interviewer"])
    page.goto(f"{base}/interviews/{hungarian_study['draft'].uid}/edit/")
    page.wait_for_selector("#capture-form[data-ready]")
    tops = page.eval_on_selector_all("#question-a_scale .scale-point",
                                     "points => points.map(p => Math.round(p.getBoundingClientRect().top))")
    assert len(tops) == 10 and len(set(tops)) == 1, tops
    # Tab through the step: every focused control is fully above the sticky bar and below the status line.
    page.focus("#skip-to-question")
    page.keyboard.press("Enter")
    for _ in range(25):
        page.keyboard.press("Tab")
        page.wait_for_function("""() => {
          const el = document.activeElement, bar = document.querySelector('.form-actions');
          if (!el || bar.contains(el) || !el.closest('#capture-form')) return true;
          const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
          return r.bottom <= b.top + 1;
        }""", timeout=3000)
    context.close()
