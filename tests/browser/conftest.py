"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's live server.

`make test` installs chromium (scripts/system-deps.sh); without it these tests are skipped with the reason.
Never `playwright install`: the browser comes from the system package.
"""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]



@pytest.fixture(autouse=True)
def sync_database_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the tests still query the database
    directly (synchronously, between browser steps), which Django would otherwise refuse.
    Only for the browser tests: the variable is removed again after each one."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def browser():
    """Per test, so Playwright's event loop is gone before the next (non-browser) test runs."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed at /usr/bin/chromium (make test installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser):
    contexts = []

    def make():
        context = browser.new_context(viewport={"width": 1024, "height": 768}, locale="nl-BE")
        context.set_default_timeout(15000)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def people(db):
    """A study and two interviewers with a second factor: Belgium (Dutch) and France (French).
    ``people[username]`` is the user's TOTP device (tests/support/otp.py)."""
    from fiit.db.models import Study
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user
    from tests.capture.support import PASSWORD
    from tests.support.otp import make_device

    sync_frameworks()
    Study.objects.create(name="Browser study")
    out = {}
    for name, country in (("interviewer_be", "BE"), ("interviewer_fr", "FR")):
        user = create_user(name, "interviewer", PASSWORD, country=country, language="nl" if country == "BE" else "fr")
        out[name] = make_device(user)
    return out
