"""The interview list's two statements, compiled once per access filter (issue 16).

The list asks two things of every interview the user may open: one grouped query (the filter form's
instruments and interviewers, and the pager's count) and the page's rows. The ORM built and compiled
both on every request, about as much CPU as the database took to answer them. As the scoped lookup of
one interview does (fiit.web.capture.lookup), each statement is compiled for exactly the access filter
built on this request from the user's profile (fiit.db.access.interview_condition), kept by that
filter, and run again. Access stays decided in the query; a changed role or country gives another
filter, so another statement. The rows are read from the database on every request; none is kept.
A filter set in the form makes other statements: those are built by the ORM each time.
"""

from __future__ import annotations

from django.db.models import Count, Q

from fiit.db.models import Interview
from fiit.db.prepared_queries import PreparedByKey

#: What the list reads of each interview: plain values, not model instances (a third of the page's ORM time).
LISTED = ("pk", "uid", "respondent_code", "status", "interview_date", "country_id", "country__names",
          "interviewer_id", "instrument__instrument_id", "device_synced_at", "updated_at")
ORDER = ("-updated_at", "-pk")

#: (access filter, which statement) -> the statement; a few per user (their filter, the pages they open).
_STATEMENTS = PreparedByKey()


def visible(condition: Q | None):
    """The interviews the access filter lets the user open (``fiit.db.access.interviews_for``)."""
    return Interview.objects.none() if condition is None else Interview.objects.filter(condition)


def _grouped(queryset):
    return queryset.order_by().values_list("instrument__instrument_id", "interviewer__username").annotate(n=Count("pk"))


def groups(condition: Q | None) -> list[tuple[str, str | None, int]]:
    """(instrument, interviewer's user name, how many) over the interviews the user may open."""
    if condition is None:
        return []
    return _STATEMENTS.get((condition, "groups"), lambda: _grouped(visible(condition)), []).rows()


def listed(queryset):
    """The list's rows of ``queryset`` (a filtered list), newest first: built by the ORM on each request."""
    return queryset.order_by(*ORDER).values_list(*LISTED)


class UnfilteredRows:
    """The rows of every interview the user may open, for the paginator: each page's slice is a statement
    compiled once for this access filter and page."""

    def __init__(self, condition: Q, total: int):
        self.condition, self.total = condition, total

    def count(self) -> int:
        return self.total

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, page: slice) -> list[tuple]:
        start, stop = page.start or 0, page.stop
        return _STATEMENTS.get((self.condition, "page", start, stop),
                               lambda: listed(visible(self.condition))[start:stop], []).rows()
