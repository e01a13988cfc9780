"""Template tags for every fiit page."""

from __future__ import annotations

import logging

from django import template
from django.db import DatabaseError

register = template.Library()
log = logging.getLogger(__name__)


def synthetic_data_sql() -> str:
    """Is any study, or any interview, in the database generated rather than real? (one boolean)

    Its interview half reads the partial index of synthetic interviews (Interview.Meta), so a real study
    of any size answers it without a pass over its interviews."""
    from django.db import connection

    from fiit.db.models import Interview, Study

    quote = connection.ops.quote_name
    return (f"EXISTS(SELECT 1 FROM {quote(Study._meta.db_table)} WHERE {quote('synthetic')}) "
            f"OR EXISTS(SELECT 1 FROM {quote(Interview._meta.db_table)} WHERE {quote('synthetic')})")


def synthetic_data_present() -> bool:
    """Is any study, or any interview, in the database generated rather than real? One query, asked of
    the database each time: a study made synthetic, or a demo loaded, by another process shows on the
    next page."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {synthetic_data_sql()}")
        return bool(cursor.fetchone()[0])


#: Set on a signed-in request's user by the query that reads the user (fiit.web.sign_in_backend): the
#: answer of :func:`synthetic_data_present` at the start of this request, without a query of its own.
SYNTHETIC_DATA_ATTRIBUTE = "fiit_synthetic_data"


@register.simple_tag(takes_context=True)
def synthetic_data(context=None) -> bool:
    """For the banner on every page. Asked by the template itself, so that pages rendered
    without the context processors (Django's CSRF failure page, the 500 page) show it too.
    A signed-in user's request has the answer already (read with the user); other requests ask."""
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
