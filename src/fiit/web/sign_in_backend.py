"""The authentication backend: Django's ModelBackend, with the user and their fiit profile read in one query.

Every signed-in request loads its user from the session (``get_user``), and the
permission table then needs the user's profile (role, country). ModelBackend
reads the user through the ORM, and fiit read the profile in a second query;
here both come from one join (``select_related`` of the profile), its statement
compiled once per process (fiit.db.prepared_queries), issue 16. Nothing
is kept between requests: a deactivated user, a changed password (the session
hash Django checks after ``get_user``) or a changed role applies at the next
request, as before. The same query answers whether the database holds synthetic data, for the
banner every page shows (fiit.web.templatetags.fiit_tags): one statement fewer per page. Passwords
are checked by ModelBackend's ``authenticate``, unchanged, after django-axes' lockout check
(settings.AUTHENTICATION_BACKENDS).

When the session was read with its user already (fiit.web.sessions: the session row's user column joined),
``get_user`` takes that row instead of asking again, but only when the column's id is the one the signed
session data name; otherwise it reads the user as above.
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router

from fiit.db.access import keep_profile
from fiit.db.models import Profile
from fiit.db.prepared_queries import PreparedQuery, as_get
# SYNTHETIC_DATA_ATTRIBUTE: the user's attribute that says whether the database holds synthetic data, read with
# the user at the start of each request (the banner, fiit.web.templatetags.fiit_tags.synthetic_data).
from fiit.web.sessions import NOT_JOINED, SYNTHETIC_DATA_ATTRIBUTE, take_joined_user

#: Where the user's id goes in the compiled statement: no user has it (ids are positive).
_SENTINEL_ID = -7317


@cache
def _read() -> PreparedQuery:
    """ModelBackend's ``get(pk=user_id)``, with the profile joined (none: the user has no profile), and the
    synthetic-data answer as an attribute of the user."""
    from fiit.db.studies import synthetic_data_expression

    user_model = get_user_model()
    synthetic = synthetic_data_expression()
    return PreparedQuery(
        lambda pk: as_get(user_model._default_manager.select_related("fiit_profile")
                          .annotate(**{SYNTHETIC_DATA_ATTRIBUTE: synthetic}).filter(pk=pk)),
        [(user_model._meta.pk, _SENTINEL_ID)], using=router.db_for_read(user_model))


def user_with_profile(user_id):
    """``(user, profile or None)`` in one query, or ``(None, None)`` when no user has this id."""
    try:
        user = _read().get(user_id)
    except get_user_model().DoesNotExist:
        return None, None
    return user, Profile.user.field.remote_field.get_cached_value(user)  # set by the join: no query


class UserWithProfileBackend(ModelBackend):
    def get_user(self, user_id):
        joined = take_joined_user(user_id)
        if joined is NOT_JOINED:
            user, profile = user_with_profile(user_id)
        else:
            user, profile, synthetic = joined
            if user is not None:
                setattr(user, SYNTHETIC_DATA_ATTRIBUTE, synthetic)
        if user is None or not self.user_can_authenticate(user):
            return None
        keep_profile(user, profile)
        return user
