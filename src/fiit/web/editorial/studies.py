"""Which study the editorial pages are about: ``?study=<id>``, else the most recent one."""

from __future__ import annotations

from django.http import Http404

from fiit.db.models import Study


def all_studies():
    return Study.objects.order_by("-created_at", "-pk")


def chosen_study(request) -> Study | None:
    """The study named in the query string (404 if there is none such), else the most recent, else None."""
    raw = request.GET.get("study", "")
    if raw:
        study = all_studies().filter(pk=int(raw)).first() if raw.isdigit() else None
        if study is None:
            raise Http404("no such study")
        return study
    return all_studies().first()
