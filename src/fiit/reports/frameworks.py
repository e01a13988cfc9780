"""The Annex 2 tables of the FIIT report, regenerated from the framework data,
and the framework facts each theme refers to.

Values come from :class:`~fiit.frameworks.CountryFramework`; ``None`` is shown
as unknown. Totals are computed from the rows; where the seed printed a
different total, a note says so. Every table names its sources (the seed's
tables and chapters, without line numbers).
"""

from __future__ import annotations

import re
from typing import Mapping, Sequence

from fiit.frameworks.model import SERVICE_KEYS, CountryFramework, Fact, pick
from fiit.reports.caveats import Footnotes, caveat_text
from fiit.reports.model import Paragraph, Section, TableBlock
from fiit.reports.sources import place
from fiit.reports.texts import count_text, number, text
from fiit.vocabulary import vocabulary

LEGAL_FACTS = ("reflection_period.days", "reflection_period.formal", "reflection_period.applied",
               "legal_status_access.directive_2004_81", "legal_status_access.specific_legislation",
               "legal_status_access.refugee_status", "legal_status_access.other_international_protection")
SUPPORT_FACTS = ("public_provider", "private_provider",
                 *(f"services.{k}" for k in SERVICE_KEYS), "assisted_voluntary_return")

#: Theme -> framework facts it draws on (paths of :meth:`CountryFramework.facts`).
THEME_FACTS: dict[str, tuple[str, ...]] = {
    "status": ("reflection_period.days", "legal_status_access.directive_2004_81",
               "legal_status_access.specific_legislation", "permit.renewal", "permit.conversion"),
    "safety": ("reflection_period.applied", "third_country.services.psychosocial_support",
               "eu.services.psychosocial_support", "third_country.services.legal_services"),
    "accommodation": ("third_country.services.specialised_shelters", "eu.services.specialised_shelters"),
    "work": ("third_country.services.language_courses", "third_country.services.vocational_training",
             "third_country.services.job_placement", "eu.services.job_placement"),
    "welfare": ("third_country.public_provider", "third_country.private_provider",
                "third_country.assisted_voluntary_return", "eu.assisted_voluntary_return"),
    "eu_vs_third_country": ("eu.public_provider", "eu.private_provider", "eu.services.language_courses",
                            "eu.services.vocational_training"),
}


def fact_at(fw: CountryFramework, path: str) -> Fact | None:
    return dict(fw.facts()).get(path)


def aspect_label(path: str, lang: str) -> str | None:
    """The vocabulary's name of a framework aspect standing alone (``permit.renewal``: "Renewal"), if it has one."""
    aspect = vocabulary().aspect(path)
    return aspect.long_in(lang) if aspect else None


def fact_label(path: str, lang: str) -> str:
    """A readable label for a fact path such as ``eu.services.job_placement``."""
    if path.startswith(("third_country.", "eu.", "national.")):
        group, rest = path.split(".", 1)
        return f"{aspect_label(rest, lang) or rest} ({text(group, lang)})"
    return aspect_label(path, lang) or path


def fact_text(fact: Fact | None, lang: str, unit: str | None = None) -> str:
    """The value as the seed states it, then its detail; "(disputed)" where another source disputes it."""
    out = _value_text(fact, lang, unit)
    if fact is not None and fact.disputed:
        out += f" ({text('disputed', lang)})"
    return out


def _value_text(fact: Fact | None, lang: str, unit: str | None = None) -> str:
    if fact is not None and fact.value is None and fact.text:
        return pick(fact.text, lang)  # the narrative settles what the tables leave open
    if fact is None or fact.value is None:
        return text("unknown", lang)
    if isinstance(fact.value, bool):
        out = text("yes" if fact.value else "no", lang)
    elif isinstance(fact.value, int) and unit:
        out = count_text(unit, fact.value, lang)
    else:
        out = str(fact.value)
    detail = pick(fact.text, lang) if fact.text else None
    if detail and detail.casefold().startswith(out.casefold()) and not detail[len(out):len(out) + 1].isalnum():
        return detail  # "Yes, via IOM." says "yes" itself: not "yes — Yes, via IOM."
    return f"{out} — {detail}" if detail else out


def short_sources(facts: Sequence[Fact | None] | Sequence[str], lang: str = "en") -> str:
    """The distinct places in the seed, without line numbers, joined with '; '."""
    seen: dict[str, None] = {}
    for item in facts:
        source = item if isinstance(item, str) else (item.source if item is not None else "")
        for part in source.split(";"):
            part = re.sub(r"\s*\((first|second) table, seed lines? [^)]*\)|\s*\(seed lines? [^)]*\)", "", part).strip()
            part = re.sub(r"\s*\(seed lines? [^)]*\)", "", part).strip()
            if part:
                seen.setdefault(place(part, lang), None)
    return text("src_fiit_report", lang, places=text("semicolon", lang).join(seen)) if seen else ""


def _names(frameworks: Mapping[str, CountryFramework], lang: str) -> list[str]:
    return [country_name(fw, lang) for fw in frameworks.values()]


def country_name(fw: CountryFramework, lang: str) -> str:
    """The country's name from the study vocabulary (its framework's own name if the vocabulary lacks it)."""
    name = vocabulary().country_name(fw.code, lang)
    return pick(fw.name, lang) if name == fw.code else name


def facts_table(id: str, caption: str, paths: Sequence[str], frameworks: Mapping[str, CountryFramework],
                lang: str, units: Mapping[str, str] | None = None, short: bool = False) -> TableBlock:
    """Facts down, countries across; every note and dispute a footnote on its cell.

    ``short``: the value alone, without its descriptive text (the theme chapters)."""
    units = units or {}
    rows, used, notes = [], [], Footnotes()
    for i, path in enumerate(paths):
        cells = []
        for j, fw in enumerate(frameworks.values(), start=1):
            fact = fact_at(fw, path)
            used.append(fact)
            value = fact_text(fact, lang, units.get(path))
            if short and fact is not None and fact.value is not None:
                value = value.split(" — ")[0]
            cells.append(value)
            notes.add(i, j, caveat_text(fact, lang, pick(fw.name, lang)))
        rows.append((fact_label(path, lang), *cells))
    return TableBlock(id, caption, (text("aspect", lang), *_names(frameworks, lang)), tuple(rows),
                      source=short_sources(used, lang), footnotes=notes.footnotes(), marks=notes.marks)


def _stages_text(fw: CountryFramework, lang: str) -> str:
    parts = []
    for stage in fw.permit.stages:
        months = stage.duration_months.value
        parts.append(f"{pick(stage.name, lang)}{text('colon', lang)}"
                     + (count_text("months", months, lang) if months is not None else text("unknown", lang)))
    return text("semicolon", lang).join(parts) or text("unknown", lang)


def permit_table(frameworks: Mapping[str, CountryFramework], lang: str) -> TableBlock:
    rows = [(fact_label("permit.stages", lang), *[_stages_text(fw, lang) for fw in frameworks.values()])]
    used: list[Fact | None] = []
    notes = Footnotes()
    for j, fw in enumerate(frameworks.values(), start=1):
        for stage in fw.permit.stages:
            notes.add(0, j, caveat_text(stage.duration_months, lang, pick(fw.name, lang)))
    for i, path in enumerate(("permit.renewal", "permit.conversion"), start=1):
        cells = []
        for j, fw in enumerate(frameworks.values(), start=1):
            fact = fact_at(fw, path)
            used.append(fact)
            cells.append(fact_text(fact, lang))
            notes.add(i, j, caveat_text(fact, lang, pick(fw.name, lang)))
        rows.append((fact_label(path, lang), *cells))
    for fw in frameworks.values():
        used += [s.duration_months for s in fw.permit.stages]
    return TableBlock("fw-permit", text("cap_permit", lang), (text("aspect", lang), *_names(frameworks, lang)),
                      tuple(rows), source=short_sources(used, lang), footnotes=notes.footnotes(), marks=notes.marks)


def series_table(id: str, caption: str, series: Sequence, lang: str) -> TableBlock:
    """Periods down, one column per series, a total row computed from the rows."""
    periods: list[str] = []
    for s in series:
        for p in s.periods():
            if p not in periods:
                periods.append(p)
    rows = []
    marks = Footnotes()
    for j, s in enumerate(series, start=1):
        marks.add(-1, j, caveat_text(s, lang, pick(s.label, lang)))
    for i, p in enumerate(periods):
        cells = []
        for j, s in enumerate(series, start=1):
            row = s.row(p)
            cells.append("" if row is None else text("unknown", lang) if row.value is None else number(row.value, lang))
            if row is not None:
                marks.add(i, j, caveat_text(row, lang, f"{pick(s.label, lang)}, {p.replace('/', ' – ')}",
                                            with_source=False))
        rows.append((p.replace("/", " – "), *cells))
    totals = [s.computed_total() for s in series]
    rows.append((text("total", lang), *[text("unknown", lang) if t is None else number(t, lang) for t in totals]))
    notes = []
    for s, t in zip(series, totals):
        if s.printed_total is not None and t is not None and s.printed_total != t:
            notes.append(text("printed_total_differs", lang, series=pick(s.label, lang),
                              printed=s.printed_total, computed=t))
    if any(s.unknown_periods() for s in series):
        notes.append(text("unknown_rows_note", lang))
    header = (text("period", lang), *[pick(s.label, lang) for s in series])
    return TableBlock(id, caption, header, tuple(rows), source=short_sources([s.source for s in series], lang),
                      note=" ".join(notes), total_row=True, footnotes=marks.footnotes(), marks=marks.marks)


def country_series_blocks(fw: CountryFramework, lang: str) -> list:
    """The permits / identified-victims table and the gender-and-exploitation table of one country."""
    name = pick(fw.name, lang)
    blocks: list = []
    yearly = [*fw.permits_issued, *fw.identified_victims]
    if yearly:
        blocks.append(series_table(f"fw-permits-{fw.code.lower()}", text("cap_permits_year", lang, country=name),
                                   yearly, lang))
    split = [*fw.victims_by_gender, *fw.victims_by_exploitation]
    if split:
        blocks.append(series_table(f"fw-gender-{fw.code.lower()}",
                                   text("cap_gender_exploitation", lang, country=name), split, lang))
    if not yearly and not split:
        blocks.append(Paragraph(text("no_series", lang, country=name)))
    if fw.narrative_figures:
        blocks.append(narrative_table(fw, lang))
    return blocks


def narrative_table(fw: CountryFramework, lang: str) -> TableBlock:
    """The figures the seed gives in its narrative, one row each, with their notes as footnotes."""
    rows, notes = [], Footnotes()
    for s in fw.narrative_figures:
        for r in s.rows:
            i = len(rows)
            rows.append((pick(s.label, lang), r.period.replace("/", " – "),
                         number(r.value, lang) if r.value is not None else text("unknown", lang)))
            notes.add(i, 2, caveat_text(s, lang, pick(s.label, lang)))
            notes.add(i, 2, caveat_text(r, lang, pick(s.label, lang), with_source=False))
    return TableBlock(f"fw-narrative-{fw.code.lower()}", f"{text('narrative_heading', lang)} ({pick(fw.name, lang)})",
                      (text("aspect", lang), text("period", lang), text("value", lang)), tuple(rows),
                      source=short_sources([s.source for s in fw.narrative_figures], lang),
                      footnotes=notes.footnotes(), marks=notes.marks)


def frameworks_section(frameworks: Mapping[str, CountryFramework], lang: str) -> Section:
    """The Annex 2 tables for the countries given (one column each)."""
    section = Section("frameworks", text("sec_frameworks", lang))
    section.add(Paragraph(text("frameworks_intro", lang)))
    section.add(facts_table("fw-legal", text("cap_legal", lang), LEGAL_FACTS, frameworks, lang,
                            units={"reflection_period.days": "days"}))
    section.add(permit_table(frameworks, lang))
    for fw in frameworks.values():
        section.add(*country_series_blocks(fw, lang))
    for group in ("third_country", "eu", "national"):
        described = {c: fw for c, fw in frameworks.items() if group in fw.groups()}
        if described:
            section.add(facts_table(f"fw-services-{group.replace('_', '-')}", text(f"cap_services_{group}", lang),
                                    [f"{group}.{p}" for p in SUPPORT_FACTS], described, lang))
    return section


def theme_facts_table(theme: str, frameworks: Mapping[str, CountryFramework], lang: str) -> TableBlock:
    """The framework facts a theme draws on, country by country, with every caveat as a footnote."""
    paths = list(THEME_FACTS.get(theme, ()))
    if theme == "eu_vs_third_country" and any("national" in fw.groups() for fw in frameworks.values()):
        paths += ["national.public_provider", "national.services.specialised_shelters"]
    return facts_table(f"fw-theme-{theme.replace('_', '-')}", text("cap_theme_facts", lang,
                       theme=vocabulary().theme_label(theme, lang)), paths, frameworks, lang,
                       units={"reflection_period.days": "days"}, short=True)


def framework_target(path: str) -> str:
    """The id of the table a fact path is shown in (for evidence links)."""
    if path.startswith(("reflection_period", "legal_status_access")):
        return "fw-legal"
    if path.startswith("permit"):
        return "fw-permit"
    if path.startswith("third_country"):
        return "fw-services-third-country"
    if path.startswith("eu"):
        return "fw-services-eu"
    if path.startswith("national"):
        return "fw-services-national"
    return "frameworks"
