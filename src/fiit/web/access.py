"""Deny by default: every view needs a logged-in user unless it says otherwise.

:func:`require_login` walks a list of URL patterns (and the patterns of every
``include()``) and wraps each view in Django's ``login_required``. A view opts
out only by being marked with ``django.contrib.auth.decorators.login_not_required``
(the login page, the language switch, the stylesheet). A view added later is
therefore protected without anyone remembering to protect it. The same marker
is honoured by Django's ``LoginRequiredMiddleware``, so adding that middleware
to the settings later changes nothing here.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.urls import URLPattern, URLResolver


def needs_login(view) -> bool:
    return getattr(view, "login_required", True)


def require_login(patterns: list) -> list:
    """The same patterns, every view not marked ``login_not_required`` wrapped in ``login_required``."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            require_login(entry.url_patterns)
        elif isinstance(entry, URLPattern) and needs_login(entry.callback):
            entry.callback = login_required(entry.callback)
    return patterns


def public_views(patterns: list) -> list[URLPattern]:
    """The URL patterns open to anonymous users (for tests and audits)."""
    out: list[URLPattern] = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            out += public_views(entry.url_patterns)
        elif isinstance(entry, URLPattern) and not needs_login(entry.callback):
            out.append(entry)
    return out
