"""Sessions in the database, written at most once a minute when nothing in them changed (issue 16).

Sessions end after 30 idle minutes (``SESSION_SAVE_EVERY_REQUEST``: each
request moves the end on). Written literally, that is an UPDATE of the session
row on every page: a write transaction per request, which on SQLite queues
every page behind every autosave of the team. Here a session whose data did
not change is written again only when its stored end is more than
:data:`REFRESH_AFTER` behind the end a save would give; the idle timeout then
lies between 29 and 30 minutes after the last request instead of exactly 30,
and a session that changed (login, second factor, language) is written at once.

The session row is read by Django's own query, compiled once per process (fiit.db.prepared_queries)
rather than on every request: the same row, the same expiry test, a fraction of the CPU (issue 16).
"""

from __future__ import annotations

import datetime
from functools import cache

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import router
from django.utils import timezone

from fiit.db.prepared_queries import PreparedQuery, as_get

REFRESH_AFTER = datetime.timedelta(seconds=60)

# Where the key and the time go in the compiled statement: no session has this key (Django's keys are
# lower-case letters and digits) and no request runs at this time.
_SENTINEL_KEY = "\x00fiit-session-key"
_SENTINEL_NOW = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.timezone.utc)


@cache
def _session_read(model) -> PreparedQuery:
    """The unexpired session with this key: Django's ``SessionStore._get_session_from_db`` query."""
    return PreparedQuery(
        lambda key, now: as_get(model.objects.filter(session_key=key, expire_date__gt=now)),
        [(model._meta.get_field("session_key"), _SENTINEL_KEY),
         (model._meta.get_field("expire_date"), _SENTINEL_NOW)],
        using=router.db_for_read(model))


class SessionStore(DatabaseSessionStore):
    _stored_end = None

    def _get_session_from_db(self):
        try:
            session = _session_read(self.model).get(self.session_key, timezone.now())
        except self.model.DoesNotExist:
            session = None
            self._session_key = None  # as Django's store does: a new session gets a new key
        self._stored_end = session.expire_date if session is not None else None
        return session

    def save(self, must_create=False):
        if (not must_create and not self.modified and self.session_key is not None
                and self._stored_end is not None
                and self._stored_end >= self.get_expiry_date() - REFRESH_AFTER):
            return  # unchanged, and its end moved on less than a minute ago
        super().save(must_create=must_create)
        self._stored_end = None
