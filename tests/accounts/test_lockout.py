"""Login lockout (django-axes): 5 failures lock a username from one address for 30 minutes."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from fiit.db.models import AuditEvent
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db
WRONG = "not-the-password-at-all"


def attempt(client, username, password, ip="10.1.1.1", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **extra)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_for_thirty_minutes(client, world):
    for _ in range(4):
        response = attempt(client, "analyst", WRONG)
        assert response.status_code == 200 and b"locked" not in response.content
    fifth = attempt(client, "analyst", WRONG)
    assert fifth.status_code == 429
    assert b"Too many failed attempts" in fifth.content and b"30 minutes" in fifth.content
    assert b'role="alert"' in fifth.content and b'name="username"' in fifth.content
    # Locked: even the right password is refused, and nothing about it is revealed.
    right = attempt(client, "analyst", PASSWORD)
    assert right.status_code == 429 and not logged_in(client)


def test_the_lock_is_for_that_username_from_that_address(client, world):
    for _ in range(5):
        attempt(client, "analyst", WRONG)
    assert attempt(client, "viewer", PASSWORD).status_code == 302  # another user, same address
    client.post(reverse("logout"))
    assert attempt(client, "analyst", PASSWORD, ip="10.2.2.2").status_code == 302  # same user, another address


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(client, world):
    for n in range(5):
        attempt(client, "analyst", WRONG, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert attempt(client, "analyst", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 429


def test_the_lock_ends_after_thirty_minutes(client, world):
    for _ in range(5):
        attempt(client, "analyst", WRONG)
    assert attempt(client, "analyst", PASSWORD).status_code == 429
    # Move the failures 29 minutes into the past: still locked.
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=29))
    assert attempt(client, "analyst", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=31))
    response = attempt(client, "analyst", PASSWORD)
    assert response.status_code == 302 and logged_in(client)


def test_a_successful_login_resets_the_count(client, world):
    for _ in range(4):
        attempt(client, "analyst", WRONG)
    assert attempt(client, "analyst", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert attempt(client, "analyst", WRONG).status_code == 200


def test_the_lockout_message_is_in_the_users_language(client, world):
    for _ in range(5):
        response = attempt(client, "analyst", WRONG, HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 429
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "Te veel mislukte pogingen" in html  # from docs/pending-translations-accounts.json


def test_failures_and_the_lockout_are_audited_without_the_password(client, world):
    for _ in range(5):
        attempt(client, "analyst", WRONG)
    attempt(client, "analyst", PASSWORD)
    events = AuditEvent.objects.filter(action="login_failed").order_by("seq")
    assert [e.details["locked"] for e in events] == [False, False, False, False, True, True]
    assert {e.actor for e in events} == {"analyst"}
    assert {e.record_id for e in events} == {str(world.users["analyst"].pk)}
    dump = repr(list(AuditEvent.objects.values()))
    assert WRONG not in dump and PASSWORD not in dump


def test_settings_match_the_policy():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == dt.timedelta(minutes=30)
    assert settings.AUTHENTICATION_BACKENDS[0] == "axes.backends.AxesStandaloneBackend"
    assert settings.MIDDLEWARE[-1] == "axes.middleware.AxesMiddleware"


def test_the_lockout_table_keeps_no_typed_username(client, world):
    for _ in range(2):
        attempt(client, "Maria Rossi typed-her-password", WRONG)
    attempt(client, "analyst", WRONG)
    stored = repr(list(AccessAttempt.objects.values()))
    assert "Maria" not in stored and "analyst" not in stored and WRONG not in stored
    assert AccessAttempt.objects.count() == 2
