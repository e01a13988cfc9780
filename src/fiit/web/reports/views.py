"""Report pages: the comparative and country reports in the app, downloads, and the files of ./out.

Access (``fiit.db.access``): reading a report page or a prepared file needs
``view_reports``; generating a PDF/DOCX/HTML download needs ``build_reports``
for that scope (a country lead: their own country only). Every figure has
passed disclosure control in the report builder; downloads are audited.
"""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render

from fiit.db.access import can
from fiit.db.models import Country
from fiit.web.access import requires
from fiit.web.languages import ui_language

CONTENT_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
PREPARED = re.compile(r"^fiit-[a-z0-9-]+\.(html|pdf|docx)$")


def reports_dir() -> Path:
    """Where ``fiit demo`` / ``fiit report`` wrote the prepared reports (FIIT_REPORTS_DIR, default ./out)."""
    return Path(os.environ.get("FIIT_REPORTS_DIR", "out")).resolve()


def _study():
    from fiit.db.report_data import NoStudy, choose_study

    try:
        return choose_study()
    except NoStudy:
        raise Http404("no study") from None


def _keyfile():
    try:
        from fiit.db.keys import current_keyfile

        return current_keyfile()
    except Exception:  # no key file: the report simply has no quotes
        return None


def _stored(country: str | None, fmt: str) -> tuple[object, bytes]:
    """The report of ``country`` (None: comparative) in the page's language, from the report store; built
    and stored first when this version of the data has not been built yet (the background builder fills
    in the rest). ``fmt``: "body.html" (the page) or html / pdf / docx."""
    from fiit.db import report_store as store
    from fiit.db.report_data import report_inputs

    study = _study()
    if country is not None and not Country.objects.filter(code=country).exists():
        raise Http404("no such country")
    key = store.data_version(study)
    entry = store.Entry(country, ui_language())
    data = store.read(key, entry, fmt)
    if data is None:
        formats = ("body",) if fmt == "body.html" else (fmt,)
        built = store.render_entry(report_inputs(study, _keyfile()), key, entry, formats)
        data = built["body" if fmt == "body.html" else fmt]
        if os.environ.get("FIIT_REPORT_BACKGROUND") == "1":
            store.start_background_build()
    return study, data


def _prepared_files() -> list[str]:
    folder = reports_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if PREPARED.match(p.name))


@requires("view_reports")
def report_index(request):
    countries = [{"code": c.code, "name": c.name(ui_language())} for c in Country.objects.all()]
    from fiit.db import report_store as store

    progress = store.progress()
    return render(request, "fiit/reports/index.html", {
        "countries": countries, "prepared": _prepared_files(),
        "can_build_all": can(request.user, "build_reports"),
        "building": progress if progress and not progress.get("finished") else None,
    })


def _page(request, country: str | None):
    _study_, body = _stored(country, "body.html")
    html = body.decode("utf-8")
    title = re.search(r"<h1>(.*?)</h1>", html)
    may_build = can(request.user, "build_reports", country=country) if country else \
        _builds_everything(request.user)
    return render(request, "fiit/reports/report.html", {
        "report": {"title": unescape(title.group(1)) if title else ""}, "body": html, "country": country,
        "may_build": may_build, "formats": ("pdf", "docx", "html"),
    })


def _builds_everything(user) -> bool:
    from fiit.db.access import scope

    return scope(user, "build_reports") == "all"


@requires("view_reports")
def report_comparative(request):
    return _page(request, None)


@requires("view_reports")
def report_country(request, code: str):
    return _page(request, code.upper())


def _download(request, country: str | None, fmt: str):
    if fmt not in CONTENT_TYPES:
        raise Http404("no such format")
    if country and not can(request.user, "build_reports", country=country):
        raise Http404("no such report")  # another country's report does not exist for this user
    if not country and not _builds_everything(request.user):
        raise PermissionDenied("no permission to build this report")
    from fiit.db.audit import record

    study, data = _stored(country, fmt)
    lang = ui_language()
    record("export", actor=request.user.get_username(), record_type="study", record_id=study.pk,
           details={"format": "report", "formats": [fmt], "report": "country" if country else "comparative",
                    "country": country or "all", "lang": lang, "k": 5, "via": "web"})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    slug = "fiit-" + ("country-" + country.lower() if country else "comparative") + f"-{lang}"
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    return response


@requires("build_reports")
def download_comparative(request, fmt: str):
    return _download(request, None, fmt)


@requires("build_reports")
def download_country(request, code: str, fmt: str):
    return _download(request, code.upper(), fmt)


@requires("view_reports")
def prepared_file(request, name: str):
    """A report written by ``fiit demo`` or ``fiit report`` into the reports folder."""
    if not PREPARED.match(name) or name not in _prepared_files():
        raise Http404("no such report file")
    fmt = name.rsplit(".", 1)[1]
    response = FileResponse((reports_dir() / name).open("rb"), content_type=CONTENT_TYPES[fmt],
                            as_attachment=True, filename=name)
    return response
