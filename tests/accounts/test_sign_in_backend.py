"""The authentication backend (fiit.web.sign_in_backend) reads the user and their profile in one query on
every request and keeps neither: a deactivation, a role change or a new password applies at the next request."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_user_and_the_profile_come_in_one_query(client, world, otp_login):
    assert "fiit.web.sign_in_backend.UserWithProfileBackend" in settings.AUTHENTICATION_BACKENDS
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"  # lockout first
    otp_login(client, world.users["int_be"])
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse("ping")).status_code == 200
    read = [q["sql"] for q in context.captured_queries]
    assert not any(q.lstrip().upper().startswith("SELECT") and '"fiit_profile"' in q and '"auth_user"' not in q
                   for q in read), read  # no query of its own for the profile
    assert len(read) == 2, read  # the session with its user and their profile (fiit.web.sessions); the device
    assert all(f'"{table}"' in read[0] for table in ("fiit_websession", "auth_user", "fiit_profile")), read[0]


def test_a_deactivated_user_is_signed_out_at_the_next_request(client, world, otp_login):
    user = world.users["int_be"]
    otp_login(client, user)
    assert client.get(reverse("capture-list")).status_code == 200
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    response = client.get(reverse("capture-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_role_change_applies_at_the_next_request(client, world, otp_login):
    from fiit.db.models import Profile

    user = world.users["int_be"]
    otp_login(client, user)
    assert client.get(reverse("capture-list")).status_code == 200
    Profile.objects.filter(user=user).update(role="viewer")
    assert client.get(reverse("capture-list")).status_code == 403
    Profile.objects.filter(user=user).delete()  # no profile at all: no role, nothing allowed
    assert client.get(reverse("capture-list")).status_code == 403


def test_a_new_password_set_elsewhere_ends_the_session(client, world, otp_login):
    user = world.users["int_be"]
    otp_login(client, user)
    assert client.get(reverse("capture-list")).status_code == 200
    user.set_password("another password of some length")
    user.save(update_fields=["password"])  # e.g. `fiit user password` in another process
    response = client.get(reverse("capture-list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
