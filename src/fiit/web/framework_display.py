"""A country framework as a reader sees it: every fact with its source, every count with its totals.

Turns a :class:`~fiit.frameworks.CountryFramework` into plain structures for
the framework pages. Nothing is dropped or smoothed over: an unknown value is
shown as "unknown" with its note, a count the seed does not print is shown as
unknown, computed totals stand beside printed totals, and every result of
:func:`~fiit.frameworks.check_totals` is listed, mismatches included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from fiit.frameworks import CountryFramework, CountSeries, Fact, TotalCheck, check_totals
from fiit.frameworks.model import ACCESS_ROUTES, GROUPS, SERIES_TABLES, SERVICE_KEYS, pick
from fiit.vocabulary import vocabulary
from fiit.web.languages import vocabulary_label

# One name per framework aspect, shared with the reports (fiit/vocabulary/data/framework_aspects.yaml).
LABELS = {aspect.path: vocabulary_label(aspect.label) for aspect in vocabulary().framework_aspects}
GROUP_TITLES = {group.code: vocabulary_label(group.label) for group in vocabulary().framework_groups}
TABLE_TITLES = {
    "permits_issued": gettext_lazy("Residence permits issued, by year and category"),
    "identified_victims": gettext_lazy("Identified victims"),
    "victims_by_gender": gettext_lazy("Victims by gender"),
    "victims_by_exploitation": gettext_lazy("Victims by form of exploitation"),
    "narrative_figures": gettext_lazy("Figures given in the report's text"),
}


def text_in(text: dict[str, str] | None, lang: str) -> tuple[str, str]:
    """(text, language it is in): the text in ``lang``, else English, else any."""
    if not text:
        return "", lang
    for code in (lang, "en"):
        if text.get(code):
            return text[code], code
    code, value = next(iter(text.items()))
    return value, code


def value_text(value: Any, unit: str | None = None) -> str:
    if value is None:
        return _("unknown")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, int) and unit == "days":
        return ngettext("%(count)d day", "%(count)d days", value) % {"count": value}
    if isinstance(value, int) and unit == "months":
        return ngettext("%(count)d month", "%(count)d months", value) % {"count": value}
    return str(value)


@dataclass
class FactView:
    path: str
    label: str
    value: str
    known: bool
    kind: str  # "yes", "no", "unknown" or "value": for styling
    text: str
    text_lang: str
    note: str | None
    source: str


def fact_view(path: str, fact: Fact, lang: str, label: str | None = None, unit: str | None = None) -> FactView:
    text, text_lang = text_in(fact.text, lang)
    if fact.value is None:
        kind = "unknown"
    elif isinstance(fact.value, bool):
        kind = "yes" if fact.value else "no"
    else:
        kind = "value"
    return FactView(
        path=path,
        label=label if label is not None else str(LABELS.get(path, path)),
        value=value_text(fact.value, unit),
        known=fact.value is not None,
        kind=kind,
        text=text,
        text_lang=text_lang,
        note=" ".join(x for x in (fact.note_in(lang), disputed_line(fact, lang)) if x) or None,
        source=fact.source,
    )


def disputed_line(fact: Fact, lang: str) -> str:
    """Why another source disputes the value the seed states, in the page's language ("" if nobody does)."""
    if not fact.disputed:
        return ""
    return _("Disputed: %(reason)s") % {"reason": pick(fact.disputed, lang)}


def stage_views(fw: CountryFramework, lang: str) -> list[FactView]:
    out = []
    for i, stage in enumerate(fw.permit.stages):
        name, _name_lang = text_in(stage.name, lang)
        out.append(fact_view(f"permit.stages[{i}].duration_months", stage.duration_months, lang, label=name,
                             unit="months"))
    return out


def group_facts(fw: CountryFramework, group: str, lang: str) -> list[FactView]:
    support = getattr(fw, group)
    facts = [
        fact_view(f"{group}.public_provider", support.public_provider, lang, str(LABELS["public_provider"])),
        fact_view(f"{group}.private_provider", support.private_provider, lang, str(LABELS["private_provider"])),
    ]
    for key in SERVICE_KEYS:
        facts.append(fact_view(f"{group}.services.{key}", getattr(support.services, key), lang,
                               str(LABELS[f"services.{key}"])))
    facts.append(fact_view(f"{group}.assisted_voluntary_return", support.assisted_voluntary_return, lang,
                           str(LABELS["assisted_voluntary_return"])))
    return facts


def fact_sections(fw: CountryFramework, lang: str) -> list[dict[str, Any]]:
    """Every fact of the framework, grouped as on the page."""
    rp = fw.reflection_period
    sections = [
        {"id": "reflection", "title": _("Reflection period"), "facts": [
            fact_view("reflection_period.days", rp.days, lang, unit="days"),
            fact_view("reflection_period.formal", rp.formal, lang),
            fact_view("reflection_period.applied", rp.applied, lang),
        ]},
        {"id": "status", "title": _("Access to a legal status"), "facts": [
            fact_view(f"legal_status_access.{route}", getattr(fw.legal_status_access, route), lang)
            for route in ACCESS_ROUTES
        ]},
        {"id": "permit", "title": _("Residence permit"), "facts": [
            *stage_views(fw, lang),
            fact_view("permit.renewal", fw.permit.renewal, lang),
            fact_view("permit.conversion", fw.permit.conversion, lang),
        ]},
    ]
    for group in fw.groups():
        sections.append({"id": f"support-{group}", "title": str(GROUP_TITLES[group]),
                         "facts": group_facts(fw, group, lang)})
    return sections


# -- count tables --------------------------------------------------------------------------


@dataclass
class Cell:
    value: int | None
    note: str | None
    listed: bool  # False: this series has no row for the period


@dataclass
class ColumnTotals:
    label: str
    computed: int | None
    printed: int | None
    unknown_periods: list[str]
    source: str
    note: str | None

    @property
    def status(self) -> str:
        """'match', 'mismatch', 'unchecked' (nothing to compare) or 'none' (no printed total)."""
        if self.printed is None:
            return "none"
        if self.computed is None:
            return "unchecked"
        return "match" if self.computed == self.printed else "mismatch"


@dataclass
class CountTable:
    table: str
    title: str
    columns: list[ColumnTotals]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)

    @property
    def has_printed(self) -> bool:
        return any(c.printed is not None for c in self.columns)


def count_table(table: str, series: list[CountSeries], lang: str) -> CountTable:
    periods: list[str] = []
    for s in series:
        for p in s.periods():
            if p not in periods:
                periods.append(p)
    columns = [
        ColumnTotals(
            label=text_in(s.label, lang)[0] or s.category,
            computed=s.computed_total(),
            printed=s.printed_total,
            unknown_periods=s.unknown_periods(),
            source=s.source,
            note=s.note_in(lang),
        )
        for s in series
    ]
    rows = []
    for period in periods:
        cells = []
        for s in series:
            row = s.row(period)
            cells.append(Cell(None, None, False) if row is None else Cell(row.value, row.note_in(lang), True))
        rows.append((period, cells))
    return CountTable(table=table, title=str(TABLE_TITLES.get(table, table)), columns=columns, rows=rows)


def count_tables(fw: CountryFramework, lang: str) -> list[CountTable]:
    return [count_table(t, fw.series(t), lang) for t in SERIES_TABLES if fw.series(t)]


@dataclass
class CheckView:
    kind: str
    series: str
    period: str | None
    computed: int | None
    printed: int | None
    status: str  # "match", "mismatch" or "unchecked"
    message: str


STATUS_ORDER = {"mismatch": 0, "unchecked": 1, "match": 2}


def check_views(fw: CountryFramework) -> list[CheckView]:
    """Every check of the totals, mismatches first, then those that cannot be made, then the matches."""
    out = []
    for check in check_totals(fw):
        out.append(CheckView(
            kind=check.kind, series=check.series, period=check.period,
            computed=check.computed, printed=check.printed,
            status=check_status(check), message=check.message,
        ))
    return sorted(out, key=lambda c: STATUS_ORDER[c.status])


def check_status(check: TotalCheck) -> str:
    if check.ok:
        return "match"
    if check.computed is None or check.printed is None:
        return "unchecked"
    return "mismatch"


# -- comparison ---------------------------------------------------------------------------------


def comparison_rows(frameworks: list[CountryFramework], lang: str) -> list[dict[str, Any]]:
    """Topics down the side, countries across: each cell a FactView (or a list for permit stages)."""

    def row(path: str, get, unit: str | None = None, group: str = "") -> dict[str, Any]:
        return {"label": str(LABELS[path]), "group": group, "kind": "fact",
                "cells": [fact_view(path, get(fw), lang, unit=unit) for fw in frameworks]}

    reflection = _("Reflection period")
    status = _("Access to a legal status")
    permit = _("Residence permit")
    avr = str(LABELS["assisted_voluntary_return"])
    rows = [
        row("reflection_period.days", lambda fw: fw.reflection_period.days, "days", reflection),
        row("reflection_period.formal", lambda fw: fw.reflection_period.formal, None, reflection),
        row("reflection_period.applied", lambda fw: fw.reflection_period.applied, None, reflection),
    ]
    for route in ACCESS_ROUTES:
        rows.append(row(f"legal_status_access.{route}",
                        lambda fw, r=route: getattr(fw.legal_status_access, r), None, status))
    rows.append({"label": _("Duration"), "group": permit, "kind": "stages",
                 "cells": [stage_views(fw, lang) for fw in frameworks]})
    rows.append(row("permit.renewal", lambda fw: fw.permit.renewal, None, permit))
    rows.append(row("permit.conversion", lambda fw: fw.permit.conversion, None, permit))
    for group in GROUPS:
        rows.append({"label": str(GROUP_TITLES[group]), "group": avr, "kind": "fact",
                     "cells": [fact_view(f"{group}.assisted_voluntary_return",
                                         getattr(fw, group).assisted_voluntary_return, lang)
                               for fw in frameworks]})
    return rows
