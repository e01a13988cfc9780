"""The home page: the studies, their interviews by country and instrument, where to go next.

Raw interview counts are not disclosure-controlled, so they follow the
``view_analysis`` permission: every country for the roles that analyse all
data, one's own country for a country lead, none for interviewers and viewers
(who read the published, controlled figures in the reports).
"""

from __future__ import annotations

from django.shortcuts import render

from fiit.db.access import profile_of, scope
from fiit.db.models import Study
from fiit.db.queries import INSTRUMENT_ORDER, countries_with_frameworks, interview_counts, studies_in_order
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language


def count_table(study: Study, countries: list[dict], all_countries: bool = True) -> dict:
    """Countries down the side, instruments across, with totals both ways (``all_countries``: the
    footer totals every country; otherwise there is one row and no footer)."""
    counts = interview_counts(study)
    instruments = list(INSTRUMENT_ORDER) + sorted(set(counts) - set(INSTRUMENT_ORDER))
    rows = []
    for country in countries:
        cells = [counts.get(iid, {}).get(country["code"], 0) for iid in instruments]
        rows.append({**country, "cells": cells, "total": sum(cells)})
    column_totals = [sum(row["cells"][i] for row in rows) for i in range(len(instruments))]
    return {
        "instruments": [{"id": iid, "name": short_name(iid)} for iid in instruments],
        "rows": rows,
        "totals": column_totals,
        "total": sum(column_totals),
        "all_countries": all_countries,
    }


def home(request):
    lang = ui_language()
    countries = [  # with or without a framework, in one query
        {"code": c.code, "name": c.name(lang), "has_framework": c.has_framework} for c in countries_with_frameworks()
    ]
    counted = scope(request.user, "view_analysis")
    if counted == "country":
        own = profile_of(request.user).country_codes
        rows = [c for c in countries if c["code"] in own]
    else:
        rows = countries
    studies = [
        {"study": study, "table": count_table(study, rows, counted == "all") if counted else None}
        for study in studies_in_order()
    ]
    return render(request, "fiit/home.html", {
        "studies": studies, "countries": countries,
        # the "Read more" cards show the countries as read above: kept per language and per this key
        "countries_key": "\x1f".join(f"{c['code']}\x1e{c['name']}\x1e{c['has_framework']:d}" for c in countries),
    })
