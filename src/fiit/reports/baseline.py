"""The FIIT report's own five recommendations (2013), shown as a labelled baseline.

A study built on FIIT may set its recommendations beside the ones the FIIT
report made: :data:`ReportInputs.baseline <fiit.reports.builder.ReportInputs>`
switches this on. The texts are in ``data/fiit_2013_recommendations.yaml``, in
fiit's own words in the five languages, each with the section of the seed it
stands under; they are never mixed with the study's own recommendations.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

from fiit.frameworks.model import pick
from fiit.reports.model import Paragraph, Recommendation, Section
from fiit.reports.sources import place
from fiit.reports.texts import text


@lru_cache(maxsize=1)
def fiit_2013() -> tuple[dict, ...]:
    raw = resources.files("fiit.reports").joinpath("data", "fiit_2013_recommendations.yaml").read_text("utf-8")
    return tuple(yaml.safe_load(raw)["recommendations"])


def baseline_section(lang: str) -> Section:
    section = Section("recommendations-baseline", text("sec_baseline", lang))
    section.add(Paragraph(text("baseline_intro", lang)))
    for item in fiit_2013():
        where = place(f"Chapter 'Conclusions and recommendations', section '{item['source']['section']}'", lang)
        section.add(Recommendation(item["theme"], pick(item["text"], lang), None,
                                   ()))
        section.add(Paragraph(text("src_fiit_report", lang, places=where)))
    return section
