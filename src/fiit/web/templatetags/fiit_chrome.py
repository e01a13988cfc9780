"""The site header and footer of every page, rendered from their templates once per kind of page.

``{% site_header %}`` and ``{% site_footer %}`` draw ``fiit/_site_header.html`` and
``fiit/_site_footer.html`` as ``{% include %}`` would. The template engine took about 1 ms of each
page for them (issue 16: a quarter of the form page), though they differ only by a few things:
the interface language, whether the data is synthetic, the user's role and permissions, the page.
Those make the key of a copy kept for the process; what differs from one request to the next (the
user name, the CSRF token, the page's path for the language switcher) is drawn once as a marker and
put in, escaped as the template escapes it, at each request. ``tests/web/test_chrome.py`` compares
both with the plain include for every role, language, page and state.

A context without a request or user (Django's CSRF failure page, the 500 page) gets the plain include.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from fiit.web.templatetags.fiit_tags import may, synthetic_data

register = template.Library()

HEADER = "fiit/_site_header.html"
FOOTER = "fiit/_site_footer.html"
#: The links the header shows by permission (its {% may %} tags): part of the key.
HEADER_PERMISSIONS = ("edit_recommendations", "approve_quote", "code_answers")
#: Letters and digits only, so escaping leaves them as they are; new for each process.
_MARK = "fiit" + secrets.token_hex(12)
USER_MARK, TOKEN_MARK, PATH_MARK = _MARK + "u", _MARK + "t", _MARK + "p"
_KEPT: dict[tuple, str] = {}
_KEPT_MAX = 2048  # kinds of page; past it the copies are dropped and drawn again


class _User:
    """The request's user, but for the name the header shows."""

    def __init__(self, user):
        self._user = user

    def __getattr__(self, name: str) -> Any:
        return getattr(self._user, name)

    def get_username(self) -> str:
        return USER_MARK


class _Request:
    """The request, but for the path the language switcher sends back."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name: str) -> Any:
        return getattr(self._request, name)

    def get_full_path(self, *args, **kwargs) -> str:
        return PATH_MARK


def _draw(context, name: str, **stand_ins) -> str:
    """``name`` drawn in ``context`` as {% include %} draws it (with ``stand_ins`` over the context)."""
    tpl = context.template.engine.get_template(name)
    with context.push(**stand_ins):
        return tpl.render(context)


def _csrf_state(token) -> str:
    # As {% csrf_token %} decides: a token, the "not provided" marker, or nothing at all.
    if not token:
        return "none"
    return "not-provided" if token == "NOTPROVIDED" else "token"


@register.simple_tag(takes_context=True)
def site_header(context) -> SafeString:
    request, user = context.get("request"), context.get("user")
    if request is None or user is None or context.template is None:
        return mark_safe(_draw(context, HEADER))  # nosec B308: a template's output
    authenticated = bool(user.is_authenticated)
    match = getattr(request, "resolver_match", None)
    languages = context.get("fiit_languages") or ()
    token = context.get("csrf_token")
    state = _csrf_state(token)
    synthetic = synthetic_data(context)
    key = (HEADER, context.get("LANGUAGE_CODE"), synthetic, bool(context.get("second_factor_off")),
           authenticated, (getattr(match, "url_name", None) or "") if match is not None else None,
           tuple(may(context, action) for action in HEADER_PERMISSIONS) if authenticated else (),
           str(context.get("fiit_role") or ""), tuple((lang["code"], str(lang["name"])) for lang in languages),
           state)
    kept = _KEPT.get(key)
    if kept is None:
        stand_ins = {"user": _User(user), "request": _Request(request), "fiit_synthetic": synthetic}
        if state == "token":
            stand_ins["csrf_token"] = TOKEN_MARK
        kept = _draw(context, HEADER, **stand_ins)
        if len(_KEPT) >= _KEPT_MAX:
            _KEPT.clear()
        _KEPT[key] = kept
    html = kept.replace(USER_MARK, conditional_escape(user.get_username()))
    if PATH_MARK in html:
        html = html.replace(PATH_MARK, conditional_escape(request.get_full_path()))
    if state == "token":
        html = html.replace(TOKEN_MARK, conditional_escape(str(token)))
    return mark_safe(html)  # nosec B308: the template's output, with values escaped as it escapes them


@register.simple_tag(takes_context=True)
def site_footer(context) -> SafeString:
    user = context.get("user")
    if user is None or context.template is None:
        return mark_safe(_draw(context, FOOTER))  # nosec B308: a template's output
    key = (FOOTER, context.get("LANGUAGE_CODE"), bool(user.is_authenticated))
    kept = _KEPT.get(key)
    if kept is None:
        kept = _KEPT[key] = _draw(context, FOOTER)
    return mark_safe(kept)  # nosec B308: a template's output
