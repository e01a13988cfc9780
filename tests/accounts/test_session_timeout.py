"""Sessions end after 30 idle minutes, and when the browser closes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from fiit.db.models import WebSession as Session
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def now():
    return dt.datetime.now(dt.timezone.utc)


def analyst_login(client, world):
    """Password, then the second factor every reader of open answers needs (issue 14, H2)."""
    from tests.support.otp import code, make_device

    device = make_device(world.users["analyst"])
    client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    client.post(reverse("otp-verify"), {"token": code(device)})


def row(client) -> Session:
    return Session.objects.get(session_key=client.session.session_key)


def test_the_session_cookie_lasts_until_the_browser_closes(client, world):
    response = client.post(reverse("login"), {"username": "analyst", "password": PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    assert cookie["httponly"] and cookie["samesite"] == "Strict"


def test_each_request_moves_the_end_thirty_minutes_on(client, world):
    analyst_login(client, world)
    Session.objects.filter(pk=row(client).pk).update(expire_date=now() + dt.timedelta(minutes=1))  # 29 idle minutes
    assert client.get(reverse("home")).status_code == 200
    left = row(client).expire_date - now()
    assert dt.timedelta(minutes=29) < left <= dt.timedelta(minutes=30)


def test_after_thirty_idle_minutes_the_next_page_asks_for_a_login(client, world):
    analyst_login(client, world)
    assert client.get(reverse("instrument-list")).status_code == 200
    Session.objects.filter(pk=row(client).pk).update(expire_date=now() - dt.timedelta(seconds=1))
    response = client.get(reverse("instrument-list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("instrument-list")


def test_an_expired_verified_session_needs_the_second_factor_again(client, world, otp_login):
    from tests.support.otp import code

    device = otp_login(client, world.users["int_be"])
    assert client.get(reverse("home")).status_code == 200
    Session.objects.all().update(expire_date=now() - dt.timedelta(seconds=1))
    assert client.get(reverse("home"))["Location"].startswith(reverse("login"))
    client.post(reverse("login"), {"username": "int_be", "password": PASSWORD})
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp-verify"))
    client.post(reverse("otp-verify"), {"token": code(device)})
    assert client.get(reverse("home")).status_code == 200
