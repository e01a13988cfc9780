"""The sessions' table: Django's database session, with the signed-in user's id in a column of its own.

Every signed-in page reads its session and then its user. Django keeps the
user's id inside the session's signed data, so the two reads are two
statements; on PostgreSQL each is a round trip to the server (issue 16). With
the id in a column, :mod:`fiit.web.sessions` reads the session, its user and the
user's profile in one statement. The column is only a hint for that join:
the user Django signs in is still the one named in the signed data, and
``fiit.web.sign_in_backend`` uses the joined row only when the two ids agree.

No foreign-key constraint and no index: the table behaves as Django's own
(a deleted user's sessions stay until they expire, and lead nowhere), and a
session's write costs what it cost.
"""

from __future__ import annotations

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models


class WebSession(AbstractBaseSession):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.DO_NOTHING,
                             db_constraint=False, db_index=False, related_name="+",
                             help_text="The signed-in user named in the session's data, if any (a hint for the "
                                       "page's join; the signed data decide).")

    class Meta(AbstractBaseSession.Meta):
        db_table = "fiit_websession"

    @classmethod
    def get_session_store_class(cls):
        return import_module(settings.SESSION_ENGINE).SessionStore
