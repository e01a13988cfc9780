"""Which study the editorial pages are about: ``?study=<id>``, else the one rule of :mod:`fiit.db.studies`."""

from __future__ import annotations

from django.http import Http404

from fiit.db.errors import NoStudy
from fiit.db.models import Study
from fiit.db.studies import recent_first, select_study


def all_studies():
    return recent_first()


def chosen_study(request) -> Study | None:
    """The study named in the query string (404 if there is none such), else the one the rule picks, else None."""
    raw = request.GET.get("study", "")
    if raw:
        if not raw.isdigit():
            raise Http404("no such study")
        try:
            return select_study(pk=int(raw))
        except NoStudy:
            raise Http404("no such study") from None
    try:
        return select_study()
    except NoStudy:
        return None
