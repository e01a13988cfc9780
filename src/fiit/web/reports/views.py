"""Report pages: the comparative and country reports in the app, downloads, and the files of ./out.

Access (``fiit.db.access``): reading a report page or a prepared file needs
``view_reports``; generating a PDF/DOCX/HTML download needs ``build_reports``
for that scope (a country lead: their own country only). Every figure has
passed disclosure control in the report builder; downloads are audited.
"""

from __future__ import annotations

import os
import re
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


def _report(country: str | None, lang: str):
    from fiit.db.report_data import build_study_report

    study = _study()
    if country is not None and not Country.objects.filter(code=country).exists():
        raise Http404("no such country")
    return study, build_study_report(study, country=country, lang=lang, keyfile=_keyfile())


def _prepared_files() -> list[str]:
    folder = reports_dir()
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if PREPARED.match(p.name))


@requires("view_reports")
def report_index(request):
    countries = [{"code": c.code, "name": c.name(ui_language())} for c in Country.objects.all()]
    return render(request, "fiit/reports/index.html", {
        "countries": countries, "prepared": _prepared_files(),
        "can_build_all": can(request.user, "build_reports"),
    })


def _page(request, country: str | None):
    from fiit.reports.render_html import render_body

    study, report = _report(country, ui_language())
    may_build = can(request.user, "build_reports", country=country) if country else \
        _builds_everything(request.user)
    return render(request, "fiit/reports/report.html", {
        "report": report, "body": render_body(report), "country": country, "may_build": may_build,
        "formats": ("pdf", "docx", "html"),
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
    from fiit.reports.output import render

    study, report = _report(country, ui_language())
    data = render(report, fmt)
    record("export", actor=request.user.get_username(), record_type="study", record_id=study.pk,
           details={"format": "report", "formats": [fmt], "report": report.kind, "country": country or "all",
                    "lang": report.lang, "k": report.k, "via": "web"})
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{report.slug()}.{fmt}"'
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
