"""The country frameworks: the five countries side by side, and each country in full."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from fiit.db.models import Framework
from fiit.frameworks import FrameworkError, framework_from_dict
from fiit.web.framework_display import check_views, comparison_rows, count_tables, fact_sections
from fiit.web.access import requires
from fiit.web.languages import ui_language


def _load(row: Framework):
    """(framework, problems): the stored framework, or the problems that keep it from loading."""
    try:
        return framework_from_dict(row.data, file=f"framework {row.country_id}"), []
    except FrameworkError as exc:
        return None, [str(p) for p in exc.problems] or [str(exc)]


@requires("view_frameworks")
def framework_compare(request):
    lang = ui_language()
    rows = Framework.objects.select_related("country").order_by("country__position", "country__code")
    countries, frameworks, broken = [], [], []
    for row in rows:
        fw, problems = _load(row)
        if fw is None:
            broken.append({"code": row.country_id, "name": row.country.name(lang), "problems": problems})
            continue
        countries.append({"code": row.country_id, "name": row.country.name(lang)})
        frameworks.append(fw)
    context = {
        "countries": countries,
        "rows": comparison_rows(frameworks, lang),
        "broken": broken,
    }
    return render(request, "fiit/frameworks/compare.html", context)


@requires("view_frameworks")
def framework_country(request, code: str):
    row = Framework.objects.select_related("country").filter(country__code=code.upper()).first()
    if row is None:
        raise Http404("no framework for this country")
    lang = ui_language()
    fw, problems = _load(row)
    context = {"country": row.country, "country_name": row.country.name(lang), "problems": problems,
               "loaded_at": row.loaded_at, "stored_source": row.source}
    if fw is not None:
        checks = check_views(fw)
        context.update({
            "framework": fw,
            "sections": fact_sections(fw, lang),
            "tables": count_tables(fw, lang),
            "checks": checks,
            "mismatches": sum(1 for c in checks if c.status == "mismatch"),
            "unchecked": sum(1 for c in checks if c.status == "unchecked"),
            "unknown_facts": len(fw.unknown_facts()),
            "unknown_rows": len(fw.unknown_rows()),
        })
    return render(request, "fiit/frameworks/country.html", context)
