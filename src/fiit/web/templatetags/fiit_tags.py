"""Template tags for every fiit page."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError

register = template.Library()
log = logging.getLogger(__name__)


def synthetic_data_present() -> bool:
    """Is any study, or any interview, in the database generated rather than real?

    Asked by every page: one query (it was two), whose interview half reads the partial index of
    synthetic interviews (Interview.Meta), so a real study of any size answers it without a pass
    over its interviews. Asked of the database each time: a study made synthetic, or a demo loaded,
    by another process shows on the next page."""
    from django.db import connection

    from fiit.db.models import Interview, Study

    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS(SELECT 1 FROM {quote(Study._meta.db_table)} WHERE {quote('synthetic')}) "
                       f"OR EXISTS(SELECT 1 FROM {quote(Interview._meta.db_table)} WHERE {quote('synthetic')})")
        return bool(cursor.fetchone()[0])


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
