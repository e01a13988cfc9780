"""Template tags for every fiit page."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError

register = template.Library()
log = logging.getLogger(__name__)


@register.simple_tag(takes_context=True)
def synthetic_data(context=None) -> bool:
    """For the banner on every page. Asked by the template itself, so that pages rendered
    without the context processors (Django's CSRF failure page, the 500 page) show it too.
    A signed-in user's request has the answer already (read with the user); other requests ask."""
    from fiit.db.studies import synthetic_data_present
    from fiit.web.sign_in_backend import SYNTHETIC_DATA_ATTRIBUTE

    user = getattr(context.get("request") if context is not None else None, "user", None)
    known = getattr(user, SYNTHETIC_DATA_ATTRIBUTE, None) if user is not None else None
    if known is not None:
        return bool(known)
    try:
        return synthetic_data_present()
    except DatabaseError:
        log.warning("could not check for synthetic data: the database is not answering")
        return False


@register.simple_tag(takes_context=True)
def may(context, action: str) -> bool:
    """Does the logged-in user's role have any scope for ``action`` (fiit.db.access.PERMISSIONS)?
    For showing links only: every view checks again, in its query."""
    from fiit.db.access import scope

    user = getattr(context.get("request"), "user", None)
    try:
        return scope(user, action) is not None
    except DatabaseError:
        return False
