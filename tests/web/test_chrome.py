"""The header and footer tags (fiit.web.templatetags.fiit_chrome) draw what ``{% include %}`` of their
templates draws, for every role, interface language, kind of page and state, on a first request of a
kind (drawn and kept) and on later ones (kept copy, another user's name, path and CSRF token put in).

Both are drawn in the same context, so the CSRF token is the same one and the comparison is exact.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from tests.web.conftest import PASSWORD

BOTH = ('{% load i18n fiit_chrome %}{% get_current_language as LANGUAGE_CODE %}'
                '{% include "fiit/_site_header.html" %}\x00{% site_header %}\x00'
                '{% include "fiit/_site_footer.html" %}\x00{% site_footer %}')
PATHS = ("/", "/interviews/?status=final&q=%22%3Cb%3E%27", "/reports/", "/coding/", "/instruments/",
         "/interviews/new/")
ROLES = (("coordinator", None), ("country_lead", "BE"), ("interviewer", "BE"), ("analyst", None), ("viewer", None))


@pytest.fixture
def two_of_each_role(countries):
    """Two users per role; one of each pair has a name with markup (set past the validator)."""
    from django.contrib.auth import get_user_model

    from fiit.db.users import create_user

    users = {}
    for role, country in ROLES:
        first = create_user(f"{role}-one", role, PASSWORD, country=country)
        second = create_user(f"{role}-two", role, PASSWORD, country=country)
        get_user_model().objects.filter(pk=second.pk).update(username=f"o'{role}<&>\"x")
        second.refresh_from_db()
        users[role] = (first, second)
    return users


def drawn(user, path: str, lang: str) -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    request.resolver_match = resolve(path.split("?")[0])
    with translation.override(lang):
        return Template(BOTH).render(RequestContext(request)).split("\x00")


@pytest.mark.django_db
def test_the_tags_draw_what_the_includes_draw(two_of_each_role, settings):
    from fiit.db.models import Study
    from fiit.web.templatetags import fiit_chrome

    fiit_chrome._KEPT.clear()
    compared = 0
    for synthetic in (False, True):
        if synthetic:
            Study.objects.create(name="Synthetic", synthetic=True)
        for (role, pair), path, lang, off in itertools.product(two_of_each_role.items(), PATHS, ("en", "nl", "hu"),
                                                               (False, True)):
            settings.FIIT_SECOND_FACTOR = not off  # the demo's switch: a notice in the header when off
            for user in pair:  # the first draws and keeps the kind of page, the second reads the kept copy
                header, kept_header, footer, kept_footer = drawn(user, path, lang)
                assert ('id="second-factor-off"' in header) == off
                assert kept_header == header, (role, path, lang, off, user.username)
                assert kept_footer == footer
                assert ("synthetic-banner" in header) == synthetic
                compared += 1
        for path, lang in itertools.product(PATHS, ("en", "fr")):
            header, kept_header, footer, kept_footer = drawn(AnonymousUser(), path, lang)
            assert (kept_header, kept_footer) == (header, footer)
    assert compared == 2 * len(ROLES) * len(PATHS) * 3 * 2 * 2
    # what was compared holds what differs between requests, escaped
    header = drawn(two_of_each_role["viewer"][1], PATHS[1], "en")[1]
    assert "o&#x27;viewer&lt;&amp;&gt;&quot;x" in header and "o'viewer<" not in header
    assert 'value="/interviews/?status=final&amp;q=%22%3Cb%3E%27"' in header
    assert 'name="csrfmiddlewaretoken"' in header and fiit_chrome._MARK not in header


@pytest.mark.django_db
def test_what_is_kept_names_no_user_and_holds_no_token(two_of_each_role):
    from fiit.web.templatetags import fiit_chrome

    fiit_chrome._KEPT.clear()
    user = two_of_each_role["interviewer"][0]
    header = drawn(user, "/interviews/", "en")[1]
    kept = "".join(fiit_chrome._KEPT.values())
    token = header.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    assert user.username in header and user.username not in kept
    assert len(token) == 64 and token not in kept and fiit_chrome.TOKEN_MARK in kept


@pytest.mark.django_db
def test_a_context_without_a_request_gets_the_plain_include():
    from django.template import Context

    html = Template("{% load fiit_chrome %}{% site_header %}").render(Context({}))
    assert 'class="site-header"' in html and "header-tools" in html and "logout" not in html
