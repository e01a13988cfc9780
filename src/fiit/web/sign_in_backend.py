"""The authentication backend: Django's ModelBackend, with the user and their fiit profile read in one query.

Every signed-in request loads its user from the session (``get_user``), and the
permission table then needs the user's profile (role, country). ModelBackend
reads the user through the ORM, and fiit read the profile in a second query;
here both come from one prepared join (fiit.db.row_reads), issue 16. Nothing
is kept between requests: a deactivated user, a changed password (the session
hash Django checks after ``get_user``) or a changed role applies at the next
request, as before. Passwords are checked by ModelBackend's ``authenticate``,
unchanged, after django-axes' lockout check (settings.AUTHENTICATION_BACKENDS).
"""

from __future__ import annotations

from functools import cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import router

from fiit.db.access import keep_profile
from fiit.db.row_reads import UserWithProfileRead


@cache
def _read() -> UserWithProfileRead:
    from fiit.db.models import Profile

    user_model = get_user_model()
    return UserWithProfileRead(user_model, Profile, using=router.db_for_read(user_model))


class UserWithProfileBackend(ModelBackend):
    def get_user(self, user_id):
        user, profile = _read().get(user_id)
        if user is None or not self.user_can_authenticate(user):
            return None
        keep_profile(user, profile)
        return user
