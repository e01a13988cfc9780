"""Sessions in the database, written at most once a minute when nothing in them changed (issue 16).

Sessions end after 30 idle minutes (``SESSION_SAVE_EVERY_REQUEST``: each
request moves the end on). Written literally, that is an UPDATE of the session
row on every page: a write transaction per request, which on SQLite queues
every page behind every autosave of the team. Here a session whose data did
not change is written again only when its stored end is more than
:data:`REFRESH_AFTER` behind the end a save would give; the idle timeout then
lies between 29 and 30 minutes after the last request instead of exactly 30,
and a session that changed (login, second factor, language) is written at once.
"""

from __future__ import annotations

import datetime

from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

REFRESH_AFTER = datetime.timedelta(seconds=60)


class SessionStore(DatabaseSessionStore):
    _stored_end = None

    def _get_session_from_db(self):
        session = super()._get_session_from_db()
        self._stored_end = session.expire_date if session is not None else None
        return session

    def save(self, must_create=False):
        if (not must_create and not self.modified and self.session_key is not None
                and self._stored_end is not None
                and self._stored_end >= self.get_expiry_date() - REFRESH_AFTER):
            return  # unchanged, and its end moved on less than a minute ago
        super().save(must_create=must_create)
        self._stored_end = None
