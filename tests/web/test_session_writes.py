"""Pages do not write the session row when nothing in the session changed (issue 16, fiit.web.sessions).

The idle timeout still moves on: a session whose stored end is more than a
minute behind gets written (tests/accounts/test_session_timeout.py checks the
29-30 minutes); one that changed is written at once.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fiit.db.models import WebSession as Session
from tests.capture.support import PASSWORD

pytestmark = pytest.mark.django_db


def session_writes(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return sum(1 for q in context.captured_queries
               if "fiit_websession" in q["sql"] and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT")))


@pytest.fixture
def signed_in(client, db):
    from fiit.db.store import sync_frameworks
    from fiit.db.users import create_user
    from tests.support.otp import verified_login

    sync_frameworks()
    user = create_user("coordinator", "coordinator", PASSWORD)
    verified_login(client, user)
    return client


def stored_end(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_an_unchanged_session_is_not_written_again_within_a_minute(signed_in):
    session_writes(signed_in, "/")  # the first page may write (the login left a fresh row)
    end = stored_end(signed_in)
    assert [session_writes(signed_in, url) for url in ("/", "/interviews/", "/")] == [0, 0, 0]
    assert stored_end(signed_in) == end
    left = end - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 90) < left  # still (about) 30 minutes


def test_a_session_whose_end_lags_a_minute_is_written(signed_in):
    session_writes(signed_in, "/")
    key = signed_in.session.session_key
    lagging = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 61)
    Session.objects.filter(session_key=key).update(expire_date=lagging)
    assert session_writes(signed_in, "/") == 1
    left = stored_end(signed_in) - dt.datetime.now(dt.timezone.utc)
    assert dt.timedelta(seconds=settings.SESSION_COOKIE_AGE - 5) < left <= dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_a_changed_session_is_written_at_once(signed_in):
    from fiit.web.sessions import SessionStore

    session_writes(signed_in, "/")
    key = signed_in.session.session_key
    unchanged = SessionStore(key)
    assert unchanged.get("probe") is None  # loaded, not changed
    with CaptureQueriesContext(connection) as context:
        unchanged.save()
    assert not any("fiit_websession" in q["sql"] for q in context.captured_queries)
    changed = SessionStore(key)
    changed["probe"] = "changed"
    changed.save()
    assert Session.objects.get(session_key=key).get_decoded()["probe"] == "changed"
