"""Deny by default: every page but the login page needs a login."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fiit.web.access import public_views
from tests.web.conftest import PASSWORD

# A sample argument for each URL parameter; a new parameter fails test_every_route_is_covered.
SAMPLE_ARGS = {"instrument_id": "victim", "code": "BE", "path": "fiit/fiit.css",
               "uid": "00000000-0000-0000-0000-000000000000", "fmt": "pdf", "name": "fiit-comparative-en.pdf",
               "pk": "1", "country": "BE", "lang": "nl"}
# The service worker and the web app manifest hold only code and names; a browser fetches them before sign-in.
# /ping/ answers "ok" and nothing else (a health check; the load benchmark's floor).
PUBLIC = {"login", "set_language", "service-worker", "web-manifest", "ping"}  # static files are served by WhiteNoise, outside the URL patterns


def routes(patterns=None, prefix=""):
    """(name, example path) for every URL of the site."""
    out = []
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            out += routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            route = prefix + str(entry.pattern)
            example = re.sub(r"^\^|\$$", "", route).replace("(?P<path>.*)", SAMPLE_ARGS["path"])
            example = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: SAMPLE_ARGS[m.group(1)], example)
            out.append((entry.name, "/" + example))
    return out


def test_every_route_is_covered():
    for _name, path in routes():
        assert "<" not in path and "(" not in path, f"no sample argument for {path}"


def test_only_the_login_page_language_switch_and_stylesheet_are_public():
    assert {p.name for p in public_views(get_resolver().url_patterns)} == PUBLIC


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", [r for r in routes() if r[0] in PUBLIC])
def test_public_routes_do_not_ask_for_a_login(client, name, path):
    response = client.get(path)
    assert not response.get("Location", "").startswith(reverse("login") + "?"), (name, path)


@pytest.mark.django_db
@pytest.mark.parametrize("name,path", [r for r in routes() if r[0] not in PUBLIC])
def test_anonymous_users_are_sent_to_the_login_page(client, name, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 302, (name, path, response.status_code)
        assert response["Location"].startswith(reverse("login") + "?next="), response["Location"]


@pytest.mark.django_db
def test_the_login_page_is_open(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content and b'name="password"' in response.content


@pytest.mark.django_db
def test_login_with_the_right_password_opens_the_home_page(client, make_user):
    make_user("viewer", "viewer")  # no second factor for a role that reads no open answers (analysts do: issue 14)
    response = client.post(reverse("login"), {"username": "viewer", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.django_db
def test_a_coordinator_needs_the_second_factor_after_the_password(client, user):
    response = client.post(reverse("login"), {"username": "coordinator", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp-setup"))


@pytest.mark.django_db
def test_login_with_a_wrong_password_is_refused(client, user):
    response = client.post(reverse("login"), {"username": "coordinator", "password": "not-the-password"})
    assert response.status_code == 200
    assert b'role="alert"' in response.content and b'aria-invalid="true"' in response.content
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_login_follows_next_but_only_to_this_site(client, user):
    data = {"username": "coordinator", "password": PASSWORD}
    response = client.post(reverse("login") + "?next=/instruments/", {**data, "next": "/instruments/"})
    assert response["Location"] == "/instruments/"
    client.logout()
    response = client.post(reverse("login"), {**data, "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


@pytest.mark.django_db
def test_logout_needs_a_post_and_ends_the_session(logged_in):
    assert logged_in.get(reverse("logout")).status_code == 405
    response = logged_in.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert logged_in.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_login_switches_the_interface_to_the_profile_language(client, make_user):
    make_user("lead_be", "country_lead", country="BE", language="nl")
    response = client.post(reverse("login"), {"username": "lead_be", "password": PASSWORD}, follow=True)
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert b'<html lang="nl">' in response.content


@pytest.mark.django_db
def test_anonymous_users_can_switch_the_language_of_the_login_page(client):
    response = client.post(reverse("set_language"), {"language": "fr", "next": reverse("login")}, follow=True)
    assert b'<html lang="fr">' in response.content
