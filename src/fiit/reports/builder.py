"""Build a country report or the comparative report from plain inputs.

:func:`build_report` takes :class:`ReportInputs` — one frame per instrument (the
shape :mod:`fiit.analysis` reads: country plus clear answers, no codes, no open
text), the country frameworks, the approved quotes and the published
recommendations — and returns a :class:`~fiit.reports.model.Report`. All
interview figures go through one :class:`~fiit.analysis.DisclosureContext`
(threshold k: 5, or 10 for a public report), so no table of the report can be
combined with another to reveal a withheld count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

import pandas as pd

from fiit.analysis import DisclosureContext, ProtectedTable, k_for, stats_document
from fiit.analysis.counts import interviews_table
from fiit.analysis.groups import countries_in
from fiit.frameworks.model import CountryFramework, pick
from fiit.reports import chapters
from fiit.reports.model import Paragraph, Report
from fiit.reports.texts import text
from fiit.vocabulary import vocabulary



@dataclass(frozen=True)
class QuoteInput:
    """An approved quote of a consenting respondent (the caller checks both)."""

    text: str
    theme: str
    instrument: str
    country: str


@dataclass(frozen=True)
class RecommendationInput:
    theme: str
    text: Mapping[str, str]          # language -> text
    country: str | None              # None: comparative
    evidence: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True)
class FieldworkRow:
    """Final interviews of one instrument version in one country and language, with their dates."""

    country: str
    instrument: str
    version: str
    language: str
    first: str       # ISO date of the first interview
    last: str        # ISO date of the last
    n: int


@dataclass
class ReportInputs:
    """Plain inputs of a report.

    ``findings``: published findings and good practices (:class:`fiit.coding.findings.PublishedFinding`
    or anything with ``theme``, ``kind``, ``country``, ``statement``, ``support`` and ``support_text``),
    or a callable ``(lang, k) -> findings`` where statements and support depend on the report's language
    and threshold. ``fieldwork``: where, when, in which language and on which instrument versions the
    interviews were held.
    """

    frames: Mapping[str, pd.DataFrame]
    frameworks: Mapping[str, CountryFramework]
    study_name: str = "FIIT"
    synthetic: bool = False
    quotes: Sequence[QuoteInput] = ()
    recommendations: Sequence[RecommendationInput] = ()
    findings: Sequence[Any] | Callable[[str, int], Sequence[Any]] = ()
    fieldwork: Sequence[FieldworkRow] = ()
    baseline: bool = False   # show the FIIT report's own 2013 recommendations, labelled (fiit.reports.baseline)


@dataclass
class Built:
    """What the section builders share while one report is built."""

    inputs: ReportInputs
    lang: str
    country: str | None
    countries: tuple[str, ...]
    frames: Mapping[str, pd.DataFrame]
    frameworks: Mapping[str, CountryFramework]
    context: DisclosureContext
    stats: dict[str, list[dict[str, Any]]]
    tables: dict[str, ProtectedTable] = field(default_factory=dict)

    def country_name(self, code: str | None) -> str:
        """The country's name, or "All countries" (a table row, a heading)."""
        if code is None:
            return text("all_countries", self.lang)
        fw = self.inputs.frameworks.get(code)
        name = vocabulary().country_name(code, self.lang)
        return pick(fw.name, self.lang) if fw and name == code else name

    def scope_name(self, code: str | None) -> str:
        """The same, inside a sentence or a caption: "(all countries)"."""
        return text("all_countries_scope", self.lang) if code is None else self.country_name(code)

    def scale(self, question_id: str, country: str | None, group: str | None) -> dict | None:
        for s in self.stats["scales"]:
            if s["question_id"] == question_id and s["country"] == country and s["group"] == group:
                return s
        return None


def _frames_for(frames: Mapping[str, pd.DataFrame], country: str | None) -> dict[str, pd.DataFrame]:
    if country is None:
        return dict(frames)
    return {name: f[f["country"] == country].reset_index(drop=True) for name, f in frames.items()}


def build_report(inputs: ReportInputs, *, country: str | None = None, lang: str = "en",
                 public: bool = False, k: int | None = None, today: dt.date | None = None,
                 n_boot: int | None = None) -> Report:
    """A country report (``country`` given) or the comparative report (``country`` None)."""
    k = k if k is not None else k_for(public)
    if country is not None and country not in inputs.frameworks and not any(
            (f["country"] == country).any() for f in inputs.frames.values() if "country" in f):
        raise ValueError(f"no data and no framework for country '{country}'")
    frames = _frames_for(inputs.frames, country)
    countries = (country,) if country else countries_in(frames.values(), extra=inputs.frameworks.keys())
    context = DisclosureContext(k)
    context.publish(interviews_table(frames, countries))  # design counts are published (methods note)
    options = {"n_boot": n_boot} if n_boot else {}
    stats = stats_document(frames, context=context, countries=countries, **options)
    frameworks = ({country: inputs.frameworks[country]} if country in inputs.frameworks else {}) if country \
        else {c: inputs.frameworks[c] for c in (*vocabulary().country_codes, *sorted(inputs.frameworks)) if c in inputs.frameworks}
    built = Built(inputs, lang, country, countries, frames, frameworks, context, stats,
                  {t.name: t for t in context.tables})
    today = today or dt.date.today()
    title = text("title_country", lang, country=built.country_name(country)) if country \
        else text("title_comparative", lang)
    report = Report(
        kind="country" if country else "comparative", country=country, lang=lang, title=title,
        subtitle=text("subtitle", lang, study=inputs.study_name, date=today.isoformat()),
        k=k, synthetic=inputs.synthetic,
        notice=text("synthetic_notice", lang) if inputs.synthetic else "",
        generated=today.isoformat(),
        labels={key: text(key, lang) for key in ("contents", "source", "note", "figure_n", "table_n", "colon",
                                                  "evidence", "page", "footnotes")},
    )
    report.sections = chapters.seed_plan(built, public)
    if inputs.synthetic:
        report.sections[0].blocks.insert(0, Paragraph(report.notice, emphasis=True))
    return report
