"""Fixtures for the web tests: compiled translations, countries, users, interviews, frameworks.

Settings come from the root configuration (fiit.web.test_settings); nothing here changes them.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tests.web.framework_data import framework_dict

COUNTRY_NAMES = {
    "BE": {"en": "Belgium", "nl": "België", "fr": "Belgique", "it": "Belgio", "hu": "Belgium"},
    "FR": {"en": "France", "nl": "Frankrijk", "fr": "France", "it": "Francia", "hu": "Franciaország"},
    "HU": {"en": "Hungary", "nl": "Hongarije", "fr": "Hongrie", "it": "Ungheria", "hu": "Magyarország"},
}
PASSWORD = "a-test-password-of-some-length"


@pytest.fixture(scope="session", autouse=True)
def compiled_messages():
    """The .mo files, compiled from the .po files if missing or older (as `make setup` does)."""
    from fiit.web.compile_messages import compile_all, po_files

    stale = [p for p in po_files() if not p.with_suffix(".mo").exists()
             or p.with_suffix(".mo").stat().st_mtime < p.stat().st_mtime]
    if stale:
        written, problems = compile_all()
        assert not problems, problems


@pytest.fixture
def countries(db):
    from fiit.db.models import Country

    return {
        code: Country.objects.create(code=code, names=names, position=i)
        for i, (code, names) in enumerate(COUNTRY_NAMES.items())
    }


@pytest.fixture
def make_user(db, countries):
    from fiit.db.users import create_user

    def make(username="coordinator", role="coordinator", country=None, language="en"):
        return create_user(username, role, PASSWORD, country=country, language=language)

    return make


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def logged_in(client, user, otp_login):
    """The coordinator, logged in with a verified second factor."""
    otp_login(client, user)
    return client


_respondents = itertools.count(1)


@pytest.fixture
def make_interviews(db, countries):
    """make(study, instrument_id, country_code, n): n interview rows (no answers: the pages count rows)."""
    from fiit.db.models import Interview
    from fiit.db.store import store_instrument
    from fiit.instruments import get_instrument

    def make(study, instrument_id, country, n, synthetic=False):
        version = store_instrument(get_instrument(instrument_id))
        for _ in range(n):
            Interview.objects.create(
                study=study, instrument=version, country_id=country, language="en",
                respondent_code=f"R{next(_respondents):05d}", interview_date=dt.date(2012, 5, 1),
                synthetic=synthetic,
            )

    return make


@pytest.fixture
def store_framework(db, countries):
    from fiit.db.models import Framework

    def store(code, **changes):
        data = framework_dict(code, COUNTRY_NAMES[code], **changes)
        return Framework.objects.create(country=countries[code], data=data)

    return store
