"""The capture pages' links reversed once per process (fiit.web.capture.page_urls) equal Django's ``reverse``."""

from __future__ import annotations

import uuid

import pytest
from django.urls import get_script_prefix, reverse, set_script_prefix

from fiit.web.capture.page_urls import interview_url, page_url, url_maker

WITH_UID = ("capture-detail", "capture-form", "capture-consent", "capture-history", "capture-delete", "capture-save")
PLAIN = ("capture-list", "capture-new", "capture-field-precache")


@pytest.fixture
def prefix():
    before = get_script_prefix()
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("script_prefix", ["/", "/fiit/"])
def test_each_link_is_what_reverse_gives(prefix, script_prefix):
    prefix(script_prefix)
    for _ in range(2):  # the second time from the kept pattern
        for name in WITH_UID:
            for uid in (uuid.uuid4(), str(uuid.uuid4())):
                expected = reverse(name, kwargs={"uid": uid})
                assert interview_url(name, uid) == expected == url_maker(name)(uid)
                assert expected.startswith(script_prefix)
        for name in PLAIN:
            assert page_url(name) == reverse(name)


def test_a_server_under_another_prefix_gets_its_own_links(prefix):
    uid = uuid.uuid4()
    prefix("/")
    at_root = interview_url("capture-form", uid)
    prefix("/elsewhere/")
    assert interview_url("capture-form", uid) == "/elsewhere" + at_root
    assert page_url("capture-list") == reverse("capture-list") == "/elsewhere/interviews/"


def test_past_the_maximum_the_patterns_are_reversed_again(prefix, monkeypatch):
    from fiit.web.capture import page_urls

    monkeypatch.setattr(page_urls, "_MAXIMUM", 2)
    page_urls._patterns.clear()
    for script_prefix in ("/a/", "/b/", "/c/"):
        prefix(script_prefix)
        assert page_url("capture-list") == reverse("capture-list")
    assert len(page_urls._patterns) == 1  # the third prefix found two kept: both dropped
