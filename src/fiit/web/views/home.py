"""The home page: the studies, their interviews by country and instrument, where to go next."""

from __future__ import annotations

from django.shortcuts import render

from fiit.db.models import Country, Framework, Study
from fiit.db.queries import INSTRUMENT_ORDER, interview_counts
from fiit.web.instrument_display import short_name
from fiit.web.languages import ui_language


def count_table(study: Study, countries: list[dict]) -> dict:
    """Countries down the side, instruments across, with totals both ways."""
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
    }


def home(request):
    lang = ui_language()
    with_framework = set(Framework.objects.values_list("country_id", flat=True))
    countries = [
        {"code": c.code, "name": c.name(lang), "has_framework": c.code in with_framework}
        for c in Country.objects.all()
    ]
    studies = [
        {"study": study, "table": count_table(study, countries)}
        for study in Study.objects.order_by("created_at", "pk")
    ]
    return render(request, "fiit/home.html", {"studies": studies, "countries": countries})
