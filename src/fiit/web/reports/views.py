"""Report pages: the comparative and country reports in the app, downloads, and the files of ./out.

One rule for pages, downloads and files (issue 14, L10): :func:`edition_for`.
Every reader of reports (``view_reports``) gets the public edition (k = 10); a
user who may build a scope's reports (``build_reports`` for that country, or for
all countries for the comparative report) gets the internal edition (k = 5). A
page shows the user's edition and links to its downloads; the internal
downloads and files are refused (403, or 404 for another country) to the
others, as before; the public ones are open to every reader.

Nothing is built inside a request (issue 16): a report not yet in the store is
asked for and the page says it is being built, shows the builder's progress and
opens the report when it is ready (``?progress=1`` answers JSON for that). The
study is the one the ``study`` parameter names (its id), else the one rule's
(:func:`fiit.db.studies.select_study`). Downloads are audited.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render

from fiit.db import report_store as store
from fiit.db.access import can, scope
from fiit.db.models import Country
from fiit.web.access import requires
from fiit.web.languages import ui_language

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PREPARED = re.compile(r"^(fiit-[a-z0-9-]+)\.(html|pdf|docx)$")


def reports_dir() -> Path:
    """Where ``fiit demo`` / ``fiit report`` wrote the prepared reports (FIIT_REPORTS_DIR, default ./out)."""
    return Path(os.environ.get("FIIT_REPORTS_DIR", "out")).resolve()


def _study(request):
    """The study the page is about: ``?study=<id>``, else the one rule's choice."""
    from fiit.db.errors import NoStudy
    from fiit.db.studies import select_study

    wanted = request.GET.get("study")
    try:
        if wanted:
            if not wanted.isdigit():
                raise Http404("no such study")
            return select_study(pk=int(wanted))
        return select_study()
    except NoStudy:
        raise Http404("no study") from None


def builds(user, country: str | None) -> bool:
    """May ``user`` build (and so read the internal edition of) this scope's reports?"""
    if country is None:
        return scope(user, "build_reports") == "all"
    return can(user, "build_reports", country=country)


def edition_for(user, country: str | None) -> bool:
    """The one rule: which edition of this report ``user`` reads, as the entry's ``public`` flag."""
    return not builds(user, country)


def _entry(request, country: str | None, public: bool | None = None) -> store.Entry:
    if country is not None and not Country.objects.filter(code=country).exists():
        raise Http404("no such country")
    return store.Entry(country, ui_language(), edition_for(request.user, country) if public is None else public)


def _building() -> dict | None:
    progress = store.progress()
    return progress if progress and not progress.get("finished") else None


def _pending(request, study, key: str, entry: store.Entry):
    """The report is not stored yet: ask for it, start the builder when this process runs one, and say so."""
    store.want(key, entry)
    if store.background_enabled():
        store.start_background_build()
    building = _building()
    if request.GET.get("progress"):
        return JsonResponse({"ready": False, "done": building["done"] if building else None,
                             "total": building["total"] if building else None})
    return render(request, "fiit/reports/pending.html", {
        "building": building, "country": entry.country, "public": entry.public, "study": study,
    })


def _study_query(request) -> str:
    wanted = request.GET.get("study")
    return f"?study={wanted}" if wanted and wanted.isdigit() else ""


@requires("view_reports")
def report_index(request):
    from fiit.db.studies import recent_first

    try:
        study = _study(request)
    except Http404:
        if request.GET.get("study"):
            raise
        study = None  # no study yet: the page still lists the reports there will be
    countries = [{"code": c.code, "name": c.name(ui_language())} for c in Country.objects.all()]
    studies = list(recent_first()) if recent_first().count() > 1 else []
    return render(request, "fiit/reports/index.html", {
        "countries": countries, "prepared": _prepared_files(request.user),
        "can_build_all": builds(request.user, None),
        "building": _building(), "study": study, "studies": studies, "study_query": _study_query(request),
    })


def _page(request, country: str | None):
    study = _study(request)
    entry = _entry(request, country)
    key = store.data_version(study)
    failed = store.failure(key, entry)
    body = store.read(key, entry, "body.html")
    if body is None and failed is None:
        return _pending(request, study, key, entry)
    if request.GET.get("progress"):
        return JsonResponse({"ready": True})
    html = body.decode("utf-8") if body is not None else ""
    title = re.search(r"<h1>(.*?)</h1>", html)
    return render(request, "fiit/reports/report.html", {
        "report": {"title": unescape(title.group(1)) if title else ""}, "body": html, "country": country,
        "public": entry.public, "failed": failed, "building": _building(), "study_query": _study_query(request),
        "formats": ("pdf", "docx", "html"),
    })


@requires("view_reports")
def report_comparative(request):
    return _page(request, None)


@requires("view_reports")
def report_country(request, code: str):
    return _page(request, code.upper())


def _download(request, country: str | None, fmt: str, public: bool):
    if fmt not in CONTENT_TYPES:
        raise Http404("no such format")
    if not public:  # the internal edition: its builders only
        if country and not builds(request.user, country):
            raise Http404("no such report")  # another country's report does not exist for this user
        if not country and not builds(request.user, None):
            raise PermissionDenied("no permission to build this report")
    study = _study(request)
    entry = _entry(request, country, public)
    key = store.data_version(study)
    data = store.read(key, entry, fmt)
    if data is None:
        if store.failure(key, entry) is not None:
            raise Http404("this report cannot be built")
        return _pending(request, study, key, entry)  # a page saying it is being prepared (200)
    from fiit.db.audit import record

    record("export", actor=request.user.get_username(), record_type="study", record_id=study.pk,
           details={"format": "report", "formats": [fmt], "report": "country" if country else "comparative",
                    "country": country or "all", "lang": entry.lang, "k": 10 if public else 5, "via": "web"})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{entry.slug()}.{fmt}"'
    return response


@requires("build_reports")
def download_comparative(request, fmt: str):
    return _download(request, None, fmt, public=False)


@requires("build_reports")
def download_country(request, code: str, fmt: str):
    return _download(request, code.upper(), fmt, public=False)


@requires("view_reports")
def download_public_comparative(request, fmt: str):
    return _download(request, None, fmt, public=True)


@requires("view_reports")
def download_public_country(request, code: str, fmt: str):
    return _download(request, code.upper(), fmt, public=True)


def _may_read_file(user, name: str) -> bool:
    """A file of the reports folder follows the same rule: its internal edition only to its builders."""
    found = PREPARED.match(name)
    entry = store.Entry.from_slug(found.group(1)) if found else None
    if entry is None:
        return False
    return entry.public or builds(user, entry.country)


def _prepared_files(user) -> list[str]:
    folder = reports_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if PREPARED.match(p.name) and _may_read_file(user, p.name))


@requires("view_reports")
def prepared_file(request, name: str):
    """A report written by ``fiit demo`` or ``fiit report`` into the reports folder."""
    if not PREPARED.match(name) or name not in _prepared_files(request.user):
        raise Http404("no such report file")
    fmt = name.rsplit(".", 1)[1]
    response = FileResponse((reports_dir() / name).open("rb"), content_type=CONTENT_TYPES[fmt],
                            as_attachment=True, filename=name)
    return response
