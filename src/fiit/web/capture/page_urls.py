"""The capture pages' links, reversed once per process rather than on every page (issue 16).

A ``{% url %}`` tag costs about 25-50 µs of a page's CPU, most of it Django's
``reverse``; an interview's pages draw three to six. Here each URL name is
reversed once per script prefix (a server mounted under a path gets its own) with
a stand-in uid, and an interview's link is that pattern with its uid put in.
``tests/web/test_page_urls.py`` compares every one with ``reverse``.
"""

from __future__ import annotations

from typing import Callable

from django.urls import get_script_prefix, reverse

_UID = "00000000-0000-0000-0000-000000000000"
_patterns: dict[tuple[str, str, bool], str] = {}  # (name, script prefix, takes a uid) -> URL
_MAXIMUM = 1024  # past it (a proxy sending many script prefixes) all are dropped and reversed again


def _pattern(name: str, with_uid: bool) -> str:
    key = (name, get_script_prefix(), with_uid)
    pattern = _patterns.get(key)
    if pattern is None:
        if len(_patterns) >= _MAXIMUM:
            _patterns.clear()
        pattern = _patterns[key] = reverse(name, kwargs={"uid": _UID}) if with_uid else reverse(name)
    return pattern


def url_maker(name: str) -> Callable[[object], str]:
    """``uid -> URL`` for one URL name that takes an interview's uid."""
    pattern = _pattern(name, True)
    return lambda uid: pattern.replace(_UID, str(uid))


def interview_url(name: str, uid) -> str:
    """The URL ``name`` of the interview ``uid``: ``reverse(name, kwargs={"uid": uid})``."""
    return _pattern(name, True).replace(_UID, str(uid))


def page_url(name: str) -> str:
    """The URL ``name`` (no arguments): ``reverse(name)``."""
    return _pattern(name, False)
