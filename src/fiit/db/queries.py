"""Read-side queries: counts and the study summary."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from fiit.db.models import Country, Framework, Interview, Study
from fiit.frameworks.loader import framework_from_dict

INSTRUMENT_ORDER = ("policymaker", "service_provider", "victim")


def interview_counts(study: Study | None = None, interviews=None) -> dict[str, dict[str, int]]:
    """{instrument id: {country code: n}} for every instrument, countries in their order."""
    qs = interviews if interviews is not None else Interview.objects.all()
    if study is not None:
        qs = qs.filter(study=study)
    rows = qs.values("instrument__instrument_id", "country_id").annotate(n=Count("id"))
    countries = list(Country.objects.values_list("code", flat=True))
    counts: dict[str, dict[str, int]] = {iid: {} for iid in INSTRUMENT_ORDER}
    for row in rows:
        counts.setdefault(row["instrument__instrument_id"], {})[row["country_id"]] = row["n"]
    return {iid: {c: by_country[c] for c in countries if c in by_country} for iid, by_country in counts.items()}


def framework_summary() -> dict[str, dict[str, Any]]:
    out = {}
    for row in Framework.objects.select_related("country").order_by("country__position"):
        framework = framework_from_dict(row.data)
        out[row.country_id] = {
            "permits_total": framework.permits_total(),
            "identified_victims_total": framework.identified_victims_total(),
        }
    return out


def study_summary() -> dict[str, Any]:
    studies = [
        {"name": s.name, "synthetic": s.synthetic, "interviews": s.interviews.count()}
        for s in Study.objects.order_by("created_at")
    ]
    return {
        "studies": studies,
        "synthetic": any(s["synthetic"] for s in studies),
        "interviews": interview_counts(),
        "frameworks": framework_summary(),
    }
