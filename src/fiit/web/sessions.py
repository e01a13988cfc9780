"""Sessions in the database: read with their user in one statement, written at most once a minute when unchanged.

**Written.** Sessions end after 30 idle minutes (``SESSION_SAVE_EVERY_REQUEST``: each
request moves the end on). Written literally, that is an UPDATE of the session
row on every page: a write transaction per request, which on SQLite queues
every page behind every autosave of the team. Here a session whose data did
not change is written again only when its stored end is more than
:data:`REFRESH_AFTER` behind the end a save would give; the idle timeout then
lies between 29 and 30 minutes after the last request instead of exactly 30,
and a session that changed (login, second factor, language) is written at once.
Each write also stores the id of the user the data name in the row's own column
(:class:`fiit.db.session_models.WebSession`).

**Read.** Every signed-in page reads its session and then its user with their
profile: two statements, two round trips on PostgreSQL (issue 16). Here the
session row comes with the user its column names and that user's profile, in one
statement compiled once per process (fiit.db.prepared_queries): Django's own
query (the same key, the same expiry test) with the user's read joined. The
joined user is handed to ``fiit.web.sign_in_backend`` for this request only
(:func:`take_joined_user`), which uses it only for the id the signed session data
name; Django then checks the session's hash against that user as before. Nothing
is kept between requests.
"""

from __future__ import annotations

import contextvars
import datetime
from functools import cache

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import router
from django.utils import timezone

from fiit.db.prepared_queries import PreparedQuery, as_get

REFRESH_AFTER = datetime.timedelta(seconds=60)

#: The annotation that says whether the database holds synthetic data, read with the session for the banner.
SYNTHETIC_DATA_ATTRIBUTE = "fiit_synthetic_data"

# Where the key and the time go in the compiled statement: no session has this key (Django's keys are
# lower-case letters and digits) and no request runs at this time.
_SENTINEL_KEY = "\x00fiit-session-key"
_SENTINEL_NOW = datetime.datetime(1901, 2, 3, 4, 5, 6, 789, tzinfo=datetime.timezone.utc)

#: The user read with this request's session: (their id, the user or None, their profile or None, synthetic).
_joined: contextvars.ContextVar[tuple | None] = contextvars.ContextVar("fiit_joined_user", default=None)
#: What :func:`take_joined_user` answers when no user was read with the session (read them on their own).
NOT_JOINED = object()


@cache
def _session_read(model) -> PreparedQuery:
    """The unexpired session with this key (Django's ``SessionStore._get_session_from_db`` query), with the user
    its column names, their profile, and whether the database holds synthetic data."""
    from fiit.db.studies import synthetic_data_expression

    synthetic = synthetic_data_expression()
    return PreparedQuery(
        lambda key, now: as_get(model.objects.select_related("user__fiit_profile")
                                .annotate(**{SYNTHETIC_DATA_ATTRIBUTE: synthetic})
                                .filter(session_key=key, expire_date__gt=now)),
        [(model._meta.get_field("session_key"), _SENTINEL_KEY),
         (model._meta.get_field("expire_date"), _SENTINEL_NOW)],
        using=router.db_for_read(model))


def take_joined_user(user_id):
    """``(user or None, profile or None, synthetic)`` as read with this request's session, if its user column
    named ``user_id``; otherwise :data:`NOT_JOINED`. Given once: the next call answers NOT_JOINED."""
    joined = _joined.get()
    if joined is None:
        return NOT_JOINED
    _joined.set(None)
    column, user, profile, synthetic = joined
    if column is None or column != _user_id(user_id):
        return NOT_JOINED
    return user, profile, synthetic


def forget_joined_user() -> None:
    """Drop what the session's read joined (the end of the part of the request that may use it)."""
    _joined.set(None)


def _user_id(value):
    """The user id the session's data name, as the column stores it (None: none, or not one)."""
    if value is None:
        return None
    try:
        return get_user_model()._meta.pk.to_python(value)
    except ValidationError:
        return None


class SessionStore(DatabaseSessionStore):
    _stored_end = None

    @classmethod
    def get_model_class(cls):
        from fiit.db.models import WebSession

        return WebSession

    def _get_session_from_db(self):
        _joined.set(None)
        try:
            session = _session_read(self.model).get(self.session_key, timezone.now())
        except self.model.DoesNotExist:
            session = None
            self._session_key = None  # as Django's store does: a new session gets a new key
        self._stored_end = session.expire_date if session is not None else None
        if session is not None and session.user_id is not None:
            user = self.model.user.field.get_cached_value(session)  # set by the join: no query
            profile = None
            if user is not None:
                from fiit.db.models import Profile

                profile = Profile.user.field.remote_field.get_cached_value(user)
            _joined.set((session.user_id, user, profile, bool(getattr(session, SYNTHETIC_DATA_ATTRIBUTE))))
        return session

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def save(self, must_create=False):
        if (not must_create and not self.modified and self.session_key is not None
                and self._stored_end is not None
                and self._stored_end >= self.get_expiry_date() - REFRESH_AFTER):
            return  # unchanged, and its end moved on less than a minute ago
        super().save(must_create=must_create)
        self._stored_end = None
