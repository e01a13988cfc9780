"""Deny by default: every view needs a logged-in user unless it says otherwise.

:func:`require_login` walks a list of URL patterns (and the patterns of every
``include()``) and wraps each view in Django's ``login_required``. A view opts
out only by being marked with ``django.contrib.auth.decorators.login_not_required``
(the login page, the language switch, the stylesheet). A view added later is
therefore protected without anyone remembering to protect it. The same marker
is honoured by Django's ``LoginRequiredMiddleware``, so adding that middleware
to the settings later changes nothing here.

:func:`requires` is the second gate, for pages that belong to one action of the
permission table (``fiit.db.access.PERMISSIONS``): a user whose role has no
scope for that action gets 403. Pages about one interview go further and ask
``interviews_for`` for it, so another country's interview is a 404.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
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


def requires(action: str):
    """Refuse (403) users whose role has no scope for ``action`` in the permission table."""
    from fiit.db.access import ACTIONS, scope

    if action not in ACTIONS:
        raise ValueError(f"unknown action '{action}'")

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if scope(request.user, action) is None:
                raise PermissionDenied(f"no permission to {action}")
            return view(request, *args, **kwargs)

        wrapped.fiit_action = action
        return wrapped

    return decorate
