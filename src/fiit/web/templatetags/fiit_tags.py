"""Template tags for every fiit page."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError

register = template.Library()
log = logging.getLogger(__name__)


def synthetic_data_present() -> bool:
    """Is any study, or any interview, in the database generated rather than real?"""
    from fiit.db.models import Interview, Study

    return Study.objects.filter(synthetic=True).exists() or Interview.objects.filter(synthetic=True).exists()


@register.simple_tag
def synthetic_data() -> bool:
    """For the banner on every page. Asked by the template itself, so that pages rendered
    without the context processors (Django's CSRF failure page, the 500 page) show it too."""
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
